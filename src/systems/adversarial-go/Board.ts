/**
 * A fast typed-array Go board for 9x9 to 19x19 (any size 2..25 works): padded 1-D grid, chains kept as
 * circular lists with pseudo-liberty counts, incremental Zobrist hashing, an O(1) list of empty points
 * and a random playout that avoids filling single-point eyes. Legality here is local (occupied point,
 * single-stone suicide, simple ko); positional superko is the job of {@link Game}.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";

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

/**
 * A uniform [0, 1) generator for random moves. One made by `playoutRandom` also exposes its xorshift32
 * state as `xorshift32`, so the board's playout loop can draw the same numbers without a call per draw.
 */
export type RandomSource = (() => number) & { readonly xorshift32?: Uint32Array };

/** Result of {@link Board.play}: false when the move is illegal on this board (nothing changed). */
export type PlayResult = boolean;

/**
 * The board. Points are indices into a padded `(size+2)^2` grid; use {@link Board.pt} and
 * {@link Board.xy} to convert from and to 0-based `(x, y)` with `y = 0` at the top row.
 */
export class Board {
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
  /**
   * Neighbour colour counts per point, packed 4 bits per colour: bits 0-3 empty, 4-7 black, 8-11 white,
   * 12-15 edge neighbours (`(nbr[p] >> 4 * colour) & 15`). Kept up to date on every stone placed or
   * removed, so "has an empty neighbour" and "is eye-shaped" are one load.
   */
  readonly nbr: Int32Array;
  /** The buffer behind `head`, `next`, `libs`, `stones`, `emptyIndex`, `nbr` and `empties`. */
  private readonly ints: Int32Array;
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
    // All integer state shares one buffer, so that copying a board is two block copies.
    const a = this.area;
    this.ints = new Int32Array(6 * a + size * size);
    this.head = this.ints.subarray(0, a);
    this.next = this.ints.subarray(a, 2 * a);
    this.libs = this.ints.subarray(2 * a, 3 * a);
    this.stones = this.ints.subarray(3 * a, 4 * a);
    this.emptyIndex = this.ints.subarray(4 * a, 5 * a).fill(-1);
    this.nbr = this.ints.subarray(5 * a, 6 * a);
    this.empties = this.ints.subarray(6 * a);
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
    const s = this.stride;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const p = this.pt(x, y);
        const color = this.color;
        this.nbr[p] =
          (1 << (4 * (color[p + 1] as number))) +
          (1 << (4 * (color[p - 1] as number))) +
          (1 << (4 * (color[p + s] as number))) +
          (1 << (4 * (color[p - s] as number)));
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
  clone(): Board {
    const b = new Board(this.size);
    b.copyFrom(this);
    return b;
  }
  /** Overwrites this board with `o` (same size). */
  copyFrom(o: Board): void {
    this.color.set(o.color);
    this.ints.set(o.ints);
    this.emptyCount = o.emptyCount;
    this.ko = o.ko;
    this.hashing = true;
    this.hashLo = o.hashLo;
    this.hashHi = o.hashHi;
  }

