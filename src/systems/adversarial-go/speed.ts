/**
 * Board speed: random playouts per second from the empty board, one thread.
 * @module
 */
import { loadavg } from "node:os";
import { createRng } from "../../core/index.js";
import { BLACK, Board } from "./Board.js";
import { playoutRandom } from "./playout.js";
import { quickMargin } from "./scoring.js";

/** One speed measurement. */
export interface PlayoutSpeed {
  size: number;
  playouts: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** Playouts per wall-clock second (what a user waits for; drops when other processes share the cores). */
  playoutsPerSecond: number;
  /** CPU seconds this process used meanwhile (user + system). */
  cpuSeconds: number;
  /** Playouts per CPU second: the board's own speed, less sensitive to the machine's load. */
  playoutsPerCpuSecond: number;
  /** Mean moves per playout (passes included). */
  movesPerPlayout: number;
  /** Share of playouts Black won under Tromp-Taylor with `komi`. */
  blackWinRate: number;
  komi: number;
  seed: number | string;
  /** The machine's 1-minute load average when the measurement ended (0 where the OS has none). */
  loadAverage: number;
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
  const cpu0 = process.cpuUsage();
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
  const cpu = process.cpuUsage(cpu0);
  const s = elapsed / 1000;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    size,
    playouts,
    seconds: s,
    playoutsPerSecond: playouts / s,
    cpuSeconds,
    playoutsPerCpuSecond: playouts / Math.max(cpuSeconds, 1e-6),
    movesPerPlayout: moves / playouts,
    blackWinRate: blackWins / playouts,
    komi,
    seed,
    loadAverage: loadavg()[0] ?? 0,
  };
}
