/**
 * Baseline for bench/adversarial-go-speed.bench.ts: the typed-array board exactly as committed before the
 * playout speed-up (commit 30f25e1, `src/systems/adversarial-go/Board.ts`), with its speed loop, so the
 * bench can print new/old ratios measured in the same run. Not part of the library.
 * @module
 */
import { InvalidInputError } from "../src/core/index.js";

/** Point colours. `EDGE` marks the padding around the board. */
export const EMPTY = 0;
export const BLACK = 1;
export const WHITE = 2;
export const EDGE = 3;
/** A stone colour. */
export type Color = 1 | 2;
/** The pass move, in the board's point numbering. */
export const PASS = -1;

/** The other colour. */
export function opponent(c: Color): Color {
  return (3 - c) as Color;
}

/** Smallest and largest supported board sizes. */
export const MIN_SIZE = 2;
export const MAX_SIZE = 25;

const zobristCache = new Map<number, { lo: Uint32Array; hi: Uint32Array }>();
/** Deterministic Zobrist keys per board area (two 32-bit halves per point and colour). */
function zobristKeys(area: number): { lo: Uint32Array; hi: Uint32Array } {
  let keys = zobristCache.get(area);
  if (!keys) {
    let s = 0x9e3779b9 ^ area;
    const next = () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 15), z | 1);
      z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
      return (z ^ (z >>> 14)) >>> 0;
    };
    const lo = new Uint32Array(area * 3);
    const hi = new Uint32Array(area * 3);
    for (let i = 0; i < lo.length; i++) {
      lo[i] = next();
      hi[i] = next() & 0x1fffff;
    }
    keys = { lo, hi };
    zobristCache.set(area, keys);
  }
  return keys;
}

/** Result of {@link Board.play}: false when the move is illegal on this board (nothing changed). */
export type PlayResult = boolean;

/**
 * The board. Points are indices into a padded `(size+2)^2` grid; use {@link Board.pt} and
 * {@link Board.xy} to convert from and to 0-based `(x, y)` with `y = 0` at the top row.
 */
