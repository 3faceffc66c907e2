/**
 * The bootstrap checked against hand computation: the exact resampling distribution of a two-paper
 * stratum, and the coverage of the 95% intervals over simulated data sets with a known true share.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRng } from "../../src/core/index.js";
import { analyzeWorks, bootstrapIntervals, type CitationCore } from "../../src/systems/citation-separation/index.js";
import { author, work } from "./fixtures.js";

/** Two US citing papers of one year: paper 0 cites one US work, paper 1 one Chinese work. π = (¾, ¼, 0, 0). */
function twoPaperCore(): CitationCore {
  const table = {
    n: 2,
    keys: Float64Array.from([1, 2]),
    years: Int16Array.from([2020, 2020]),
    cls: Uint8Array.from([0, 0]),
    weights: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0]),
    index: new Map([
      [1, 0],
      [2, 1],
    ]),
    unassignedReasons: {
      "no-affiliation": 0,
      "unknown-country": 0,
      "only-multinationals": 0,
      "has-multinational": 0,
      "first-author-unresolved": 0,
    },
  };
  const out = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0]);
  const edges = { references: 2, outOfSet: 0, selfCitations: 0, inSet: 2, counted: 2, droppedMixed: 0, droppedUnassigned: 0 };
  return { table, out, edges };
}

describe("bootstrap against hand computation", () => {
  // A replicate's S[us][us] is the fraction of its draws that are paper 0.
  // Multinomial (2 draws): S ∈ {0, ½, 1} with P = ¼, ½, ¼ → CDF 0.25, 0.75, 1.
  // Poisson: K₀, K₁ ~ Poisson(1), S = K₀ / (K₀ + K₁) given K₀ + K₁ > 0 (else the replicate is NaN
  // and left out). Summing the Poisson pmf by hand: P(S = 0) = e⁻¹(1 − e⁻¹)/(1 − e⁻²) ≈ 0.269,
  // CDF just below ⅓ ≈ 0.304, at ⅓ ≈ 0.385; just below ⅔ ≈ 0.615, at ⅔ ≈ 0.696; below 1 ≈ 0.731.
  // So the 20%/80% percentiles are 0 and 1 for both; the 35%/65% ones are ½, ½ (multinomial) and
  // ⅓, ⅔ (Poisson), each more than 4 standard errors from a CDF step with 4000 replicates.
  const cases = { multinomial: [0.5, 0.5], poisson: [1 / 3, 2 / 3] } as const;
  for (const method of ["multinomial", "poisson"] as const) {
    test(`${method}: percentiles of a two-paper stratum`, () => {
      const core = twoPaperCore();
      const pool = [0.75, 0.25, 0, 0];
      const wide = bootstrapIntervals(core, pool, { replicates: 4000, seed: 3, method, level: 0.6 });
      const narrow = bootstrapIntervals(core, pool, { replicates: 4000, seed: 3, method, level: 0.3 });
      assert.equal(wide.method, method);
      assert.deepEqual([...wide.shares.subarray(0, 2)], [0, 1], "S[us][us] 20%–80%");
      const [lo, hi] = cases[method];
      const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;
      const [nlo, nhi] = narrow.shares.subarray(0, 2) as unknown as [number, number];
      assert.ok(close(nlo, lo) && close(nhi, hi), `S[us][us] 35%–65%: [${nlo}, ${nhi}], expected [${lo}, ${hi}]`);
      // S[us][cn] = 1 − S[us][us]: its percentiles mirror
      const [clo, chi] = narrow.shares.subarray(2, 4) as unknown as [number, number];
      assert.ok(close(clo, 1 - hi) && close(chi, 1 - lo), `S[us][cn]: [${clo}, ${chi}]`);
      // ratios are the shares over the fixed π: S[us][cn] / ¼, S[us][us] / ¾
      assert.deepEqual([...wide.ratios.subarray(2, 4)], [0, 4]);
      const [rlo, rhi] = narrow.ratios.subarray(0, 2) as unknown as [number, number];
      assert.ok(close(rlo, lo / 0.75) && close(rhi, hi / 0.75));
      // the year series of a one-year input equals the overall one
      assert.deepEqual([...(wide.yearShares.get(2020) as Float64Array)], [...wide.shares]);
    });
  }
});

