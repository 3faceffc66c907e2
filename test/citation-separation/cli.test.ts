/** The built CLI as a user runs it (npm test builds first). */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createSyntheticDataset, syntheticWorkObjects } from "../../src/systems/citation-separation/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";
import { type FakeOpenAlex, startFakeOpenAlex } from "./openalexServer.js";

describe("yomikai citations (built CLI)", () => {
  const dir = tempDir();
  const works = join(dir, "s.jsonl");
  const truthPath = join(dir, "truth.json");

  test("sample writes works and the planted truth", async () => {
    const r = await runYomikai(["citations", "sample", "--out", works, "--works", "800", "--seed", "4", "--truth", truthPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /SYNTHETIC, seed 4/);
    assert.ok(existsSync(works) && existsSync(truthPath));
  });

  test("analyze --json has the issue's shape and recovers the truth; --report writes the HTML", async () => {
    const report = join(dir, "r.html");
    const r = await runYomikai([
      "citations",
      "analyze",
      "--input",
      works,
      "--years",
      "2012-2021",
      "--bootstrap",
      "50",
      "--report",
      report,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const truth = JSON.parse(readFileSync(truthPath, "utf8"));
    for (const key of ["papers", "matrix", "shares", "ratios", "ci", "invalidLines"]) assert.ok(key in out, key);
    assert.deepEqual(Object.keys(out.papers), ["us", "cn", "eu", "other", "mixed", "unassigned"]);
    assert.deepEqual(Object.keys(out.matrix.us), ["us", "cn", "eu", "other"]);
    assert.deepEqual(out.papers, truth.papers);
    assert.deepEqual(out.matrix, truth.matrix);
    assert.equal(out.invalidLines, truth.malformedJson + truth.missingId);
    assert.equal(out.ci.replicates, 50);
    assert.equal(out.settings.seed, 1);
    const html = readFileSync(report, "utf8");
    assert.match(html, /<svg/);
    assert.match(html, /Yearly series/);
    assert.match(r.stderr, /skipped \d+ invalid line\(s\)/);
  });

  test("human output prints the matrices", async () => {
    const r = await runYomikai([
      "citations",
      "analyze",
      "--input",
      works,
      "--policy",
      "majority",
      "--bootstrap",
      "0",
      "--exclude-multinationals",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /policy majority; years all; multinationals drop-affiliation/);
    assert.match(r.stdout, /observed ÷ expected/);
  });

  test("bad input gives one-line errors and the right exit codes", async () => {
    const missing = await runYomikai(["citations", "analyze", "--input", join(dir, "nope.jsonl")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^yomikai: Input file not found: .*nope\.jsonl\. Pass OpenAlex works as JSONL/);
    assert.equal(missing.stderr.trim().split("\n").length, 1);
    const noInput = await runYomikai(["citations", "analyze"]);
    assert.equal(noInput.code, 2);
    assert.match(noInput.stderr, /Missing --input/);
    const badYears = await runYomikai(["citations", "analyze", "--input", works, "--years", "2021-2012"]);
    assert.equal(badYears.code, 2);
    assert.match(badYears.stderr, /first year is after the last/);
    const badPolicy = await runYomikai(["citations", "analyze", "--input", works, "--policy", "unanimus"]);
    assert.match(badPolicy.stderr, /did you mean "unanimous"/);
    const mapPath = join(dir, "map.json");
    writeFileSync(mapPath, JSON.stringify({ asia: ["JP"] }));
    const badMap = await runYomikai(["citations", "analyze", "--input", works, "--region-map", mapPath]);
    assert.equal(badMap.code, 1);
    assert.match(badMap.stderr, /not a valid region map file \(unknown region "asia"/);
  });

  test("--help shows worked examples", async () => {
    const r = await runYomikai(["citations", "analyze", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:\n {2}yomikai citations analyze --input works\.jsonl/);
  });

  describe("fetch against a loopback OpenAlex", () => {
    let api: FakeOpenAlex;
    const dataset = createSyntheticDataset({ works: 120, seed: 9 });
    before(async () => {
      api = await startFakeOpenAlex(syntheticWorkObjects(dataset).filter((w) => typeof (w as { id?: unknown }).id === "string"));
    });
    after(() => api.close());

    test("fetch writes the works and prints the next step", async () => {
      const out = join(dir, "fetched.jsonl");
      const r = await runYomikai([
        "citations",
        "fetch",
        "--venue",
        "neurips",
        "--years",
        "2012-2021",
        "--out",
        out,
        "--api-url",
        api.url,
        "--cache-dir",
        join(dir, "cache"),
        "--per-page",
        "50",
        "--mailto",
        "a@b.org",
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /wrote \d+ works to .*fetched\.jsonl \(\d+ pages, 0 from cache, 0 retries/);
      assert.match(r.stdout, /next: yomikai citations analyze --input/);
      // a loopback port that was just free: connection refused
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      const dead = await runYomikai([
        "citations",
        "fetch",
        "--source",
        "S1",
        "--out",
        join(dir, "x.jsonl"),
        "--api-url",
        `http://127.0.0.1:${port}`,
        "--retries",
        "0",
        "--no-cache",
      ]);
      assert.equal(dead.code, 1);
      assert.match(
        dead.stderr,
        /^yomikai: OpenAlex did not answer after 1 try \(connection refused at http:\/\/127\.0\.0\.1:\d+\)\. Check the connection or --api-url/m,
      );
      assert.doesNotMatch(dead.stderr, /\n\s+at /);
      assert.equal(existsSync(join(dir, "x.jsonl")), false);
    });
  });
});