export class BaselineBoard {
  readonly size: number;
  /** Row stride of the padded grid (`size + 2`). */
  readonly stride: number;
  /** Number of cells in the padded grid. */
  readonly area: number;
  readonly color: Uint8Array;
  /** Chain representative of each stone. */
  readonly head: Int32Array;
  /** Next stone of the same chain (circular list). */
  readonly next: Int32Array;
  /** Pseudo-liberties (stone, empty-neighbour pairs) per chain head. */
  readonly libs: Int32Array;
  /** Stones per chain head. */
  readonly stones: Int32Array;
  /** Empty points, in no particular order, with the index of each point in it. */
  readonly empties: Int32Array;
  readonly emptyIndex: Int32Array;
  emptyCount = 0;
  /** Simple-ko point forbidden for the next move, or -1. */
  ko = -1;
  /** Zobrist hash halves of the stone configuration. */
  hashLo = 0;
  hashHi = 0;
  /** False while a playout runs: playouts need no position hashes (the hash is stale afterwards). */
  private hashing = true;
  /** Neighbour offsets. */
  readonly dirs: Int32Array;
  private readonly zLo: Uint32Array;
  private readonly zHi: Uint32Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
      throw new InvalidInputError(
        `Unsupported board size ${size}: use an integer from ${MIN_SIZE} to ${MAX_SIZE} (9, 13 or 19 are usual).`,
      );
    }
    this.size = size;
    this.stride = size + 2;
    this.area = this.stride * this.stride;
    this.color = new Uint8Array(this.area).fill(EDGE);
    this.head = new Int32Array(this.area);
    this.next = new Int32Array(this.area);
    this.libs = new Int32Array(this.area);
    this.stones = new Int32Array(this.area);
    this.empties = new Int32Array(size * size);
    this.emptyIndex = new Int32Array(this.area).fill(-1);
    this.dirs = Int32Array.from([1, -1, this.stride, -this.stride]);
    const keys = zobristKeys(this.area);
    this.zLo = keys.lo;
    this.zHi = keys.hi;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const p = this.pt(x, y);
        this.color[p] = EMPTY;
        this.emptyIndex[p] = this.emptyCount;
        this.empties[this.emptyCount++] = p;
      }
    }
  }

  /** Point index of 0-based column `x`, row `y` (row 0 at the top). */
  pt(x: number, y: number): number {
    return (y + 1) * this.stride + x + 1;
  }
  /** 0-based `[x, y]` of a point. */
  xy(p: number): [number, number] {
    return [(p % this.stride) - 1, Math.floor(p / this.stride) - 1];
  }
  /** True for a point on the board (not padding). */
  onBoard(p: number): boolean {
    return p >= 0 && p < this.area && this.color[p] !== EDGE;
  }
  /** The position key for superko: 53-bit integer from the Zobrist halves. */
  get key(): number {
    return this.hashHi * 4294967296 + this.hashLo;
  }

  /** An independent copy. */
  clone(): BaselineBoard {
    const b = new BaselineBoard(this.size);
    b.copyFrom(this);
    return b;
  }
  /** Overwrites this board with `o` (same size). */
  copyFrom(o: BaselineBoard): void {
    this.color.set(o.color);
    this.head.set(o.head);
    this.next.set(o.next);
    this.libs.set(o.libs);
    this.stones.set(o.stones);
    this.empties.set(o.empties);
    this.emptyIndex.set(o.emptyIndex);
    this.emptyCount = o.emptyCount;
    this.ko = o.ko;
    this.hashing = true;
    this.hashLo = o.hashLo;
    this.hashHi = o.hashHi;
  }

  private removeEmpty(p: number): void {
    const i = this.emptyIndex[p] as number;
    const last = this.empties[--this.emptyCount] as number;
    this.empties[i] = last;
    this.emptyIndex[last] = i;
    this.emptyIndex[p] = -1;
  }
  private addEmpty(p: number): void {
    this.emptyIndex[p] = this.emptyCount;
    this.empties[this.emptyCount++] = p;
  }
  private toggleHash(p: number, c: number): void {
    if (!this.hashing) return;
    const k = p * 3 + c;
    this.hashLo = (this.hashLo ^ (this.zLo[k] as number)) >>> 0;
    this.hashHi = (this.hashHi ^ (this.zHi[k] as number)) >>> 0;
  }

  /**
   * What a stone of colour `c` at empty point `p` would do to itself: 0 it keeps a liberty or
   * captures, 1 single-stone suicide, 2 multi-stone suicide.
   */
  suicideKind(p: number, c: Color): 0 | 1 | 2 {
    const color = this.color;
    const s = this.stride;
    // Fast path: an empty neighbour is a liberty.
    if (color[p + 1] === EMPTY || color[p - 1] === EMPTY || color[p + s] === EMPTY || color[p - s] === EMPTY) return 0;
    const o = 3 - c;
    let friends = 0;
    for (let d = 0; d < 4; d++) {
      const n = p + (this.dirs[d] as number);
      const nc = color[n];
      if (nc === EMPTY) return 0;
      if (nc === EDGE) continue;
      const h = this.head[n] as number;
      // Count how many adjacencies of p touch chain h: it loses them all when p is filled.
      let touch = 0;
      for (let e = 0; e < 4; e++) {
        const m = p + (this.dirs[e] as number);
        if (color[m] === nc && this.head[m] === h) touch++;
      }
      const left = (this.libs[h] as number) - touch;
      if (nc === o) {
        if (left === 0) return 0; // captures
      } else {
        friends++;
        if (left > 0) return 0; // connects to a chain with another liberty
      }
    }
    return friends === 0 ? 1 : 2;
  }

  /**
   * Plays colour `c` at `p`. Returns false (board unchanged) for an occupied point, the simple-ko point,
   * a single-stone suicide, or a multi-stone suicide when `allowSuicide` is false. Multi-stone suicide
   * (Tromp-Taylor legal) removes the suicided chain.
   */
  play(p: number, c: Color, allowSuicide = true): PlayResult {
    if (this.color[p] !== EMPTY || p === this.ko) return false;
    const kind = this.suicideKind(p, c);
    if (kind === 1 || (kind === 2 && !allowSuicide)) return false;
    this.place(p, c);
    return true;
  }

  /** Places a stone without legality checks beyond what `place` needs (p must be empty). */
  private place(p: number, c: Color): void {
    const color = this.color;
    const head = this.head;
    const libs = this.libs;
    const o = 3 - c;
    color[p] = c;
    this.removeEmpty(p);
    this.toggleHash(p, c);
    head[p] = p;
    this.next[p] = p;
    this.stones[p] = 1;
    let lib = 0;
    let captured = 0;
    let capturedPoint = -1;
    for (let d = 0; d < 4; d++) {
      const n = p + (this.dirs[d] as number);
      const nc = color[n];
      if (nc === EMPTY) {
        lib++;
      } else if (nc !== EDGE) {
        const hn = head[n] as number;
        libs[hn] = (libs[hn] as number) - 1;
      }
    }
    libs[p] = lib;
    for (let d = 0; d < 4; d++) {
      const n = p + (this.dirs[d] as number);
      if (color[n] === c && head[n] !== head[p]) this.merge(head[p] as number, head[n] as number);
    }
    for (let d = 0; d < 4; d++) {
      const n = p + (this.dirs[d] as number);
      if (color[n] === o && libs[head[n] as number] === 0) {
        const h = head[n] as number;
        captured += this.stones[h] as number;
        capturedPoint = n;
        this.removeChain(h);
      }
    }
    const h = head[p] as number;
    if (libs[h] === 0) {
      this.removeChain(h); // multi-stone suicide
      this.ko = -1;
      return;
    }
    this.ko = captured === 1 && this.stones[h] === 1 && libs[h] === 1 ? capturedPoint : -1;
  }

  private merge(a: number, b: number): void {
    // Merge the smaller chain into the larger.
    let big = a;
    let small = b;
    if ((this.stones[a] as number) < (this.stones[b] as number)) {
      big = b;
      small = a;
    }
    let q = small;
    do {
      this.head[q] = big;
      q = this.next[q] as number;
    } while (q !== small);
    const t = this.next[big] as number;
    this.next[big] = this.next[small] as number;
    this.next[small] = t;
    this.libs[big] = (this.libs[big] as number) + (this.libs[small] as number);
    this.stones[big] = (this.stones[big] as number) + (this.stones[small] as number);
  }

  private removeChain(h: number): void {
    const color = this.color;
    const c = color[h] as number;
    let q = h;
    do {
      color[q] = EMPTY;
      this.addEmpty(q);
      this.toggleHash(q, c);
      q = this.next[q] as number;
    } while (q !== h);
    q = h;
    do {
      for (let d = 0; d < 4; d++) {
        const n = q + (this.dirs[d] as number);
        const nc = color[n];
        if (nc === BLACK || nc === WHITE) {
          const hn = this.head[n] as number;
          this.libs[hn] = (this.libs[hn] as number) + 1;
        }
      }
      q = this.next[q] as number;
    } while (q !== h);
  }

  /** True if `p` is an empty point whose neighbours are all `c` (or edge) and is not a false eye. */
  isEye(p: number, c: Color): boolean {
    const color = this.color;
    const s = this.stride;
    if (color[p + 1] !== c && color[p + 1] !== EDGE) return false;
    if (color[p - 1] !== c && color[p - 1] !== EDGE) return false;
    if (color[p + s] !== c && color[p + s] !== EDGE) return false;
    if (color[p - s] !== c && color[p - s] !== EDGE) return false;
    const o = 3 - c;
    let bad = 0;
    let edge = 0;
    const d0 = color[p + s + 1];
    const d1 = color[p + s - 1];
    const d2 = color[p - s + 1];
    const d3 = color[p - s - 1];
    if (d0 === o) bad++;
    else if (d0 === EDGE) edge = 1;
    if (d1 === o) bad++;
    else if (d1 === EDGE) edge = 1;
    if (d2 === o) bad++;
    else if (d2 === EDGE) edge = 1;
    if (d3 === o) bad++;
    else if (d3 === EDGE) edge = 1;
    return bad + edge < 2;
  }

  /**
   * Picks and plays a uniformly random legal move for `c` that does not fill its own eye, without
   * multi-stone suicide. Returns the point, or {@link PASS} when there is none.
   */
  playRandom(c: Color, rand: () => number): number {
    let n = this.emptyCount;
    while (n > 0) {
      const i = (rand() * n) | 0;
      const p = this.empties[i] as number;
      if (p !== this.ko && !this.isEye(p, c) && this.suicideKind(p, c) === 0) {
        this.place(p, c);
        return p;
      }
      // Move the rejected point behind the candidate window.
      n--;
      const q = this.empties[n] as number;
      this.empties[n] = p;
      this.emptyIndex[p] = n;
      this.empties[i] = q;
      this.emptyIndex[q] = i;
    }
    return PASS;
  }

  /**
   * Plays random moves from here until both sides pass (or `maxMoves`), starting with `toPlay`.
   * Returns the number of moves played. The board is left in the final position.
   */
  playout(toPlay: Color, rand: () => number, maxMoves = this.size * this.size * 3): number {
    this.hashing = false;
    try {
      return this.playoutMoves(toPlay, rand, maxMoves);
    } finally {
      this.hashing = true;
    }
  }
  /** Turns hashing off (for a playout) or back on; with it off, {@link Board.key} is stale. */
  setHashing(on: boolean): void {
    this.hashing = on;
  }

  private playoutMoves(toPlay: Color, rand: () => number, maxMoves: number): number {
    let c = toPlay;
    let passes = 0;
    let moves = 0;
    while (passes < 2 && moves < maxMoves) {
      const p = this.playRandom(c, rand);
      passes = p === PASS ? passes + 1 : 0;
      moves++;
      c = (3 - c) as Color;
    }
    return moves;
  }

  /** Number of liberties (exact, not pseudo) of the chain at `p`. */
  liberties(p: number): number {
    return this.libertyPoints(p).length;
  }
  /** The distinct liberty points of the chain at `p`. */
  libertyPoints(p: number): number[] {
    const h = this.head[p] as number;
    const seen = new Set<number>();
    let q = h;
    do {
      for (let d = 0; d < 4; d++) {
        const n = q + (this.dirs[d] as number);
        if (this.color[n] === EMPTY) seen.add(n);
      }
      q = this.next[q] as number;
    } while (q !== h);
    return [...seen];
  }
  /** The stones of the chain at `p`. */
  chainPoints(p: number): number[] {
    const out: number[] = [];
    const h = this.head[p] as number;
    let q = h;
    do {
      out.push(q);
      q = this.next[q] as number;
    } while (q !== h);
    return out;
  }
  /** Every on-board point, row by row from the top. */
  points(): number[] {
    const out: number[] = [];
    for (let y = 0; y < this.size; y++) for (let x = 0; x < this.size; x++) out.push(this.pt(x, y));
    return out;
  }
}

