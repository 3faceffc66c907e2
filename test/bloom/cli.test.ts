/** `yomikai bloom …` as a user runs it (built CLI, tiny demo model, no network). */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const dir = tempDir();
const env = { YOMIKAI_CACHE: join(dir, "cache"), YOMIKAI_GPU: "off" };

test("bloom eval --json has the issue's shape; --log-samples one line per item", async () => {
  const file = join(dir, "task.jsonl");
  writeFileSync(
    file,
    [
      { context: "The river", choices: [" opened", " is"], gold: 0, lang: "en" },
      { context: "Hello", choices: [" world", " the", " it"], gold: 2, lang: "fr" },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n"),
  );
  const samples = join(dir, "samples.jsonl");
  const r = await runYomikai(
    ["bloom", "eval", "--model", "demo", "--task-file", file, "--log-samples", samples, "--json", "--scorecard", join(dir, "card")],
    { env },
  );
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.match(out.model, /\.gguf$/);
  assert.equal(out.tasks[0].name, "task");
  assert.equal(out.tasks[0].n, 2);
  for (const k of ["acc", "accNorm", "byLang"]) assert.ok(k in out.tasks[0], k);
  assert.deepEqual(Object.keys(out.tasks[0].byLang).sort(), ["en", "fr"]);
  assert.deepEqual(Object.keys(out.tasks[0].byLang.fr).slice(0, 3), ["n", "acc", "accNorm"]);
  const lines = readFileSync(samples, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  for (const k of ["index", "scores", "pred", "predNorm", "gold"]) assert.ok(k in lines[0], k);
  assert.equal(lines[1].scores.length, 3);
  assert.match(readFileSync(join(dir, "card", "scorecard.svg"), "utf8"), /^<svg/);
  assert.match(readFileSync(join(dir, "card", "scorecard.md"), "utf8"), /\| task \| lang \|/);
});

test("bloom eval --tasks demo runs offline; bad command lines exit 2 in one line", async () => {
  const r = await runYomikai(["bloom", "eval", "--model", "demo", "--tasks", "demo", "--limit", "2"], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\| demo \| all \| 4 \|/);
  const bad = await runYomikai(["bloom", "eval", "--model", "demo"], { env });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Pass --tasks/);
  const unknown = await runYomikai(["bloom", "eval", "--model", "demo", "--tasks", "nope"], { env });
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.equal(unknown.stderr.trim().split("\n").length, 1);
  const badFile = join(dir, "bad.jsonl");
  writeFileSync(badFile, '{"context": "x", "choices": [" a"], "gold": 3}\n');
  const fmt = await runYomikai(["bloom", "eval", "--model", "demo", "--task-file", badFile], { env });
  assert.equal(fmt.code, 1);
  assert.match(fmt.stderr, /line 1 "gold" must be an index/);
});

test("bloom serve-plan and generate", async () => {
  const plan = await runYomikai(["bloom", "serve-plan", "--json"], { env });
  assert.equal(plan.code, 0, plan.stderr);
  const p = JSON.parse(plan.stdout);
  assert.equal(p.gpus, 8);
  assert.equal(p.tensorParallel, 8);
  assert.match(p.vllm, /--tensor-parallel-size 8/);
  const gen = await runYomikai(["bloom", "generate", "--model", "demo", "--prompt", "The river", "--max-tokens", "4", "--json"], { env });
  assert.equal(gen.code, 0, gen.stderr);
  assert.equal(JSON.parse(gen.stdout).completionTokens <= 4, true);
});
