/**
 * Bootstrap confidence intervals that resample citing papers (with replacement, within each
 * publication year, so every replicate keeps the yearly paper counts — exactly for `multinomial`,
 * by rescaling for `poisson`). The pool shares π are held
 * fixed: the interval covers sampling of citing papers, not of the cited pool.
 * @module
 */
import { createRng, type OnProgress, progressTask, throwIfAborted, UniformStream } from "../../core/index.js";
import type { CitationCore } from "./citationCore.js";
import { isAssigned } from "./citationCore.js";
import { assortativity, eiIndex, ratios, rowShares } from "./metrics.js";

/** Raw bootstrap output: per statistic, the lower and upper percentile (NaN when undefined). */
export interface BootstrapIntervals {
  replicates: number;
  seed: number | string;
  level: number;
  /** The resampling scheme used (never `auto`). */
  method: "multinomial" | "poisson";
  /** 16 [lo, hi] pairs each, flat. */
  shares: Float64Array;
  ratios: Float64Array;
  /** 4 pairs. */
  eiIndex: Float64Array;
  /** 1 pair. */
  assortativity: Float64Array;
  /** year → 16 share pairs. */
  yearShares: Map<number, Float64Array>;
  /** year → 16 ratio pairs. */
  yearRatios: Map<number, Float64Array>;
}

/** Draws per refill of the index buffer: small enough to stay in cache, large enough to amortise the call. */
const CHUNK = 4096;

/** Type-7 quantile of a sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
}

function intervals(samples: Float64Array, stats: number, replicates: number, level: number): Float64Array {
  const out = new Float64Array(2 * stats);
  const col = new Float64Array(replicates);
  for (let s = 0; s < stats; s++) {
    let k = 0;
    for (let b = 0; b < replicates; b++) {
      const v = samples[b * stats + s] as number;
      if (Number.isFinite(v)) col[k++] = v;
    }
    if (k < replicates / 2) {
      out[2 * s] = Number.NaN;
      out[2 * s + 1] = Number.NaN;
      continue;
    }
    const sorted = col.subarray(0, k).sort();
    out[2 * s] = quantileSorted(sorted, (1 - level) / 2);
    out[2 * s + 1] = quantileSorted(sorted, 1 - (1 - level) / 2);
  }
  return out;
}

/**
 * `multinomial`: each replicate draws n citing papers with replacement (within each year).
 * `poisson`: each paper enters a replicate Poisson(1) times (Hanley & MacGibbon 2006; Chamandy et al.
 * 2012), which walks papers in order instead of at random and so is several times faster on large
 * inputs. A year's Poisson replicate holds Poisson(n_y) papers instead of n_y; it is rescaled to n_y
 * so years keep their weights in the pooled statistics, and every statistic here is a ratio of sums
 * within a year, so the two schemes agree to first order (they differ by O(1/n_y) in a year's
 * replicate size, negligible at the sizes where `auto` picks poisson). A year whose replicate draws
 * no paper (probability e^(−n_y)) adds nothing to that replicate. `auto`: multinomial up to 2·10⁸
 * draws (papers × replicates), else poisson.
 */
export type BootstrapMethod = "auto" | "multinomial" | "poisson";

/** Poisson(1) CDF as uint32 thresholds: P(K ≤ k) · 2³². */
const POISSON1_CDF = (() => {
  const out: number[] = [];
  let p = Math.exp(-1);
  let c = 0;
  for (let k = 0; k < 16; k++) {
    c += p;
    p /= k + 1;
    out.push(Math.min(4294967295, Math.floor(c * 4294967296)));
  }
  return Float64Array.from(out);
})();

/** Adds `times` copies of packed paper k to the 4 × 4 matrix m. */
function addPaper(m: Float64Array, cls: Uint8Array, o: Float64Array, w: Float64Array, k: number, times: number): void {
  const c = cls[k] as number;
  const ok = 4 * k;
  if (c < 4) {
    const base = 4 * c;
    m[base] = (m[base] as number) + times * (o[ok] as number);
    m[base + 1] = (m[base + 1] as number) + times * (o[ok + 1] as number);
    m[base + 2] = (m[base + 2] as number) + times * (o[ok + 2] as number);
    m[base + 3] = (m[base + 3] as number) + times * (o[ok + 3] as number);
    return;
  }
  for (let a = 0; a < 4; a++) {
    const wa = times * (w[ok + a] as number);
    if (wa === 0) continue;
    for (let q = 0; q < 4; q++) m[4 * a + q] = (m[4 * a + q] as number) + wa * (o[ok + q] as number);
  }
}

/** One year's papers, packed: class, out-vector and weights of paper k at k, 4k, 4k. */
interface Stratum {
  year: number;
  n: number;
  cls: Uint8Array;
  o: Float64Array;
  w: Float64Array;
}

/** One stratum of a multinomial replicate: n uniform draws with replacement. */
function replicateMultinomial(m: Float64Array, { n, cls, o, w }: Stratum, draw: UniformStream, buf: Uint32Array): void {
  for (let done = 0; done < n; done += CHUNK) {
    const count = Math.min(CHUNK, n - done);
    draw.fillIndices(buf, n, count);
    for (let i = 0; i < count; i++) addPaper(m, cls, o, w, buf[i] as number, 1);
  }
}

/**
 * One stratum of a Poisson replicate: paper k enters K ~ Poisson(1) times. Returns ΣK, the
 * replicate's number of papers in the stratum (Poisson(n), not n).
 */
