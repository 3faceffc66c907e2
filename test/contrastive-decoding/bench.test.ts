import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { FileFormatError, readJsonl } from "../../src/core/index.js";
import { type LanguageModel, loadLlamaModel } from "../../src/lm/index.js";
import { type BenchRecord, loadDataset, parseItems, runBenchmark, sampleDataset } from "../../src/systems/contrastive-decoding/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { CLI_PATH, runYomikai } from "../utils/cli.js";
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

  test("a corrupt results file or one made with other settings is refused in one line, untouched", async () => {
    const items = await loadDataset("sample", { prompts: 1, seed: 5 });
    const corrupt = join(dir, "corrupt.jsonl");
    writeFileSync(corrupt, 'my notes\n{"id":"x"}\n');
    const opts = { expert, amateur, items, maxTokens: 2, methods: ["greedy"] };
    await assert.rejects(
      runBenchmark({ ...opts, out: corrupt }),
      (err: Error) =>
        err instanceof FileFormatError && /corrupt\.jsonl: .*line 1 is not a result record; delete that line/.test(err.message),
    );
    assert.equal(readFileSync(corrupt, "utf8"), 'my notes\n{"id":"x"}\n');
    const out = join(dir, "settings.jsonl");
    await runBenchmark({ ...opts, out });
    const torn = `${readFileSync(out, "utf8")}{"id":"sample-0","meth`;
    writeFileSync(out, torn); // an interrupted append is repaired, not refused
    assert.equal((await runBenchmark({ ...opts, out })).skipped, 1);
    await assert.rejects(runBenchmark({ ...opts, out, maxTokens: 3 }), /holds results made with other settings .*pass a new --out file/);
    // A file written before the shared runner (no key, the settings as a JSON string) still resumes.
    const legacy = join(dir, "legacy.jsonl");
    const oldSettings = JSON.stringify({ expert: expert.name, amateur: amateur.name, maxTokens: 2, cd: {} });
    const oldLine = (await readJsonl<BenchRecord & { key?: string }>(out)).map(({ key: _key, ...r }) => ({ ...r, settings: oldSettings }));
    writeFileSync(legacy, oldLine.map((r) => `${JSON.stringify(r)}\n`).join(""));
    const again = await runBenchmark({ ...opts, out: legacy });
    assert.equal(again.skipped, 1);
    assert.equal(again.records, 1);
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

  test("CLI: Ctrl-C cancels cleanly in one line, keeping only whole records, and the run resumes", { timeout: 120_000 }, async () => {
    const out = join(dir, "interrupted.jsonl");
    const args = ["cd", "bench", "--expert", models.expert, "--amateur", models.amateur, "--dataset", "sample"];
    const more = ["--prompts", "30", "--max-tokens", "60", "--methods", "cd,greedy", "--no-embed", "--threads", "1", "--out", out];
    const child = spawn(process.execPath, [CLI_PATH, ...args, ...more], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const killer = setTimeout(() => child.kill("SIGKILL"), 100_000);
    const poll = setInterval(() => {
      if (existsSync(out) && statSync(out).size > 0) {
        clearInterval(poll);
        child.kill("SIGINT");
      }
    }, 25);
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.on("close", (c, s) => r([c, s])));
    clearTimeout(killer);
    clearInterval(poll);
    assert.equal(signal, null, "killed by the signal instead of cancelling");
    assert.equal(code, 130, stderr);
    assert.match(
      stderr.trim().split("\n").at(-1) ?? "",
      /^yomikai: Cancelled; the finished results are in .*interrupted\.jsonl — rerun the same command to resume\.$/,
    );
    const text = readFileSync(out, "utf8");
    assert.ok(text.endsWith("\n"));
    const saved = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as BenchRecord);
    assert.ok(saved.length >= 1 && saved.length < 60, String(saved.length));
    assert.ok(!existsSync(join(dir, "interrupted.md")), "no table from a cancelled run");
  });

  test("CLI: bad inputs are one-line errors", async () => {
    const bad = await runYomikai(["cd", "bench", "--expert", models.expert, "--amateur", models.amateur, "--dataset", "wikinewz"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /wikinewz/);
    const missing = await runYomikai(["cd", "generate", "--expert", join(dir, "nope.gguf"), "--amateur", models.amateur, "--prompt", "x"]);
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr.trim().split("\n").length, 1);
    assert.match(missing.stderr, /Model file not found: .*nope\.gguf/);
    writeFileSync(join(dir, "notes.txt"), "hello");
    const cases: [string[], RegExp][] = [
      [["--expert", dir], /is a directory, not a model file; pass the path of the \.gguf file/],
      [["--expert", join(dir, "notes.txt")], /not a valid GGUF file \(only 5 bytes; pass a \.gguf model file\)/],
      [["--expert", "hf:a/b"], /Bad model reference "hf:a\/b": expected hf:<owner>\/<repo>\/<file\.gguf>/],
      [["--alpha", "0"], /--alpha must be > 0, got 0/],
      [["--alpha", "2"], /--alpha must be at most 1/],
      [["--amateur-temperature", "0"], /--amateur-temperature must be > 0, got 0/],
      [["--beams", "0"], /--beams must be at least 1/],
      [["--max-tokens", "0"], /--max-tokens must be at least 1/],
      [["--prompt", ""], /--prompt is empty; pass the text to continue/],
      [["--expert", "openai:http://127.0.0.1:9/v1#gpt2"], /only top-20 log-probabilities; contrastive decoding needs full distributions/],
    ];
    for (const [extra, message] of cases) {
      const flags = new Map<string, string>([
        ["--expert", models.expert],
        ["--amateur", models.amateur],
        ["--prompt", "x"],
      ]);
      for (let i = 0; i < extra.length; i += 2) flags.set(extra[i] as string, extra[i + 1] as string);
      const r = await runYomikai(["cd", "generate", ...[...flags].flat()]);
      assert.notEqual(r.code, 0, extra.join(" "));
      assert.equal(r.stdout, "", extra.join(" "));
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
    const mismatch = await runYomikai(["cd", "generate", "--expert", models.expert, "--amateur", models.otherVocab, "--prompt", "x"]);
    assert.equal(mismatch.code, 1);
    assert.equal(mismatch.stdout, "");
    assert.match(mismatch.stderr, /do not share a vocabulary/);
  });
});
