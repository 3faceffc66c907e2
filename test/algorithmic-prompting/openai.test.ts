/**
 * The harness end to end over the OpenAI-compatible backend: a loopback server plays models that answer
 * with correct traces, traces with a wrong step, wrong answers or noise.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createRng, wilsonInterval } from "../../src/core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../src/lm/index.js";
import { runEvaluation, runToolDialogue, sampleProblems, wordProblem } from "../../src/systems/algorithmic-prompting/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";
import { type FakeServer, mixedBehaviour, startFakeServer } from "./fakeServer.js";

let server: FakeServer;
const dir = tempDir();
const open = (id: string): Promise<LanguageModel> =>
  loadLanguageModel(`openai:${server.baseUrl}#${id}`, { openai: { contextSize: 100000, timeoutMs: 5000, retries: 0 } });

before(async () => {
  server = await startFakeServer();
});
after(async () => {
  await server.close();
});

describe("algo eval over an OpenAI-compatible server", () => {
  test("grades per length: right, wrong step, wrong answer, unparsable; Wilson intervals; output cut after the answer", async () => {
    const model = await open("mixed");
    const lengths = [1, 2, 5];
    const out = join(dir, "mixed.jsonl");
    const report = await runEvaluation({ model, task: "addition", style: "algorithmic", lengths, perLength: 6, seed: 3, out });
    const problems = sampleProblems("addition", lengths, 6, 3);
    for (const [i, l] of report.lengths.entries()) {
      const kinds = (problems[i] ?? []).map(mixedBehaviour);
      const correct = kinds.filter((k) => k === "correct" || k === "wrong-step").length;
      assert.equal(l.n, 6);
      assert.equal(l.correct, correct, `length ${l.digits}`);
      assert.equal(l.unparsable, kinds.filter((k) => k === "garbage").length);
      assert.equal(l.tracesCorrect, kinds.filter((k) => k === "correct").length);
      assert.deepEqual([l.low, l.high], wilsonInterval(correct, 6));
      assert.equal(l.accuracy, correct / 6);
    }
    const records = readFileSync(out, "utf8")
      .trim()
      .split("\n")
      .map((x) => JSON.parse(x));
    assert.equal(records.length, 18);
    for (const r of records) {
      assert.ok(!r.output.includes("Problem: 12+34") && !r.output.includes("And so on"), "the output ends with the final answer");
      if (r.correct && r.firstErrorStep !== null) assert.match(r.firstError, /is \d+, not \d+/);
    }
    assert.ok(records.some((r) => r.stop === "stop"));
    assert.equal(
      report.lengths.reduce((s, l) => s + l.failed, 0),
      0,
    );
  });

  test("resumes without asking the model again; other settings are refused", async () => {
    const model = await open("mixed");
    const out = join(dir, "mixed.jsonl");
    const before = server.completions;
    const report = await runEvaluation({ model, task: "addition", style: "algorithmic", lengths: [1, 2, 5], perLength: 6, seed: 3, out });
    assert.equal(report.resumed, 18);
    assert.equal(server.completions, before);
    await assert.rejects(
      runEvaluation({ model, task: "addition", style: "algorithmic", lengths: [1], perLength: 1, seed: 4, out }),
      /holds results made with other settings/,
    );
  });

  test("baseline styles and parity through the same harness", async () => {
    const model = await open("correct");
    for (const style of ["few-shot", "scratchpad", "chain-of-thought"] as const) {
      const r = await runEvaluation({
        model,
        task: "subtraction",
        style,
        lengths: [3],
        perLength: 3,
        seed: 1,
        out: join(dir, `${style}.jsonl`),
      });
      assert.equal(r.lengths[0]?.correct, 3, style);
    }
    const p = await runEvaluation({
      model,
      task: "parity",
      style: "algorithmic",
      lengths: [8],
      perLength: 3,
      out: join(dir, "parity.jsonl"),
    });
    assert.equal(p.lengths[0]?.tracesCorrect, 3);
    assert.equal(p.budget.estimated, false);
  });

  test("the two-model <ALGO>/<NONALGO> dialogue solves an inflated word problem", async () => {
    const informal = await open("correct");
    const algorithmic = await open("correct");
    const p = wordProblem(createRng(5), 14, "shop");
    const r = await runToolDialogue({ informal, algorithmic, question: p.question, expected: p.answer });
    assert.equal(r.stop, "answer");
    assert.equal(r.answer, String(p.answer));
    assert.ok(r.correct);
    assert.deepEqual(
      r.turns.map((t) => t.speaker),
      ["NONALGO", "ALGO", "NONALGO"],
    );
    assert.equal(r.turns[1]?.call?.correct, true);
    const wrong = await runToolDialogue({ informal, algorithmic: await open("wrong-answer"), question: p.question, expected: p.answer });
    assert.equal(wrong.correct, false);
    assert.equal(wrong.answer, String(p.answer + 1n));
  });

  test("the CLI's tools command runs the dialogue and grades it", async () => {
    const r = await runYomikai([
      "algo",
      "tools",
      "--model",
      `openai:${server.baseUrl}#correct`,
      "--context",
      "100000",
      "--problems",
      "2",
      "--template",
      "shop",
      "--digits",
      "11",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.n, 2);
    assert.equal(j.correct, 2);
    assert.equal(j.results[0].turns[1].speaker, "ALGO");
    assert.match(j.results[0].turns[1].text, /The final Answer is \[/);
  });

  test("the CLI: --json shape, --compare figure, all-unparsable exits 1", async () => {
    const ref = `openai:${server.baseUrl}#correct`;
    const r = await runYomikai([
      "algo",
      "eval",
      "--task",
      "addition",
      "--style",
      "algorithmic",
      "--digits",
      "1-2",
      "--per-length",
      "2",
      "--model",
      ref,
      "--context",
      "100000",
      "--json",
      "--out",
      join(dir, "cli.jsonl"),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.task, "addition");
    assert.equal(j.style, "algorithmic");
    assert.equal(j.model, "correct");
    assert.deepEqual(Object.keys(j.lengths[0]).slice(0, 6), ["digits", "n", "correct", "accuracy", "low", "high"]);
    assert.deepEqual(
      j.lengths.map((l: { digits: number; accuracy: number }) => [l.digits, l.accuracy]),
      [
        [1, 1],
        [2, 1],
      ],
    );
    const figure = join(dir, "cmp.svg");
    const c = await runYomikai(
      ["algo", "eval", "--digits", "1-2", "--per-length", "2", "--model", ref, "--compare", "algorithmic,few-shot", "--figure", figure],
      { cwd: dir },
    );
    assert.equal(c.code, 0, c.stderr);
    assert.ok(existsSync(figure));
    const svg = readFileSync(figure, "utf8");
    assert.ok(svg.startsWith("<svg") && svg.includes("algorithmic") && svg.includes("few-shot"));
    const g = await runYomikai([
      "algo",
      "eval",
      "--digits",
      "1",
      "--per-length",
      "2",
      "--model",
      `openai:${server.baseUrl}#garbage`,
      "--out",
      join(dir, "g.jsonl"),
    ]);
    assert.equal(g.code, 1);
    assert.match(g.stderr, /^yomikai: Every one of the 2 answers was unparsable/m);
  });
});