/** Tromp-Taylor margin of a finished position (flood fill per empty region), as `quickMargin` computes it. */
function baselineMargin(b: BaselineBoard, komi: number): number {
  const seen = new Uint8Array(b.area);
  const stack: number[] = [];
  let score = 0;
  for (let y = 0; y < b.size; y++) {
    for (let x = 0; x < b.size; x++) {
      const p = b.pt(x, y);
      const c = b.color[p];
      if (c === BLACK) score++;
      else if (c === WHITE) score--;
      else if (!seen[p]) {
        let reach = 0;
        let count = 0;
        seen[p] = 1;
        stack.push(p);
        while (stack.length) {
          const q = stack.pop() as number;
          count++;
          for (let d = 0; d < 4; d++) {
            const n = q + (b.dirs[d] as number);
            const nc = b.color[n];
            if (nc === EMPTY && !seen[n]) {
              seen[n] = 1;
              stack.push(n);
            } else if (nc === BLACK) reach |= 1;
            else if (nc === WHITE) reach |= 2;
          }
        }
        if (reach === 1) score += count;
        else if (reach === 2) score -= count;
      }
    }
  }
  return score - komi;
}

/** The committed speed loop (`measurePlayoutSpeed`) on the baseline board: playouts per second. */
export function baselinePlayoutSpeed(
  size: number,
  seconds: number,
  rand: () => number,
  komi = 7.5,
): { playouts: number; seconds: number; cpuSeconds: number; movesPerPlayout: number; blackWinRate: number } {
  const base = new BaselineBoard(size);
  const b = new BaselineBoard(size);
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
      if (baselineMargin(b, komi) > 0) blackWins++;
      playouts++;
    }
    elapsed = performance.now() - t0;
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    playouts,
    seconds: elapsed / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    movesPerPlayout: moves / playouts,
    blackWinRate: blackWins / playouts,
  };
}

/** The committed playout generator (xorshift32 in a captured `let`), for the baseline's playouts. */
export function baselinePlayoutRandom(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}
