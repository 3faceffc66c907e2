/**
 * Accepted ranges of adversarial Go's inputs that both faces share: the board sizes, komi, and the caps
 * on an SGF replayed for someone else (the web page), which bound the work one request can cause.
 * @module
 */
import type { NumberLimit } from "../../core/index.js";
import { MAX_SIZE, MIN_SIZE } from "./Board.js";

/** Accepted ranges. */
export const GO_LIMITS = {
  /** Board size (lines). */
  size: { min: MIN_SIZE, max: MAX_SIZE, integer: true },
  /** Komi, points (at most the whole 25×25 board either way). */
  komi: { min: -(MAX_SIZE * MAX_SIZE), max: MAX_SIZE * MAX_SIZE },
  /** Moves (passes included) of a replayed SGF: a 19×19 game rarely passes 400; the bench games stay under 250. */
  replayMoves: { min: 0, max: 1000, integer: true },
  /** Bytes of a replayed SGF (the page's request body). */
  replayBytes: { min: 0, max: 256 * 1024, integer: true },
} as const satisfies Record<string, NumberLimit>;
