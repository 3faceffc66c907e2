/**
 * Board speed: random playouts per second from the empty board, one thread.
 * @module
 */
import { createRng } from "../../core/index.js";
import { BLACK, Board } from "./Board.js";
import { playoutRandom } from "./playout.js";
import { quickMargin } from "./scoring.js";

/** One speed measurement. */
export interface PlayoutSpeed {
  size: number;
  playouts: number;
  seconds: number;
  playoutsPerSecond: number;
  /** Mean moves per playout (passes included). */
  movesPerPlayout: number;
  /** Share of playouts Black won under Tromp-Taylor with `komi`. */
  blackWinRate: number;
  komi: number;
  seed: number | string;
}

/** Runs random playouts (with Tromp-Taylor counting) on an empty `size` board for about `seconds`. */
export function measurePlayoutSpeed(size: number, seconds = 2, seed: number | string = 1, komi = 7.5): PlayoutSpeed {
  const rng = createRng(seed);
  const rand = playoutRandom(rng.nextUint32());
  const base = new Board(size);
  const b = new Board(size);
  let playouts = 0;
  let moves = 0;
  let blackWins = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < 64; i++) {
      b.copyFrom(base);
      moves += b.playout(BLACK, rand);
      if (quickMargin(b, komi) > 0) blackWins++;
      playouts++;
    }
    elapsed = performance.now() - t0;
  }
  const s = elapsed / 1000;
  return {
    size,
    playouts,
    seconds: s,
    playoutsPerSecond: playouts / s,
    movesPerPlayout: moves / playouts,
    blackWinRate: blackWins / playouts,
    komi,
    seed,
  };
}
