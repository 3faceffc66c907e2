/**
 * Playout policies for MCTS leaves: uniformly random non-eye-filling moves, or a light policy that
 * first captures a chain the previous move left in atari.
 * @module
 */
import { type Board, type Color, EMPTY, PASS, type RandomSource } from "./Board.js";

/**
 * A fast uniform [0, 1) generator for playouts (xorshift32), seeded from a seeded {@link Rng}: playouts
 * draw millions of numbers, so they skip the general generator's per-call overhead.
 */
export function playoutRandom(seed: number): RandomSource {
  // The state lives in a typed array, not a captured `let`: a captured int32 outside the small-integer
  // range is boxed on every store, which made each draw allocate. The board's playout loop reads the
  // same state directly (`xorshift32`) and draws the same numbers without calling this function.
  const state = new Uint32Array(1);
  state[0] = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    let s = state[0] as number;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    state[0] = s;
    return (s >>> 0) / 4294967296;
  };
  return Object.assign(next, { xorshift32: state });
}

/** Which playout policy a search uses. */
export type PlayoutPolicy = "random" | "light";

/** Plays one light-policy move: capture a chain next to the last move that has one liberty, else random. */
function lightMove(board: Board, c: Color, last: number, rand: RandomSource): number {
  if (last !== PASS) {
    const o = 3 - c;
    for (let d = 0; d < 4; d++) {
      const n = last + (board.dirs[d] as number);
      if (board.color[n] !== o) continue;
      const h = board.head[n] as number;
      if ((board.libs[h] as number) > 3) continue;
      const p = board.atariLiberty(h);
      if (p >= 0) {
        if (p !== board.ko && board.color[p] === EMPTY && board.suicideKind(p, c) === 0 && board.play(p, c, false)) return p;
      }
    }
  }
  return board.playRandom(c, rand);
}

/**
 * Plays the board out to two passes (or `maxMoves`) with `policy`, starting with `toPlay`. `lastMove`
 * is the move that led to this position (for the light policy). Returns the number of moves. The
 * board's position hash is not maintained during the playout.
 */
export function runPlayout(
  board: Board,
  toPlay: Color,
  policy: PlayoutPolicy,
  rand: RandomSource,
  lastMove = PASS,
  maxMoves = board.size * board.size * 3,
): number {
  if (policy === "random") return board.playout(toPlay, rand, maxMoves);
  board.setHashing(false); // the board is thrown away after the playout
  let c = toPlay;
  let passes = 0;
  let moves = 0;
  let last = lastMove;
  while (passes < 2 && moves < maxMoves) {
    const p = lightMove(board, c, last, rand);
    passes = p === PASS ? passes + 1 : 0;
    last = p;
    moves++;
    c = (3 - c) as Color;
  }
  board.setHashing(true);
  return moves;
}
