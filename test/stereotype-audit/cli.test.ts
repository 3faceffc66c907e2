/** `yomikai audit run | report | compare` through the built CLI, against a local planted-swatch server. */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";
import { startSwatchServer } from "./fixtures.js";

const dir = tempDir();
const env = { YOMIKAI_CACHE: join(dir, "cache") };

describe("yomikai audit (CLI)", () => {
  let srv: Awaited<ReturnType<typeof startSwatchServer>>;
  before(async () => (srv = await startSwatchServer("openai")));
  after(() => srv.server.close());

  it("runs, reports JSON matching the plant, and gates CI with --fail-if", async () => {
    const out = join(dir, "run");
    const backend = `openai-images:${srv.url}#m`;
    const run = await runYomikai(
      ["audit", "run", "--backend", backend, "--occupations", "nurse,pilot", "--images", "4", "--size", "48", "--out", out],
      { env },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /8 images/);
    assert.match(run.stderr, /perceived attributes/i);
    const rows = readFileSync(join(out, "manifest.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(rows.length, 8);
    assert.deepEqual(Object.keys(rows[0].attributes), ["skinTone"]);
    assert.equal(rows[0].occupation, "nurse");

    const bls = join(dir, "synthetic-bls.csv"); // synthetic values for the test, not BLS numbers
    writeFileSync(bls, "occupation,femalePercent,whitePercent\nnurse,40,70\n");
    const rep = await runYomikai(["audit", "report", out, "--json", "--bls", bls, "--resamples", "100"], { env });
    assert.equal(rep.code, 0, rep.stderr);
    const j = JSON.parse(rep.stdout);
    const nurse = j.prompts.find((p: { occupation?: string }) => p.occupation === "nurse");
    assert.deepEqual(nurse.skinTone.counts, { 1: 0, 2: 0, 3: 2, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0 });
    assert.equal(nurse.skinTone.unknown, 1);
    assert.equal(nurse.n, 4);
    assert.equal(nurse.bls.femalePercent, 40);
    assert.equal(nurse.bls.matched, true);
    assert.ok("amplification" in nurse);
    assert.match(j.note, /perceived/i);
    assert.ok(existsSync(join(out, "report.html")));

    const gate = await runYomikai(["audit", "report", out, "--fail-if", "skinTone.imbalance>0.1", "--out", join(dir, "r.html")], { env });
    assert.equal(gate.code, 1);
    assert.match(gate.stderr, /fail-if skinTone\.imbalance>0\.1: a photo of the face of a nurse = /);
    const pass = await runYomikai(["audit", "report", out, "--fail-if", "skinTone.imbalance>0.5", "--out", join(dir, "r.html")], { env });
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(readFileSync(join(dir, "r.html"), "utf8"), /src="run\/images\/a-photo-of-the-face-of-a-nurse\/00\.png"/);

    const cmp = await runYomikai(["audit", "compare", out, out, "--json", "--resamples", "50"], { env });
    assert.equal(cmp.code, 0, cmp.stderr);
    const c = JSON.parse(cmp.stdout);
    assert.equal(c.prompts.length, 2);
    assert.equal(c.prompts[0].metrics["skinTone.imbalance"].delta, 0);
  });

  it("refuses bad command lines in one line, exit 2", async () => {
    const noPrompts = await runYomikai(["audit", "run", "--backend", "onnx:demo", "--out", join(dir, "x")], { env });
    assert.equal(noPrompts.code, 2);
    assert.match(noPrompts.stderr, /exactly one of --occupations/);
    const noClip = await runYomikai(
      ["audit", "run", "--backend", "onnx:demo", "--prompt-set", "objects", "--attributes", "gender", "--out", join(dir, "x")],
      { env },
    );
    assert.equal(noClip.code, 2);
    assert.match(noClip.stderr, /need a CLIP model/);
    const badBackend = await runYomikai(["audit", "run", "--backend", "dalle", "--prompt-set", "objects", "--out", join(dir, "x")], {
      env,
    });
    assert.equal(badBackend.code, 2);
    const badRule = await runYomikai(["audit", "report", join(dir, "run"), "--fail-if", "gender imbalance"], { env });
    assert.equal(badRule.code, 2);
    const missing = await runYomikai(["audit", "report", join(dir, "nothing")], { env });
    assert.equal(missing.code, 1);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
  });

  it("runs the first --help example on the tiny demo models", async () => {
    const help = await runYomikai(["audit", "run", "--help"], { env });
    const first = /yomikai audit run (--backend onnx:demo[^#\n]*)/.exec(help.stdout)?.[1]?.trim();
    assert.ok(first, help.stdout);
    const args = (first.match(/"[^"]*"|\S+/g) ?? []).map((a) => a.replace(/^"|"$/g, ""));
    const out = join(dir, "demo");
    const r = await runYomikai(["audit", "run", ...args.map((a) => (a === "audit-demo" ? out : a))], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /random weights/);
    const rep = await runYomikai(["audit", "report", out], { env });
    assert.equal(rep.code, 0, rep.stderr);
  });
});
