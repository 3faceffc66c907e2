/**
 * Region × region arithmetic on a 4 × 4 count matrix (row = citing region, column = cited region):
 * row shares, column shares, observed ÷ expected ratios, the E-I index and Newman's assortativity.
 * Matrices are flat `Float64Array(16)` internally and `{ us: { us, cn, eu, other }, … }` in results.
 * @module
 */
import { REGIONS, type Region } from "./regions.js";

/** A region-keyed record. */
export type RegionRecord<T> = Record<Region, T>;
/** A region × region matrix in result form (`m.us.cn`: row us, column cn). */
export type RegionMatrix<T = number> = Record<Region, Record<Region, T>>;

/** Row sums of a flat 4 × 4 matrix. */
export function rowSums(m: ArrayLike<number>): number[] {
  return [0, 1, 2, 3].map((a) => (m[4 * a] as number) + (m[4 * a + 1] as number) + (m[4 * a + 2] as number) + (m[4 * a + 3] as number));
}

/** `S[a][b] = C[a][b] / Σ_b C[a][b]`; NaN for a row without citations. */
export function rowShares(m: ArrayLike<number>, out = new Float64Array(16)): Float64Array {
  const rs = rowSums(m);
  for (let a = 0; a < 4; a++)
    for (let b = 0; b < 4; b++) out[4 * a + b] = (rs[a] as number) > 0 ? (m[4 * a + b] as number) / (rs[a] as number) : Number.NaN;
  return out;
}

/** `C[a][b] / Σ_a C[a][b]` (who cites region b); NaN for a column without citations. */
export function columnShares(m: ArrayLike<number>): Float64Array {
  const out = new Float64Array(16);
  for (let b = 0; b < 4; b++) {
    let s = 0;
    for (let a = 0; a < 4; a++) s += m[4 * a + b] as number;
    for (let a = 0; a < 4; a++) out[4 * a + b] = s > 0 ? (m[4 * a + b] as number) / s : Number.NaN;
  }
  return out;
}

/** `R[a][b] = S[a][b] / π_b`: above 1, region a cites region b more than its share of the pool. */
export function ratios(shares: ArrayLike<number>, pool: ArrayLike<number>, out = new Float64Array(16)): Float64Array {
  for (let a = 0; a < 4; a++)
    for (let b = 0; b < 4; b++) out[4 * a + b] = (pool[b] as number) > 0 ? (shares[4 * a + b] as number) / (pool[b] as number) : Number.NaN;
  return out;
}

/** Krackhardt's E-I index per citing region: (external − internal) ÷ (external + internal), in [−1, 1]; −1 = only self-citation. */
export function eiIndex(m: ArrayLike<number>, out = new Float64Array(4)): Float64Array {
  const rs = rowSums(m);
  for (let a = 0; a < 4; a++) {
    const internal = m[5 * a] as number;
    const total = rs[a] as number;
    out[a] = total > 0 ? (total - 2 * internal) / total : Number.NaN;
  }
  return out;
}

/** Newman's categorical assortativity r = (Σ e_ii − Σ a_i b_i) ÷ (1 − Σ a_i b_i); 0 = no homophily, 1 = complete separation. */
export function assortativity(m: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < 16; k++) total += m[k] as number;
  if (!(total > 0)) return Number.NaN;
  let trace = 0;
  let ab = 0;
  for (let i = 0; i < 4; i++) {
    trace += (m[5 * i] as number) / total;
    let a = 0;
    let b = 0;
    for (let k = 0; k < 4; k++) {
      a += (m[4 * i + k] as number) / total;
      b += (m[4 * k + i] as number) / total;
    }
    ab += a * b;
  }
  return 1 - ab > 1e-15 ? (trace - ab) / (1 - ab) : Number.NaN;
}

/** Finite numbers pass, NaN/Infinity become null (JSON-safe). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** A flat 4 × 4 matrix as `{ us: { us, cn, eu, other }, … }` (NaN → null unless `keepNaN`). */
export function toRegionMatrix(m: ArrayLike<number>): RegionMatrix<number | null> {
  const out = {} as RegionMatrix<number | null>;
  REGIONS.forEach((a, i) => {
    out[a] = {} as Record<Region, number | null>;
    REGIONS.forEach((b, j) => {
      out[a][b] = finiteOrNull(m[4 * i + j] as number);
    });
  });
  return out;
}

/** A flat 4-vector as a region record (NaN → null). */
export function toRegionRecord(v: ArrayLike<number>): RegionRecord<number | null> {
  const out = {} as RegionRecord<number | null>;
  REGIONS.forEach((r, i) => {
    out[r] = finiteOrNull(v[i] as number);
  });
  return out;
}

/** The inverse of {@link toRegionMatrix}. */
export function fromRegionMatrix(m: RegionMatrix<number | null>): Float64Array {
  const out = new Float64Array(16);
  REGIONS.forEach((a, i) => {
    REGIONS.forEach((b, j) => {
      out[4 * i + j] = m[a][b] ?? Number.NaN;
    });
  });
  return out;
}