function replicatePoisson(m: Float64Array, { n, cls, o, w }: Stratum, draw: UniformStream, buf: Uint32Array): number {
  const t0 = POISSON1_CDF[0] as number;
  const t1 = POISSON1_CDF[1] as number;
  let copies = 0;
  for (let k = 0; k < n; k++) {
    if (k % CHUNK === 0) draw.fillUint32(buf, Math.min(CHUNK, n - k));
    const r = buf[k % CHUNK] as number;
    if (r < t0) continue;
    let times = 1;
    if (r >= t1) {
      times = 2;
      while (times < 15 && r >= (POISSON1_CDF[times] as number)) times++;
    }
    copies += times;
    addPaper(m, cls, o, w, k, times);
  }
  return copies;
}

/** Options of {@link bootstrapIntervals}. */
export interface BootstrapOptions {
  /** Resampling scheme. Defaults to `"auto"`. */
  method?: BootstrapMethod;
  /** Number of replicates. */
  replicates: number;
  /** Seed of the resampling. */
  seed: number | string;
  /** Confidence level. Defaults to 0.95. */
  level?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Resamples the assigned citing papers and returns percentile intervals. */
export function bootstrapIntervals(core: CitationCore, pool: ArrayLike<number>, options: BootstrapOptions): BootstrapIntervals {
  const { table, out } = core;
  const B = options.replicates;
  const level = options.level ?? 0.95;
  const rng = createRng(options.seed);
  // strata by year
  const byYear = new Map<number, number[]>();
  for (let i = 0; i < table.n; i++) {
    if (!isAssigned(table.cls[i] as number)) continue;
    const y = table.years[i] as number;
    let list = byYear.get(y);
    if (!list) {
      list = [];
      byYear.set(y, list);
    }
    list.push(i);
  }
  // each stratum packs its papers' class and out-vector contiguously, so draws hit cache
  const strata = [...byYear.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([year, rows]) => {
      const n = rows.length;
      const cls = new Uint8Array(n);
      const o = new Float64Array(4 * n);
      const w = new Float64Array(4 * n);
      rows.forEach((i, k) => {
        cls[k] = table.cls[i] as number;
        for (let c = 0; c < 4; c++) {
          o[4 * k + c] = out[4 * i + c] as number;
          w[4 * k + c] = table.weights[4 * i + c] as number;
        }
      });
      return { year, n, cls, o, w };
    });
  const seriesYears = strata.filter((s) => s.year > 0).map((s) => s.year);
  const STATS = 16 + 16 + 4 + 1;
  const samples = new Float64Array(B * STATS);
  const yearSamples = new Map<number, { shares: Float64Array; ratios: Float64Array }>(
    seriesYears.map((y) => [y, { shares: new Float64Array(B * 16), ratios: new Float64Array(B * 16) }]),
  );
  const total = new Float64Array(16);
  const m = new Float64Array(16);
  const tmp = new Float64Array(16);
  const tmp2 = new Float64Array(16);
  const tmp4 = new Float64Array(4);
  const draw = new UniformStream(rng);
  const buf = new Uint32Array(CHUNK);
  const drawsPerReplicate = strata.reduce((s, x) => s + x.n, 0);
  const method =
    options.method === undefined || options.method === "auto" ? (drawsPerReplicate * B <= 2e8 ? "multinomial" : "poisson") : options.method;
  const progress = progressTask(options.onProgress, "bootstrap", B, "replicates");
  for (let b = 0; b < B; b++) {
    total.fill(0);
    for (const stratum of strata) {
      const { year, n } = stratum;
      m.fill(0);
      if (method === "poisson") {
        // rescale the stratum to n papers so that, as in the multinomial scheme, every year keeps its
        // weight in the pooled statistics (per-year shares and ratios are unchanged by the scale)
        const copies = replicatePoisson(m, stratum, draw, buf);
        if (copies > 0 && copies !== n) {
          const f = n / copies;
          for (let q = 0; q < 16; q++) m[q] = (m[q] as number) * f;
        }
      } else replicateMultinomial(m, stratum, draw, buf);
      for (let q = 0; q < 16; q++) total[q] = (total[q] as number) + (m[q] as number);
      const ys = yearSamples.get(year);
      if (ys) {
        rowShares(m, tmp);
        ys.shares.set(tmp, b * 16);
        ys.ratios.set(ratios(tmp, pool, tmp2), b * 16);
      }
    }
    const base = b * STATS;
    rowShares(total, tmp);
    samples.set(tmp, base);
    samples.set(ratios(tmp, pool, tmp2), base + 16);
    samples.set(eiIndex(total, tmp4), base + 32);
    samples[base + 36] = assortativity(total);
    if ((b & 7) === 7) {
      throwIfAborted(options.signal);
      progress.set(b + 1);
    }
  }
  progress.set(B);
  progress.done();
  const all = intervals(samples, STATS, B, level);
  const yearShares = new Map<number, Float64Array>();
  const yearRatios = new Map<number, Float64Array>();
  for (const [y, s] of yearSamples) {
    yearShares.set(y, intervals(s.shares, 16, B, level));
    yearRatios.set(y, intervals(s.ratios, 16, B, level));
  }
  return {
    replicates: B,
    seed: options.seed,
    level,
    method,
    shares: all.subarray(0, 32),
    ratios: all.subarray(32, 64),
    eiIndex: all.subarray(64, 72),
    assortativity: all.subarray(72, 74),
    yearShares,
    yearRatios,
  };
}
