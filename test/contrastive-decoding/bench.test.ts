import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readJsonl } from "../../src/core/index.js";
import { type LanguageModel, loadLlamaModel } from "../../src/lm/index.js";
import { type BenchRecord, loadDataset, parseItems, runBenchmark, sampleDataset } from "../../src/systems/contrastive-decoding/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const dir = tempDir();
const models = writeTinyModels(dir);
let expert: LanguageModel;
let amateur: LanguageModel;
before(async () => {
  expert = await loadLlamaModel(models.expert, { threads: 1, contextSize: 128 });
  amateur = await loadLlamaModel(models.amateur, { threads: 1, contextSize: 128 });
});
after(async () => {
  await expert?.close();
  await amateur?.close();
});

describe("cd benchmark", () => {
  test("the sample dataset is seeded", () => {
    assert.deepEqual(sampleDataset(3, 1), sampleDataset(3, 1));
    assert.notDeepEqual(sampleDataset(3, 1), sampleDataset(3, 2));
    assert.deepEqual(parseItems('[{"prefix_text":"a","reference_text":" b"}]', "x.json"), [{ id: "0", prompt: "a", reference: " b" }]);
    assert.throws(() => parseItems("{nope", "x.jsonl"), /x\.jsonl: not a valid JSON\/JSONL prompt file/);
  });

  test("runs every method, appends JSONL, resumes without redoing work, and scores", async () => {
    const items = await loadDataset("sample", { prompts: 3, seed: 5 });
    const out = join(dir, "run", "bench.jsonl");
    const opts = { expert, amateur, items, out, maxTokens: 8, embedder: expert, cd: { alpha: 0.1, amateurTemperature: 0.5 } };
    const first = await runBenchmark({ ...opts, items: items.slice(0, 2) });
    assert.equal(first.records, 2 * 5);
    const second = await runBenchmark(opts);
    assert.equal(second.skipped, 10);
    assert.equal(second.records, 15);
    const lines = await readJsonl<BenchRecord>(out);
    assert.equal(lines.length, 15);
    assert.deepEqual(new Set(lines.map((l) => l.method)), new Set(["cd", "greedy", "top-k", "nucleus", "typical"]));
    for (const s of second.summaries) {
      assert.equal(s.n, 3);
      assert.ok(s.diversity >= 0 && s.diversity <= 1);
      assert.ok(s.mauve !== null && s.mauve >= 0 && s.mauve <= 1);
      assert.ok(s.coherence !== null && s.coherence >= -1 && s.coherence <= 1);
    }
    assert.match(second.table, /\| cd \| 3 \|/);
    assert.match(readFileSync(join(dir, "run", "bench.md"), "utf8"), /MAUVE/);
    assert.equal(JSON.parse(readFileSync(join(dir, "run", "bench.summary.json"), "utf8")).seed, 0);
  });

  test("CLI: cd bench on the generated sample prints the comparison table", async () => {
    const out = join(dir, "cli.jsonl");
    const r = await runYomikai([
      "cd",
      "bench",
      "--expert",
      models.expert,
      "--amateur",
      models.amateur,
      "--dataset",
      "sample",
      "--prompts",
      "2",
      "--max-tokens",
      "6",
      "--methods",
      "cd,greedy",
      "--out",
      out,
      "--threads",
      "1",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { records: number; summaries: { method: string }[] };
    assert.equal(j.records, 4);
    assert.deepEqual(
      j.summaries.map((s) => s.method),
      ["cd", "greedy"],
    );
  });

  test("CLI: bad inputs are one-line errors", async () => {
    const bad = await runYomikai(["cd", "bench", "--expert", models.expert, "--amateur", models.amateur, "--dataset", "wikinewz"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /wikinewz/);
    const missing = await runYomikai(["cd", "generate", "--expert", join(dir, "nope.gguf"), "--amateur", models.amateur, "--prompt", "x"]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim().split("\n").length, 1);
    assert.match(missing.stderr, /Model file not found: .*nope\.gguf/);
    const mismatch = await runYomikai(["cd", "generate", "--expert", models.expert, "--amateur", models.otherVocab, "--prompt", "x"]);
    assert.equal(mismatch.code, 1);
    assert.equal(mismatch.stdout, "");
    assert.match(mismatch.stderr, /do not share a vocabulary/);
  });
});
