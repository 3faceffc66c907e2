import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import type { ProgressEvent } from "../../src/core/index.js";
import { analyzeCitationFiles, analyzeWorks, type CitationAnalysis, regionGraph } from "../../src/systems/citation-separation/index.js";
import { tempDir } from "../utils/tmp.js";
import { handFixture, w9 } from "./fixtures.js";

const close = (a: number | null, b: number, eps = 1e-12) => assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≠ ${b}`);

function checkBase(r: CitationAnalysis): void {
  // papers: W1, W2 us; W3, W4 cn; W5 eu; W6 mixed; W7 unassigned
  assert.deepEqual(r.papers, { us: 2, cn: 2, eu: 1, other: 0, mixed: 1, unassigned: 1 });
  assert.equal(r.unassignedReasons["no-affiliation"], 1);
  // edges: us→us W1→W2, W2→W1; us→cn W1→W3, W2→W4; us→eu W1→W5; cn→cn W3→W4, W4→W3; cn→us W3→W1; eu→us W5→W1, W5→W2
  assert.deepEqual(r.matrix, {
    us: { us: 2, cn: 2, eu: 1, other: 0 },
    cn: { us: 1, cn: 2, eu: 0, other: 0 },
    eu: { us: 2, cn: 0, eu: 0, other: 0 },
    other: { us: 0, cn: 0, eu: 0, other: 0 },
  });
  // 15 references; W99 out of set; dropped mixed: W4→W6, W5→W6, W6→W1; dropped unassigned: W7→W1
  assert.deepEqual(r.edges, {
    references: 15,
    outOfSet: 1,
    selfCitations: 0,
    inSet: 14,
    counted: 10,
    droppedMixed: 3,
    droppedUnassigned: 1,
  });
  // π = (2, 2, 1, 0) / 5
  assert.deepEqual(r.pool, { us: 0.4, cn: 0.4, eu: 0.2, other: 0 });
  close(r.shares.us.cn, 0.4);
  close(r.shares.cn.cn, 2 / 3);
  close(r.shares.eu.us, 1);
  assert.equal(r.shares.other.us, null);
  close(r.ratios.us.us, 1);
  close(r.ratios.cn.us, 1 / 3 / 0.4);
  close(r.ratios.cn.cn, 2 / 3 / 0.4);
  close(r.ratios.eu.us, 2.5);
  assert.equal(r.ratios.us.other, null, "π_other = 0 → no ratio");
  // E-I: us (3 − 2)/5, cn (1 − 2)/3, eu (2 − 0)/2
  close(r.homophily.eiIndex.us, 0.2);
  close(r.homophily.eiIndex.cn, -1 / 3);
  close(r.homophily.eiIndex.eu, 1);
  // assortativity: trace .4, Σ a_i b_i = .5·.5 + .3·.4 + .2·.1 = .39 → (.4 − .39)/(1 − .39)
  close(r.homophily.assortativity, 0.01 / 0.61);
  // column shares: cited us column = (2, 1, 2)/5
  close(r.columnShares.cn.us, 0.2);
  assert.equal(r.invalidLines, 0);
}

describe("hand-computed fixture", () => {
  for (const engine of ["memory", "graph", "duckdb"] as const) {
    test(`unanimous: counts, shares, ratios, E-I and assortativity (${engine} engine)`, async () => {
      checkBase(await analyzeWorks(handFixture(), { engine, bootstrap: 0 }));
    });
  }

  test("yearly series split by the citing paper's year", async () => {
    const r = await analyzeWorks(handFixture(), { bootstrap: 0 });
    assert.deepEqual(
      r.years.map((y) => y.year),
      [2020, 2021],
    );
    const y2020 = r.years[0]!;
    // 2020 citing papers: W1 (us→us, cn, eu), W3 (cn→cn, us), W5 (eu→us ×2)
    assert.deepEqual(y2020.matrix.us, { us: 1, cn: 1, eu: 1, other: 0 });
    assert.deepEqual(y2020.matrix.eu, { us: 2, cn: 0, eu: 0, other: 0 });
    assert.deepEqual(y2020.papers, { us: 1, cn: 1, eu: 1, other: 0, mixed: 0, unassigned: 0 });
    assert.deepEqual(r.years[1]!.papers, { us: 1, cn: 1, eu: 0, other: 0, mixed: 1, unassigned: 1 });
  });

  test("fractional policy splits W6 (½ us, ½ cn) and W9 (⅔ us, ⅓ cn)", async () => {
    for (const engine of ["memory", "duckdb", "graph"] as const) {
      const r = await analyzeWorks([...handFixture(), w9()], { policy: "fractional", engine, bootstrap: 0 });
      close(r.papers.us, 2 + 0.5 + 2 / 3);
      close(r.papers.cn, 2 + 0.5 + 1 / 3);
      assert.equal(r.papers.mixed, 0);
      assert.equal(r.multiRegion, 2);
      // base + W4→W6 (cn: +½ us, +½ cn), W5→W6 (eu: +½, +½), W6→W1 (us +½, cn +½ at us), W9→W1 (us +⅔, cn +⅓ at us)
      close(r.matrix.us.us, 2 + 0.5 + 2 / 3, 1e-9);
      close(r.matrix.cn.us, 1 + 0.5 + 0.5 + 1 / 3, 1e-9);
      close(r.matrix.cn.cn, 2.5, 1e-9);
      close(r.matrix.eu.us, 2.5, 1e-9);
      close(r.matrix.eu.cn, 0.5, 1e-9);
      assert.equal(r.edges.counted, 14);
      assert.equal(r.edges.droppedUnassigned, 1);
    }
  });

  test("first-author policy gives W6 to its first (US) author", async () => {
    const r = await analyzeWorks(handFixture(), { policy: "first-author", bootstrap: 0 });
    assert.deepEqual(r.papers, { us: 3, cn: 2, eu: 1, other: 0, mixed: 0, unassigned: 1 });
    assert.deepEqual(r.matrix.us, { us: 3, cn: 2, eu: 1, other: 0 });
    assert.deepEqual(r.matrix.cn, { us: 2, cn: 2, eu: 0, other: 0 });
    assert.deepEqual(r.matrix.eu, { us: 3, cn: 0, eu: 0, other: 0 });
  });

  test("majority policy: W9 (2 of 3 authors US) is us, W6 (1–1) stays mixed", async () => {
    const r = await analyzeWorks([...handFixture(), w9()], { policy: "majority", bootstrap: 0 });
    assert.deepEqual(r.papers, { us: 3, cn: 2, eu: 1, other: 0, mixed: 1, unassigned: 1 });
    assert.equal(r.matrix.us.us, 3);
  });

  test("a year window removes works from the set and turns references to them into out-of-set ones", async () => {
    const r = await analyzeWorks(handFixture(), { years: [2020, 2020], bootstrap: 0 });
    assert.deepEqual(r.papers, { us: 1, cn: 1, eu: 1, other: 0, mixed: 0, unassigned: 0 });
    assert.equal(r.input.outsideYears, 4);
    // W1→W3, W1→W5, W3→W1, W5→W1 remain
    assert.equal(r.edges.counted, 4);
    assert.equal(r.edges.references, 4 + 2 + 3);
    assert.equal(r.edges.outOfSet, 5);
  });

  test("JSONL and gzipped JSONL give the same result; bad lines are counted with their line numbers", async () => {
    const dir = tempDir();
    const lines = handFixture().map((w) => JSON.stringify(w));
    lines.splice(2, 0, "{broken", "", "[1,2]", JSON.stringify({ title: "no id" }), JSON.stringify(handFixture()[0]));
    const text = `\ufeff${lines.join("\r\n")}`; // BOM and CRLF as some exporters write them
    writeFileSync(join(dir, "w.jsonl"), text);
    writeFileSync(join(dir, "w.jsonl.gz"), gzipSync(text));
    for (const f of ["w.jsonl", "w.jsonl.gz"]) {
      const r = await analyzeCitationFiles([join(dir, f)], { bootstrap: 0 });
      checkBase(Object.assign(r, { invalidLines: 0 }));
      assert.equal(r.input.malformedJson, 1);
      assert.equal(r.input.notAnObject, 1);
      assert.equal(r.input.missingId, 1);
      assert.equal(r.input.duplicates, 1);
      assert.deepEqual(
        r.invalidSamples.map((s) => [s.line, s.reason]),
        [
          [3, "malformed-json"],
          [5, "not-an-object"],
          [6, "missing-id"],
        ],
      );
    }
  });

  test("a self-citation is counted and left out of the matrix", async () => {
    const works = handFixture();
    works[0]!.referenced_works!.push("https://openalex.org/W1");
    const r = await analyzeWorks(works, { bootstrap: 0 });
    assert.equal(r.edges.selfCitations, 1);
    assert.equal(r.matrix.us.us, 2);
  });

  test("the region graph carries the matrix; progress never goes backwards and ends with done", async () => {
    const dir = tempDir();
    const path = join(dir, "w.jsonl");
    writeFileSync(
      path,
      handFixture()
        .map((w) => JSON.stringify(w))
        .join("\n"),
    );
    const events: ProgressEvent[] = [];
    const r = await analyzeCitationFiles([path], { bootstrap: 20, onProgress: (e) => events.push(e) });
    const g = regionGraph(r);
    assert.equal(g.order, 4);
    assert.equal(g.size, 16);
    assert.equal(g.getEdgeAttribute("us->cn", "count"), 2);
    assert.equal(g.getNodeAttribute("eu", "papers"), 1);
    const last = new Map<string, number>();
    for (const e of events) {
      if (e.kind !== "step") continue;
      assert.ok(e.done >= (last.get(e.label) ?? 0), `${e.label} went backwards`);
      last.set(e.label, e.done);
    }
    const labels = new Set(events.filter((e) => e.kind === "start").map((e) => e.label));
    assert.deepEqual([...labels], ["read works", "resolve citations", "bootstrap"]);
    for (const l of labels)
      assert.ok(
        events.some((e) => e.kind === "done" && e.label === l),
        `${l} done`,
      );
  });
});
