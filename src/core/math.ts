/**
 * Small numeric helpers shared across systems.
 * @module
 */
import { InvalidInputError } from "./errors.js";

/**
 * Scales `v` in place to unit Euclidean length and returns it; an all-zero vector stays zero.
 * @example l2Normalize(Float32Array.of(3, 4)) // Float32Array [0.6, 0.8]
 */
export function l2Normalize<T extends Float32Array | Float64Array>(v: T): T {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += (v[i] as number) * (v[i] as number);
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / n;
  return v;
}

/**
 * Cosine similarity of two equal-length vectors; 0 when either is all zeros.
 * @throws InvalidInputError when the lengths differ (embeddings from two different models).
 */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new InvalidInputError(`Cannot compare vectors of sizes ${a.length} and ${b.length}: use embeddings from the same model.`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Wilson score interval for `successes` out of `n` trials (95% by default): better behaved than the
 * normal approximation near 0 and 1 and for small `n`. `n = 0` gives `[0, 1]`.
 * @param z - normal quantile of the two-sided level. Defaults to `1.959964` (95%).
 */
export function wilsonInterval(successes: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}
