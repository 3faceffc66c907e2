/**
 * A game under Tromp-Taylor rules: a {@link Board} plus the whole-board history for positional superko,
 * the player to move, two passes ending the game, and komi. Also GTP vertex conversion.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { BLACK, Board, type Color, opponent, PASS, WHITE } from "./Board.js";
import { scoreTrompTaylor, type TrompTaylorScore } from "./scoring.js";

/** A recorded move: colour and point ({@link PASS} for a pass). */
export interface Move {
  color: Color;
  point: number;
}

const LETTERS = "ABCDEFGHJKLMNOPQRSTUVWXYZ";

/** GTP vertex of a point (`"D4"`, `"pass"`). Columns skip the letter I; row 1 is the bottom. */
export function toVertex(board: Board, p: number): string {
  if (p === PASS) return "pass";
  const [x, y] = board.xy(p);
  return `${LETTERS[x]}${board.size - y}`;
}

/** Parses a GTP vertex (case-insensitive); throws {@link InvalidInputError} naming the problem. */
export function fromVertex(board: Board, vertex: string): number {
  const v = vertex.trim().toUpperCase();
  if (v === "PASS") return PASS;
  const m = /^([A-HJ-Z])(\d{1,2})$/.exec(v);
  if (!m) throw new InvalidInputError(`Bad vertex "${vertex}": expected a column letter (A-T, no I) and a row number, e.g. D4, or "pass".`);
  const x = LETTERS.indexOf(m[1] as string);
  const row = Number(m[2]);
  if (x >= board.size || row < 1 || row > board.size) {
    throw new InvalidInputError(`Vertex "${vertex}" is off the ${board.size}x${board.size} board.`);
  }
  return board.pt(x, board.size - row);
}

/** Parses a GTP colour word. */
export function parseColor(word: string): Color {
  const w = word.trim().toLowerCase();
  if (w === "b" || w === "black") return BLACK;
  if (w === "w" || w === "white") return WHITE;
  throw new InvalidInputError(`Bad colour "${word}": use b, black, w or white.`);
}

/** `"B"` or `"W"`. */
export function colorLetter(c: Color): "B" | "W" {
  return c === BLACK ? "B" : "W";
}

/** A Tromp-Taylor game in progress. */
export class Game {
  board: Board;
  komi: number;
  toPlay: Color = BLACK;
  readonly moves: Move[] = [];
  /** Every whole-board position so far (positional superko). */
  history: Set<number>;
  consecutivePasses = 0;
  private scratch: Board;

  constructor(size: number, komi = 7.5) {
    this.board = new Board(size);
    this.scratch = new Board(size);
    this.komi = komi;
    this.history = new Set([this.board.key]);
  }

  get size(): number {
    return this.board.size;
  }
  /** True after two consecutive passes. */
  get over(): boolean {
    return this.consecutivePasses >= 2;
  }

  /** An independent copy (history included). */
  clone(): Game {
    const g = new Game(this.size, this.komi);
    g.board.copyFrom(this.board);
    g.toPlay = this.toPlay;
    g.moves.push(...this.moves);
    g.history = new Set(this.history);
    g.consecutivePasses = this.consecutivePasses;
    return g;
  }

  /**
   * Whether `color` may play `p` now: pass is always legal; a stone must go on an empty point, not be a
   * single-stone suicide and not recreate an earlier position.
   */
  isLegal(p: number, color: Color = this.toPlay): boolean {
    if (p === PASS) return true;
    if (!this.board.onBoard(p) || this.board.color[p] !== 0) return false;
    this.scratch.copyFrom(this.board);
    this.scratch.ko = -1;
    if (!this.scratch.play(p, color, true)) return false;
    return !this.history.has(this.scratch.key);
  }

  /** Every legal stone move (not pass) for the player to move. */
  legalMoves(color: Color = this.toPlay): number[] {
    const out: number[] = [];
    for (const p of this.board.points()) if (this.board.color[p] === 0 && this.isLegal(p, color)) out.push(p);
    return out;
  }

  /** Plays a move; throws {@link InvalidInputError} if it is illegal. `color` defaults to the player to move. */
  play(p: number, color: Color = this.toPlay): void {
    if (p === PASS) {
      this.consecutivePasses++;
    } else {
      if (!this.isLegal(p, color)) {
        throw new InvalidInputError(
          `Illegal move ${colorLetter(color)} ${toVertex(this.board, p)}: occupied, suicide or a repeated position (positional superko).`,
        );
      }
      this.board.ko = -1;
      this.board.play(p, color, true);
      this.history.add(this.board.key);
      this.consecutivePasses = 0;
    }
    this.board.ko = -1;
    this.moves.push({ color, point: p });
    this.toPlay = opponent(color);
  }

  /** Tromp-Taylor score of the current position. */
  score(): TrompTaylorScore {
    return scoreTrompTaylor(this.board, this.komi);
  }

  /** Replays `moves` on a fresh board of this game's size and komi. */
  static replay(size: number, komi: number, moves: readonly Move[]): Game {
    const g = new Game(size, komi);
    for (const m of moves) g.play(m.point, m.color);
    return g;
  }

  /** ASCII picture of the board (X black, O white), as GTP `showboard` prints it. */
  render(): string {
    const b = this.board;
    const cols = LETTERS.slice(0, b.size).split("").join(" ");
    const lines = [`   ${cols}`];
    for (let y = 0; y < b.size; y++) {
      const row: string[] = [];
      for (let x = 0; x < b.size; x++) {
        const c = b.color[b.pt(x, y)];
        row.push(c === 1 ? "X" : c === 2 ? "O" : ".");
      }
      const n = String(b.size - y).padStart(2);
      lines.push(`${n} ${row.join(" ")} ${n}`);
    }
    lines.push(`   ${cols}`);
    return lines.join("\n");
  }
}
