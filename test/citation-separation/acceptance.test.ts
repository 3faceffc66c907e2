/**
 * Acceptance: planted counts are recovered exactly from synthetic OpenAlex-shaped inputs with
 * out-of-set references, unassignable papers, mixed papers, multinational affiliations, works outside
 * the year window, duplicates and malformed lines. The truth comes from the generator's own plan,
 * not from the analysis code.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { analyzeCitationFiles, REGIONS, writeSyntheticWorks } from "../../src/systems/citation-separation/index.js";
import { tempDir } from "../utils/tmp.js";

describe("synthetic acceptance", () => {
  const dir = tempDir();
  const path = join(dir, "works.jsonl");
  const years: [number, number] = [2012, 2021];
  let truthPromise: ReturnType<typeof writeSyntheticWorks> | undefined;
  const truth = () => (truthPromise ??= writeSyntheticWorks(path, { works: 1500, seed: 11, years }));

  for (const engine of ["memory", "duckdb", "graph"] as const) {
    test(`planted counts recovered exactly (${engine} engine)`, async () => {
      const t = await truth();
      const r = await analyzeCitationFiles([path], { years, engine, bootstrap: 0 });
      assert.deepEqual(r.papers, t.papers);
      assert.deepEqual(r.matrix, t.matrix);
      const { selfCitations, ...edges } = r.edges;
      assert.equal(selfCitations, 0);
      assert.deepEqual(edges, t.edges);
      assert.equal(r.input.malformedJson, t.malformedJson);
      assert.equal(r.input.missingId, t.missingId);
      assert.equal(r.input.duplicates, t.duplicates);
      assert.equal(r.input.outsideYears, t.outsideYears);
      assert.equal(r.input.records, t.lines);
      assert.equal(r.invalidLines, t.malformedJson + t.missingId);
      for (const y of r.years) assert.deepEqual(y.matrix, t.yearMatrices[String(y.year)], `year ${y.year}`);
      // sanity of the plant: the generator makes mixed, unassigned and out-of-set cases
      assert.ok(t.papers.mixed > 0 && t.papers.unassigned > 0 && t.edges.outOfSet > 0 && t.malformedJson > 0);
    });
  }

  test("with multinational affiliations dropped, the planted second truth is recovered", async () => {
    const t = await truth();
    const r = await analyzeCitationFiles([path], { years, multinationalMode: "drop-affiliation", bootstrap: 0 });
    assert.deepEqual(r.papers, t.papersWithoutMultinationals);
    assert.deepEqual(r.matrix, t.matrixWithoutMultinationals);
    assert.notDeepEqual(t.papers, t.papersWithoutMultinationals, "the plant must make the flag matter");
  });

  test("the planted homophily shows: own-region ratios above 1, us↔cn below 1", async () => {
    await truth();
    const r = await analyzeCitationFiles([path], { years, bootstrap: 200, seed: 5 });
    for (const a of REGIONS) assert.ok((r.ratios[a][a] as number) > 1, `${a}→${a}`);
    assert.ok((r.ratios.us.cn as number) < 1 && (r.ratios.cn.us as number) < 1);
    // intervals: contain the point estimate, recorded seed, and reproducible
    const ci = r.ci!;
    assert.equal(ci.seed, 5);
    assert.equal(ci.replicates, 200);
    for (const a of REGIONS) {
      for (const b of REGIONS) {
        const iv = ci.shares[a][b]!;
        const s = r.shares[a][b]!;
        assert.ok(iv[0] <= s + 1e-9 && s - 1e-9 <= iv[1], `${a}→${b}: ${s} not in ${iv}`);
      }
    }
    const again = await analyzeCitationFiles([path], { years, bootstrap: 200, seed: 5 });
    assert.deepEqual(again.ci, r.ci);
    const other = await analyzeCitationFiles([path], { years, bootstrap: 200, seed: 6 });
    assert.notDeepEqual(other.ci?.shares, r.ci?.shares);
    const y = r.years.at(-1)!;
    assert.ok(y.ci && y.ci.shares.us.us !== null);
  });

  test("the same seed writes the same file", async () => {
    await truth();
    const again = join(dir, "again.jsonl");
    await writeSyntheticWorks(again, { works: 1500, seed: 11, years });
    assert.equal(readFileSync(again, "utf8"), readFileSync(path, "utf8"));
  });
});

describe("bootstrap schemes", () => {
  const dir = tempDir();
  const path = join(dir, "w.jsonl");
  test("poisson and multinomial intervals agree closely and both cover the estimate", async () => {
    await writeSyntheticWorks(path, { works: 3000, seed: 21 });
    const m = await analyzeCitationFiles([path], { years: [2012, 2021], bootstrap: 300, bootstrapMethod: "multinomial" });
    const p = await analyzeCitationFiles([path], { years: [2012, 2021], bootstrap: 300, bootstrapMethod: "poisson" });
    assert.equal(m.ci?.method, "multinomial");
    assert.equal(p.ci?.method, "poisson");
    for (const a of REGIONS) {
      for (const b of REGIONS) {
        const [ml, mh] = m.ci!.shares[a][b]!;
        const [pl, ph] = p.ci!.shares[a][b]!;
        const s = m.shares[a][b]!;
        assert.ok(pl <= s && s <= ph, `poisson ${a}→${b}`);
        // widths within 35% of each other (both estimate the same sampling spread)
        assert.ok(Math.abs((ph - pl) / (mh - ml) - 1) < 0.35, `${a}→${b}: ${ph - pl} vs ${mh - ml}`);
      }
    }
    const auto = await analyzeCitationFiles([path], { years: [2012, 2021], bootstrap: 10 });
    assert.equal(auto.ci?.method, "multinomial", "small inputs use the exact scheme");
  });
});
