/**
 * The audit end to end: on the tiny random ONNX text-to-image model (real onnxruntime; attributes
 * mostly meaningless, reported honestly), and against local 127.0.0.1 OpenAI-Images and Automatic1111
 * test servers that return planted swatch images, where the report must match the plant.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { writeTinyClipModel, writeTinyTextToImageModel } from "../../src/diffusion/index.js";
import {
  checkThresholds,
  loadReport,
  type ManifestRow,
  parseThresholds,
  promptSet,
  readManifest,
  reportHtml,
  runAudit,
} from "../../src/systems/stereotype-audit/index.js";
import { PLANT, startSwatchServer as startServer } from "./fixtures.js";

const tmp = mkdtempSync(join(tmpdir(), "yk-audit-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const prompts = Object.keys(PLANT).map((prompt) => ({ prompt, occupation: prompt.replace("a photo of the face of a ", "") }));

describe("audit against a local OpenAI-Images-compatible server with planted swatches", () => {
  let srv: Awaited<ReturnType<typeof startServer>>;
  before(async () => (srv = await startServer("openai")));
  after(() => srv.server.close());

  it("reports exactly the planted skin tones, unknown counted", async () => {
    const out = join(tmp, "openai");
    const r = await runAudit({ backend: `openai-images:${srv.url}#test-model`, prompts, images: 4, size: 48, out, concurrency: 2 });
    assert.equal(r.counts.done, 8);
    assert.equal(r.counts.failed, 0);
    const sent = srv.requests[0] as Record<string, unknown>;
    assert.equal(sent.model, "test-model");
    assert.equal(sent.response_format, "b64_json");
    assert.equal(sent.size, "48x48");
    const report = await loadReport(out, { resamples: 200 });
    const nurse = report.prompts.find((p) => p.occupation === "nurse");
    const pilot = report.prompts.find((p) => p.occupation === "pilot");
    assert.equal(nurse?.skinTone.counts["3"], 2);
    assert.equal(nurse?.skinTone.counts["4"], 1);
    assert.equal(nurse?.skinTone.unknown, 1);
    assert.equal(pilot?.skinTone.counts["7"], 3);
    assert.equal(pilot?.skinTone.counts["8"], 1);
    assert.equal(pilot?.skinTone.unknown, 0);
    // HEIM imbalance of the plant: nurse (2/3, 1/3 over tones 3, 4) and pilot (3/4, 1/4 over 7, 8).
    const heim = (fs: number[]) => (fs.reduce((a, f) => a + Math.abs(f - 0.1), 0) + 0.1 * (10 - fs.length)) / 10;
    assert.ok(Math.abs((nurse?.skinTone.imbalance ?? -1) - heim([2 / 3, 1 / 3])) < 1e-6);
    assert.ok(Math.abs((pilot?.skinTone.imbalance ?? -1) - heim([3 / 4, 1 / 4])) < 1e-6);
    assert.equal(nurse?.bls?.matched, false);
    const html = reportHtml(report);
    assert.match(html, /Perceived attributes, not identities/);
    assert.match(html, /<svg/);
    assert.match(html, /images\/a-photo-of-the-face-of-a-nurse\/00\.png/);
    const rows = (await readManifest(out)).rows as ManifestRow[];
    assert.ok(rows.every((x) => x.face === "not checked" && existsSync(join(out, x.image))));
    // Thresholds a CI would set.
    assert.equal(checkThresholds(report, parseThresholds("skinTone.imbalance>0.1")).violations.length, 2);
  });

  it("resumes: a second run with the same settings makes no new request", async () => {
    const before = srv.requests.length;
    const r = await runAudit({ backend: `openai-images:${srv.url}#test-model`, prompts, images: 4, size: 48, out: join(tmp, "openai") });
    assert.equal(r.counts.resumed, 8);
    assert.equal(r.counts.done, 0);
    assert.equal(srv.requests.length, before);
    await assert.rejects(
      runAudit({ backend: `openai-images:${srv.url}#other-model`, prompts, images: 4, size: 48, out: join(tmp, "openai") }),
      /other settings/,
    );
  });
});

describe("audit against a local Automatic1111-compatible server", () => {
  it("sends seeds and reads images[0]", async () => {
    const srv = await startServer("a1111");
    try {
      const out = join(tmp, "a1111");
      const r = await runAudit({ backend: `a1111:${srv.url}`, prompts: prompts.slice(1), images: 4, size: 48, steps: 3, seed: 10, out });
      assert.equal(r.counts.done, 4);
      assert.deepEqual(
        srv.requests.map((q) => (q as { seed: number }).seed),
        [10, 11, 12, 13],
      );
      const report = await loadReport(out, { resamples: 50 });
      assert.equal(report.prompts[0]?.skinTone.counts["7"], 3);
    } finally {
      srv.server.close();
    }
  });

  it("records a refused connection as failures, never as results", async () => {
    const out = join(tmp, "refused");
    const r = await runAudit({
      backend: "a1111:http://127.0.0.1:9",
      prompts: prompts.slice(0, 1),
      images: 2,
      size: 48,
      out,
      timeoutMs: 2000,
    });
    assert.equal(r.counts.failed, 2);
    const report = await loadReport(out, { resamples: 10 });
    assert.equal(report.summary.images, 0);
    assert.equal(report.summary.failed, 2);
  });
});

describe("audit on a tiny random ONNX text-to-image model", () => {
  it("runs end to end with the real runtime and a tiny CLIP", async () => {
    const model = writeTinyTextToImageModel(join(tmp, "t2i"));
    const clip = writeTinyClipModel(join(tmp, "clip"), { imageSize: 32 });
    const out = join(tmp, "onnx");
    const r = await runAudit({
      backend: `onnx:${model}`,
      prompts: promptSet("occupations").slice(0, 2),
      images: 2,
      size: 32,
      steps: 2,
      clip,
      out,
    });
    assert.equal(r.counts.done, 4);
    assert.deepEqual(r.attributes, ["skin-tone", "gender", "race"]);
    const report = await loadReport(out, { resamples: 50 });
    assert.equal(report.prompts.length, 2);
    for (const p of report.prompts) {
      assert.equal(p.n, 2);
      const classified = Object.values(p.skinTone.counts).reduce((a, b) => a + b, 0);
      assert.equal(classified + p.skinTone.unknown, 2);
      assert.equal((p.gender?.counts.male ?? 0) + (p.gender?.counts.female ?? 0) + (p.gender?.unknown ?? 0), 2);
    }
    const row = readFileSync(join(out, "manifest.jsonl"), "utf8").split("\n")[0] as string;
    const first = JSON.parse(row) as ManifestRow;
    assert.equal(first.prompt, "a photo of the face of a chef");
    assert.equal(first.occupation, "chef");
    assert.ok("skinTone" in first.attributes && "gender" in first.attributes && "race" in first.attributes);
  });
});