  private toggleHash(p: number, c: number): void {
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
    const n0 = p + 1;
    const n1 = p - 1;
    const n2 = p + s;
    const n3 = p - s;
    const c0 = color[n0] as number;
    const c1 = color[n1] as number;
    const c2 = color[n2] as number;
    const c3 = color[n3] as number;
    // Fast path: an empty neighbour is a liberty.
    if (c0 === EMPTY || c1 === EMPTY || c2 === EMPTY || c3 === EMPTY) return 0;
    const head = this.head;
    const libs = this.libs;
    // Chain head of each neighbour (-1 for the edge), so that adjacencies to one chain count together.
    const h0 = c0 === EDGE ? -1 : (head[n0] as number);
    const h1 = c1 === EDGE ? -1 : (head[n1] as number);
    const h2 = c2 === EDGE ? -1 : (head[n2] as number);
    const h3 = c3 === EDGE ? -1 : (head[n3] as number);
    // A chain keeps `libs - touch` pseudo-liberties once p is filled, where `touch` (1..4) counts its
    // adjacencies to p; more than 4 pseudo-liberties settles it without counting.
    let friends = 0;
    if (h0 >= 0) {
      const l = libs[h0] as number;
      if (c0 === c) {
        if (l > 4 || l > 1 + (h1 === h0 ? 1 : 0) + (h2 === h0 ? 1 : 0) + (h3 === h0 ? 1 : 0)) return 0; // connects to a chain with another liberty
        friends++;
      } else if (l <= 4 && l === 1 + (h1 === h0 ? 1 : 0) + (h2 === h0 ? 1 : 0) + (h3 === h0 ? 1 : 0)) return 0; // captures
    }
    if (h1 >= 0) {
      const l = libs[h1] as number;
      if (c1 === c) {
        if (l > 4 || l > 1 + (h0 === h1 ? 1 : 0) + (h2 === h1 ? 1 : 0) + (h3 === h1 ? 1 : 0)) return 0; // connects to a chain with another liberty
        friends++;
      } else if (l <= 4 && l === 1 + (h0 === h1 ? 1 : 0) + (h2 === h1 ? 1 : 0) + (h3 === h1 ? 1 : 0)) return 0; // captures
    }
    if (h2 >= 0) {
      const l = libs[h2] as number;
      if (c2 === c) {
        if (l > 4 || l > 1 + (h0 === h2 ? 1 : 0) + (h1 === h2 ? 1 : 0) + (h3 === h2 ? 1 : 0)) return 0; // connects to a chain with another liberty
        friends++;
      } else if (l <= 4 && l === 1 + (h0 === h2 ? 1 : 0) + (h1 === h2 ? 1 : 0) + (h3 === h2 ? 1 : 0)) return 0; // captures
    }
    if (h3 >= 0) {
      const l = libs[h3] as number;
      if (c3 === c) {
        if (l > 4 || l > 1 + (h0 === h3 ? 1 : 0) + (h1 === h3 ? 1 : 0) + (h2 === h3 ? 1 : 0)) return 0; // connects to a chain with another liberty
        friends++;
      } else if (l <= 4 && l === 1 + (h0 === h3 ? 1 : 0) + (h1 === h3 ? 1 : 0) + (h2 === h3 ? 1 : 0)) return 0; // captures
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

  /**
   * Places a stone at empty `p` without legality checks: one unrolled pass over the four neighbours
   * (own chains lose the adjacency and merge, opposing chains lose it), then opposing chains at zero
   * pseudo-liberties are captured, then a chain left at zero is removed (multi-stone suicide).
   */
  private place(p: number, c: number): void {
    const color = this.color;
    const head = this.head;
    const libs = this.libs;
    const stones = this.stones;
    const s = this.stride;
    const o = 3 - c;
    const n0 = p + 1;
    const n1 = p - 1;
    const n2 = p + s;
    const n3 = p - s;
    // Remove p from the empty list.
    const ei = this.emptyIndex[p] as number;
    const last = this.empties[--this.emptyCount] as number;
    this.empties[ei] = last;
    this.emptyIndex[last] = ei;
    this.emptyIndex[p] = -1;
    if (this.hashing) this.toggleHash(p, c);
    color[p] = c;
    head[p] = p;
    this.next[p] = p;
    stones[p] = 1;
    const nbr = this.nbr;
    libs[p] = (nbr[p] as number) & 15;
    // Each neighbour loses an empty neighbour and gains a `c` one (edge cells' counts are never read).
    const delta = (1 << (4 * c)) - 1;
    nbr[n0] = (nbr[n0] as number) + delta;
    nbr[n1] = (nbr[n1] as number) + delta;
    nbr[n2] = (nbr[n2] as number) + delta;
    nbr[n3] = (nbr[n3] as number) + delta;
    let atari = false; // some opposing chain reached zero pseudo-liberties
    let nc = color[n0] as number;
    if (nc === c) {
      const h = head[n0] as number;
      libs[h] = (libs[h] as number) - 1;
      if (h !== head[p]) this.merge(head[p] as number, h);
    } else if (nc === o) {
      const h = head[n0] as number;
      const l = (libs[h] as number) - 1;
      libs[h] = l;
      if (l === 0) atari = true;
    }
    nc = color[n1] as number;
    if (nc === c) {
      const h = head[n1] as number;
      libs[h] = (libs[h] as number) - 1;
      if (h !== head[p]) this.merge(head[p] as number, h);
    } else if (nc === o) {
      const h = head[n1] as number;
      const l = (libs[h] as number) - 1;
      libs[h] = l;
      if (l === 0) atari = true;
    }
    nc = color[n2] as number;
    if (nc === c) {
      const h = head[n2] as number;
      libs[h] = (libs[h] as number) - 1;
      if (h !== head[p]) this.merge(head[p] as number, h);
    } else if (nc === o) {
      const h = head[n2] as number;
      const l = (libs[h] as number) - 1;
      libs[h] = l;
      if (l === 0) atari = true;
    }
    nc = color[n3] as number;
    if (nc === c) {
      const h = head[n3] as number;
      libs[h] = (libs[h] as number) - 1;
      if (h !== head[p]) this.merge(head[p] as number, h);
    } else if (nc === o) {
      const h = head[n3] as number;
      const l = (libs[h] as number) - 1;
      libs[h] = l;
      if (l === 0) atari = true;
    }
    let captured = 0;
    let capturedPoint = -1;
    if (atari) {
      // Captures, in neighbour order (the order fixes the empty list and so the random playouts).
      if (color[n0] === o) {
        const h = head[n0] as number;
        if (libs[h] === 0) {
          captured += stones[h] as number;
          capturedPoint = n0;
          this.removeChain(h);
        }
      }
      if (color[n1] === o) {
        const h = head[n1] as number;
        if (libs[h] === 0) {
          captured += stones[h] as number;
          capturedPoint = n1;
          this.removeChain(h);
        }
      }
      if (color[n2] === o) {
        const h = head[n2] as number;
        if (libs[h] === 0) {
          captured += stones[h] as number;
          capturedPoint = n2;
          this.removeChain(h);
        }
      }
      if (color[n3] === o) {
        const h = head[n3] as number;
        if (libs[h] === 0) {
          captured += stones[h] as number;
          capturedPoint = n3;
          this.removeChain(h);
        }
      }
    }
    const h = head[p] as number;
    const lh = libs[h] as number;
    if (lh === 0) {
      this.removeChain(h); // multi-stone suicide
      this.ko = -1;
      return;
    }
    this.ko = captured === 1 && lh === 1 && stones[h] === 1 ? capturedPoint : -1;
  }

  private merge(a: number, b: number): void {
    // Merge the smaller chain into the larger.
    const stones = this.stones;
    const head = this.head;
    const next = this.next;
    let big = a;
    let small = b;
    if ((stones[a] as number) < (stones[b] as number)) {
      big = b;
      small = a;
    }
    let q = small;
    do {
      head[q] = big;
      q = next[q] as number;
    } while (q !== small);
    const t = next[big] as number;
    next[big] = next[small] as number;
    next[small] = t;
    this.libs[big] = (this.libs[big] as number) + (this.libs[small] as number);
    stones[big] = (stones[big] as number) + (stones[small] as number);
  }

  /**
   * Removes the chain at head `h`, in one pass: each stone becomes empty and gives a pseudo-liberty to
   * every neighbouring stone of the other colour (a chain's only other neighbours are its own stones).
   */
  private removeChain(h: number): void {
    const color = this.color;
    const head = this.head;
    const libs = this.libs;
    const next = this.next;
    const empties = this.empties;
    const emptyIndex = this.emptyIndex;
    const s = this.stride;
    const c = color[h] as number;
    const o = 3 - c;
    const hashing = this.hashing;
    const nbr = this.nbr;
    const delta = 1 - (1 << (4 * c));
    let q = h;
    do {
      color[q] = EMPTY;
      nbr[q + 1] = (nbr[q + 1] as number) + delta;
      nbr[q - 1] = (nbr[q - 1] as number) + delta;
      nbr[q + s] = (nbr[q + s] as number) + delta;
      nbr[q - s] = (nbr[q - s] as number) + delta;
      emptyIndex[q] = this.emptyCount;
      empties[this.emptyCount++] = q;
      if (hashing) this.toggleHash(q, c);
      if (color[q + 1] === o) {
        const hn = head[q + 1] as number;
        libs[hn] = (libs[hn] as number) + 1;
      }
      if (color[q - 1] === o) {
        const hn = head[q - 1] as number;
        libs[hn] = (libs[hn] as number) + 1;
      }
      if (color[q + s] === o) {
        const hn = head[q + s] as number;
        libs[hn] = (libs[hn] as number) + 1;
      }
      if (color[q - s] === o) {
        const hn = head[q - s] as number;
        libs[hn] = (libs[hn] as number) + 1;
      }
      q = next[q] as number;
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
    return this.solidEye(p, c);
  }
  /** For an eye-shaped point of `c` (every neighbour `c` or edge): true unless its diagonals make it false. */
  private solidEye(p: number, c: number): boolean {
    const color = this.color;
    const s = this.stride;
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
  playRandom(c: Color, rand: RandomSource): number {
    const st = rand.xorshift32;
    if (st !== undefined) return this.playRandomXorshift(c, st);
    const empties = this.empties;
    let n = this.emptyCount;
    while (n > 0) {
      const i = (rand() * n) | 0;
      const p = empties[i] as number;
      if (this.playable(p, c)) {
        this.place(p, c);
        return p;
      }
      this.reject(i, --n);
    }
    return PASS;
  }

  /**
   * {@link Board.playRandom} drawing from a xorshift32 state in place of a call per draw (same numbers as
   * the generator `playoutRandom` makes; the state is written back, so the generator continues after).
   */
  private playRandomXorshift(c: Color, st: Uint32Array): number {
    const empties = this.empties;
    let x = st[0] as number;
    let n = this.emptyCount;
    while (n > 0) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      const i = (((x >>> 0) / 4294967296) * n) | 0;
      const p = empties[i] as number;
      if (this.playable(p, c)) {
        st[0] = x;
        this.place(p, c);
        return p;
      }
      this.reject(i, --n);
    }
    st[0] = x;
    return PASS;
  }

  /** True when `c` may play at empty `p` in a random playout: legal, no eye fill, no suicide. */
  private playable(p: number, c: number): boolean {
    const nb = this.nbr[p] as number;
    // An empty neighbour makes the move legal and not an eye fill (the ko point never has one).
    if ((nb & 15) !== 0) return true;
    if (p === this.ko) return false;
    if (((nb >> (4 * c)) & 15) + (nb >> 12) === 4 && this.solidEye(p, c)) return false;
    return this.suicideKind(p, c as Color) === 0;
  }

  /** Moves the rejected candidate at index `i` behind the candidate window, which now ends at `n`. */
  private reject(i: number, n: number): void {
    const empties = this.empties;
    const emptyIndex = this.emptyIndex;
    const p = empties[i] as number;
    const q = empties[n] as number;
    empties[n] = p;
    emptyIndex[p] = n;
    empties[i] = q;
    emptyIndex[q] = i;
  }

  /**
   * Plays random moves from here until both sides pass (or `maxMoves`), starting with `toPlay`.
   * Returns the number of moves played. The board is left in the final position.
   */
  playout(toPlay: Color, rand: RandomSource, maxMoves = this.size * this.size * 3): number {
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

  private playoutMoves(toPlay: Color, rand: RandomSource, maxMoves: number): number {
    const st = rand.xorshift32;
    let c = toPlay;
    let passes = 0;
    let moves = 0;
    while (passes < 2 && moves < maxMoves) {
      const p = st !== undefined ? this.playRandomXorshift(c, st) : this.playRandom(c, rand);
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
  /**
   * The only liberty of the chain at `p` when it has exactly one (it is in atari), else -1. Walks the
   * chain without allocating.
   */
  atariLiberty(p: number): number {
    const color = this.color;
    const next = this.next;
    const s = this.stride;
    const h = this.head[p] as number;
    let lib = -1;
    let q = h;
    do {
      for (let d = 0; d < 4; d++) {
        const n = q + (d === 0 ? 1 : d === 1 ? -1 : d === 2 ? s : -s);
        if (color[n] === EMPTY) {
          if (lib === -1) lib = n;
          else if (lib !== n) return -1;
        }
      }
      q = next[q] as number;
    } while (q !== h);
    return lib;
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
