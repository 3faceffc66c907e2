/**
 * chrF (Popović 2015) exactly as sacreBLEU 2 computes it with its defaults: character n-grams of
 * orders 1–6 with whitespace removed, β = 2, no word n-grams, no epsilon smoothing. The corpus score
 * sums n-gram statistics over all sentences before computing precision and recall.
 * @module
 */

/** chrF statistics of one or more sentences: `[hypCount, refCount, matches]` per order 1..6, flattened. */
export type ChrfStats = number[];

/** Character n-gram order. */
export const CHRF_ORDER = 6;
/** Recall weight β. */
export const CHRF_BETA = 2;

function ngramCounts(chars: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const g = chars.slice(i, i + n).join("");
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** chrF statistics of one hypothesis against one reference. */
export function chrfStats(hypothesis: string, reference: string): ChrfStats {
  const hyp = [...hypothesis.split(/\s+/).join("")];
  const ref = [...reference.split(/\s+/).join("")];
  const stats: number[] = [];
  for (let n = 1; n <= CHRF_ORDER; n++) {
    const h = ngramCounts(hyp, n);
    const r = ngramCounts(ref, n);
    let match = 0;
    for (const [g, c] of h) match += Math.min(c, r.get(g) ?? 0);
    stats.push(Math.max(0, hyp.length - n + 1), Math.max(0, ref.length - n + 1), match);
  }
  return stats;
}

/** Element-wise sum of statistics (for the corpus score). */
export function addChrfStats(a: ChrfStats, b: ChrfStats): ChrfStats {
  return a.length === 0 ? [...b] : a.map((x, i) => x + (b[i] ?? 0));
}

/** chrF (0–100) from statistics: precision and recall averaged over the orders with n-grams on both sides, then F-β. */
export function chrfFromStats(stats: ChrfStats): number {
  const eps = 1e-16;
  const factor = CHRF_BETA ** 2;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let i = 0; i < CHRF_ORDER; i++) {
    const nHyp = stats[3 * i] ?? 0;
    const nRef = stats[3 * i + 1] ?? 0;
    const nMatch = stats[3 * i + 2] ?? 0;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effective++;
    }
  }
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * ((1 + factor) * avgPrec * avgRec)) / (factor * avgPrec + avgRec);
}

/**
 * Corpus chrF of hypotheses against references (one reference each).
 * @example corpusChrf(["The cat sat."], ["The cat sat down."])
 */
export function corpusChrf(hypotheses: readonly string[], references: readonly string[]): number {
  let total: ChrfStats = [];
  hypotheses.forEach((h, i) => {
    total = addChrfStats(total, chrfStats(h, references[i] ?? ""));
  });
  return chrfFromStats(total);
}
