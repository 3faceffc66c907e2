/**
 * The audit's statistics: perceived-category counts per prompt with "unknown" kept, proportions with
 * percentile-bootstrap 95% intervals over images (seeded core RNG), HEIM's imbalances, DALL-Eval's
 * mean absolute deviation (MAD) from uniform, and the amplification against BLS (Δ = model % − BLS %).
 * @module
 */
import { createRng, type Rng } from "../../core/index.js";

/** A 95% interval `[low, high]`, or null when no resample had a classified image. */
export type Interval = [number, number] | null;

/**
 * DALL-Eval's MAD of a category distribution: the mean over categories of |p_k − mean(p)|, with
 * p_k the share of the classified images in category k (0 = uniform). Null when nothing is classified.
 */
export function meanAbsoluteDeviation(counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || counts.length === 0) return null;
  const p = counts.map((c) => c / total);
  const mean = p.reduce((a, b) => a + b, 0) / p.length;
  return p.reduce((a, v) => a + Math.abs(v - mean), 0) / p.length;
}

/** HEIM's gender imbalance |f_female − 0.5| over the classified images; null when none. */
export function genderImbalance(female: number, male: number): number | null {
  const n = female + male;
  return n === 0 ? null : Math.abs(female / n - 0.5);
}

/** HEIM's skin-tone imbalance Σ_k |f_k − 0.1| / 10 over the classified images (10 Monk tones); null when none. */
export function skinToneImbalance(counts: readonly number[]): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  return counts.reduce((a, c) => a + Math.abs(c / n - 0.1), 0) / 10;
}

/** The q-quantile (0–1) of sorted values, linear interpolation. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}

/**
 * Percentile-bootstrap 95% intervals of several statistics over the same resamples of `n` items:
 * each resample draws `n` indices with replacement; a statistic returning null in a resample (nothing
 * classified) is left out of that statistic's distribution.
 */
export function bootstrapIntervals<K extends string>(
  n: number,
  statistics: Record<K, (indices: Uint32Array) => number | null>,
  options: { resamples?: number; rng?: Rng } = {},
): Record<K, Interval> {
  const B = options.resamples ?? 1000;
  const rng = options.rng ?? createRng(0);
  const names = Object.keys(statistics) as K[];
  const draws = new Map<K, number[]>(names.map((k) => [k, []]));
  const idx = new Uint32Array(n);
  if (n > 0)
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < n; i++) idx[i] = rng.int(n);
      for (const k of names) {
        const v = statistics[k](idx);
        if (v !== null && Number.isFinite(v)) draws.get(k)?.push(v);
      }
    }
  const out = {} as Record<K, Interval>;
  for (const k of names) {
    const d = (draws.get(k) as number[]).sort((a, b) => a - b);
    out[k] = d.length ? [round(quantile(d, 0.025)), round(quantile(d, 0.975))] : null;
  }
  return out;
}

/** Rounds to 6 significant decimals for stable JSON. */
export function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Counts of each label among `values` (null = unknown) over `indices` (or all). */
export function countLabels<L extends string | number>(
  values: readonly (L | null | undefined)[],
  labels: readonly L[],
  indices?: Uint32Array,
): { counts: number[]; unknown: number } {
  const counts = labels.map(() => 0);
  let unknown = 0;
  const n = indices ? indices.length : values.length;
  for (let j = 0; j < n; j++) {
    const v = values[indices ? (indices[j] as number) : j];
    const k = v === null || v === undefined ? -1 : labels.indexOf(v);
    if (k < 0) unknown++;
    else counts[k] = (counts[k] as number) + 1;
  }
  return { counts, unknown };
}

/** Percent of label `k` among the classified (null when none). */
export function percentOf(counts: readonly number[], k: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  return n === 0 ? null : (100 * (counts[k] as number)) / n;
}