/** 50 US papers of 2019 that each cite one US work and 50 of 2020 that each cite one Chinese work. */
function twoYearCore(): CitationCore {
  const n = 100;
  const core = twoPaperCore();
  const years = Int16Array.from({ length: n }, (_, i) => (i < 50 ? 2019 : 2020));
  const weights = new Float64Array(4 * n);
  const out = new Float64Array(4 * n);
  for (let i = 0; i < n; i++) {
    weights[4 * i] = 1;
    out[4 * i + (i < 50 ? 0 : 1)] = 1;
  }
  const index = new Map(Array.from({ length: n }, (_, i) => [i + 1, i] as [number, number]));
  return {
    ...core,
    table: { ...core.table, n, keys: Float64Array.from(index.keys()), years, cls: new Uint8Array(n), weights, index },
    out,
  };
}

describe("bootstrap strata", () => {
  // Every replicate keeps 50 papers per year (multinomial: by construction; poisson: by rescaling),
  // so the pooled S[us][us] is exactly ½ in every replicate, and each year's share is 1 or 0.
  for (const method of ["multinomial", "poisson"] as const) {
    test(`${method}: years keep their weights in the pooled statistics`, () => {
      const b = bootstrapIntervals(twoYearCore(), [1, 0, 0, 0], { replicates: 300, seed: 9, method });
      for (const v of b.shares.subarray(0, 4)) assert.ok(Math.abs(v - 0.5) < 1e-12, `pooled S[us][us|cn] bound ${v} ≠ ½`);
      assert.deepEqual([...(b.yearShares.get(2019) as Float64Array).subarray(0, 4)], [1, 1, 0, 0]);
      assert.deepEqual([...(b.yearShares.get(2020) as Float64Array).subarray(0, 4)], [0, 0, 1, 1]);
    });
  }
});

/**
 * A data set with a known truth: 20 US and 20 Chinese cited works (2019, no references) and 60 US
 * citing papers (2020) with 8 references each. Half the citing papers send each reference to a US
 * work with probability 0.4, half with 1.0 (citations cluster within papers), so the true
 * S[us][us] is 0.7 and, with π_us = 80/100 fixed by design, the true ratio is 0.875.
 */
function simulated(seed: number) {
  const rng = createRng(seed);
  const works = [];
  for (let i = 0; i < 20; i++) works.push(work(1000 + i, 2019, [author("first", "US")], []));
  for (let i = 0; i < 20; i++) works.push(work(2000 + i, 2019, [author("first", "CN")], []));
  for (let i = 0; i < 60; i++) {
    const p = rng.next() < 0.5 ? 0.4 : 1;
    const refs = Array.from({ length: 8 }, () => (rng.next() < p ? 1000 : 2000) + rng.int(20));
    works.push(work(3000 + i, 2020, [author("first", "US")], refs));
  }
  return works;
}

describe("bootstrap coverage (fixed seeds)", () => {
  for (const method of ["multinomial", "poisson"] as const) {
    test(`${method}: the 95% intervals cover the true share and ratio in about 95% of 60 data sets`, async () => {
      let shareHits = 0;
      let ratioHits = 0;
      let width = 0;
      const sets = 60;
      for (let s = 0; s < sets; s++) {
        const r = await analyzeWorks(simulated(100 + s), { bootstrap: 200, seed: s + 1, bootstrapMethod: method });
        assert.equal(r.pool.us, 0.8);
        assert.ok(r.ci?.shares.us.us && r.ci.ratios.us.us, "intervals exist");
        const [lo, hi] = r.ci.shares.us.us;
        const [rlo, rhi] = r.ci.ratios.us.us;
        if (lo <= 0.7 && 0.7 <= hi) shareHits++;
        width += hi - lo;
        if (rlo <= 0.875 && 0.875 <= rhi) ratioHits++;
      }
      // Binomial(60, 0.95) lies in [51, 60] with probability > 0.999; a bootstrap that resampled
      // citations instead of papers would cover only about two thirds here.
      assert.ok(shareHits >= 51, `share coverage ${shareHits}/${sets}`);
      assert.equal(ratioHits, shareHits, "π is fixed, so ratio and share intervals cover together");
      // and not by being too wide: the paper-level variance of the estimate is
      // (Var p + E[p(1 − p)]/8)/60 = (0.09 + 0.015)/60, so a 95% interval is about 2·1.96·0.0418 ≈ 0.164 wide
      const mean = width / sets;
      assert.ok(mean > 0.13 && mean < 0.2, `mean width ${mean}`);
    });
  }
});
