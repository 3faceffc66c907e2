/**
 * Seeded randomness. Every algorithm that needs randomness takes an {@link Rng} (or a seed) and never
 * calls `Math.random()`, so that a recorded seed reproduces a run exactly.
 * @module
 */

/** A deterministic pseudo-random generator (xoshiro128**), seeded by a number or a readable string. */
export interface Rng {
  /** The seed this generator was created from, for recording in results. */
  readonly seed: number | string;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n). `n` must be a positive integer. */
  int(n: number): number;
  /** Standard normal sample (mean 0, variance 1). */
  normal(): number;
  /** Picks one element uniformly. Throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
  /** Samples an index from unnormalised non-negative weights. */
  weighted(weights: ArrayLike<number>): number;
  /** An independent generator derived from this one's seed and `label`; does not advance this one. */
  fork(label: string | number): Rng;
}

/** 32-bit hash of a string (cyrb53 folded), used to turn readable seeds into state. */
function hashString(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * xoshiro128** state and step, shared by the core {@link Rng} and {@link UniformStream}. The fill
 * methods run the step on local variables in a tight loop (about 3× faster than a call per number).
 */
abstract class Xoshiro128State {
  protected a = 0;
  protected b = 0;
  protected c = 0;
  protected d = 0;

  protected setState(a: number, b: number, c: number, d: number): void {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /**
   * Fills `out[0 .. count)` with uniform integers in [0, n), unbiased: Lemire's multiply-and-reject for
   * n ≤ 2²¹ (exact in doubles), rejection with a modulo above. `n` must be an integer in [1, 2³²].
   * Returns `out`.
   */
  fillIndices<T extends Uint32Array | Int32Array | Float64Array>(out: T, n: number, count = out.length): T {
    if (!(n >= 1 && n <= 0x100000000) || !Number.isInteger(n))
      throw new RangeError(`fillIndices needs an integer n in [1, 2^32], got ${n}`);
    return this.fill(out, n, count);
  }

  /** Fills `out[0 .. count)` with uniform 32-bit unsigned integers; the same numbers as `count` calls of {@link nextUint32}. */
  fillUint32(out: Uint32Array, count = out.length): Uint32Array {
    return this.fill(out, 0, count);
  }

  /** The one hot loop: the xoshiro128** step on local state; n = 0 keeps raw uint32s. */
  private fill<T extends Uint32Array | Int32Array | Float64Array>(out: T, n: number, count: number): T {
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
    const lemire = n > 0 && n <= 0x200000;
    const threshold = n === 0 ? 0 : lemire ? 4294967296 % n : 4294967296 - (4294967296 % n);
    for (let i = 0; i < count; ) {
      const x = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      if (n === 0) out[i++] = x;
      else if (lemire) {
        const m = x * n;
        const hi = Math.floor(m / 4294967296);
        if (m - hi * 4294967296 >= threshold) out[i++] = hi;
      } else if (x < threshold) out[i++] = x % n;
    }
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return out;
  }
}

/**
 * A fast stream of uniform numbers for hot loops (resampling, Monte Carlo): its own xoshiro128** state,
 * drawn from a seeded {@link Rng} (so results still depend only on the seed), read in bulk with
 * `fillIndices` / `fillUint32` or one at a time with `nextUint32` / `index`.
 * @example
 * const draw = new UniformStream(createRng(seed));
 * const idx = draw.fillIndices(new Uint32Array(4096), n); // 4096 uniform indices in [0, n)
 */
export class UniformStream extends Xoshiro128State {
  private readonly one = new Uint32Array(1);
  constructor(rng: Rng) {
    super();
    this.setState(rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32());
  }
  /** One uniform integer in [0, n) (see {@link fillIndices}). */
  index(n: number): number {
    return this.fillIndices(this.one, n, 1)[0] as number;
  }
}

class Xoshiro128 extends Xoshiro128State implements Rng {
  readonly seed: number | string;
  private spareNormal: number | undefined;

  constructor(seed: number | string) {
    super();
    this.seed = seed;
    const base = typeof seed === "number" ? (Number.isInteger(seed) ? seed >>> 0 : hashString(String(seed))) : hashString(seed);
    const mix = splitmix32(base ^ (typeof seed === "number" ? Math.floor(seed / 2 ** 32) : 0x5bd1e995));
    this.setState(mix(), mix(), mix(), mix());
  }

  next(): number {
    // 53 random bits → [0, 1)
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`rng.int needs a positive integer, got ${n}`);
    if (n <= 0x100000000) {
      // rejection sampling for an unbiased result
      const limit = 0x100000000 - (0x100000000 % n);
      for (;;) {
        const x = this.nextUint32();
        if (x < limit) return x % n;
      }
    }
    return Math.floor(this.next() * n);
  }

  normal(): number {
    if (this.spareNormal !== undefined) {
      const s = this.spareNormal;
      this.spareNormal = undefined;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("rng.pick needs a non-empty array");
    return items[this.int(items.length)] as T;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }

  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += Math.max(0, weights[i] as number);
    if (!(total > 0)) throw new RangeError("rng.weighted needs at least one positive weight");
    let r = this.next() * total;
    let last = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = Math.max(0, weights[i] as number);
      if (w > 0) last = i;
      r -= w;
      if (r < 0) return i;
    }
    return last;
  }

  fork(label: string | number): Rng {
    return new Xoshiro128(`${String(this.seed)}/${String(label)}`);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * Creates an independent generator. The same seed always gives the same sequence.
 * @param seed - an integer or a readable string such as `"test-7"`. Defaults to `0`.
 * @example createRng(42).int(10) // always the same number
 */
export function createRng(seed: number | string = 0): Rng {
  return new Xoshiro128(seed);
}
