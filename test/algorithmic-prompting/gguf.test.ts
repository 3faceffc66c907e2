/**
 * The harness through the real llama.cpp runtime on tiny random-weight GGUF models written here: the
 * mechanics (prompting, greedy decoding, stopping, grading, budget) with answers that are noise.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type LanguageModel, loadLlamaModel, writeTinyModels } from "../../src/lm/index.js";
import {
  buildPrompt,
  checkTokenBudget,
  defaultDemos,
  renderProblem,
  runEvaluation,
  runToolDialogue,
  writeAlgoDemoModel,
} from "../../src/systems/algorithmic-prompting/index.js";
import { tempDir } from "../utils/tmp.js";

const dir = tempDir();
let demo: LanguageModel;
let small: LanguageModel;

before(async () => {
  demo = await loadLlamaModel(writeAlgoDemoModel(dir), { threads: 1, contextSize: 4096 });
  small = await loadLlamaModel(writeTinyModels(dir).expert, { threads: 1, contextSize: 512 });
});
after(async () => {
  await demo?.close();
  await small?.close();
});

describe("algo eval on tiny GGUF models (llama.cpp)", () => {
  test("runs end to end: every problem graded, noise counted as unparsable, tokens capped", async () => {
    const r = await runEvaluation({
      model: demo,
      task: "addition",
      style: "few-shot",
      lengths: [1, 2],
      perLength: 2,
      maxTokens: 12,
      out: `${dir}/fs.jsonl`,
    });
    for (const l of r.lengths) {
      assert.equal(l.n, 2);
      assert.equal(l.accuracy, l.correct / 2);
      assert.ok(l.low <= l.accuracy && l.accuracy <= l.high);
    }
    const algo = await runEvaluation({
      model: demo,
      task: "parity",
      style: "algorithmic",
      lengths: [3],
      perLength: 1,
      maxTokens: 16,
      out: `${dir}/par.jsonl`,
    });
    assert.equal(algo.lengths[0]?.n, 1);
    assert.equal(algo.lengths[0]?.tracesCorrect, 0, "random weights do not write a right trace");
  });

  test("the token budget counts with the model's tokenizer and warns when the context is too small", async () => {
    const p = { task: "addition" as const, a: 1234567890123456789n, b: 9876543210987654321n };
    const prompt = buildPrompt({ problem: p, style: "algorithmic", demos: defaultDemos("addition") });
    const completion = renderProblem(p, "algorithmic").completion;
    const b = await checkTokenBudget(small, prompt, completion);
    assert.equal(b.promptTokens, (await small.tokenize(prompt)).length);
    assert.equal(b.estimated, false);
    assert.equal(b.fits, false);
    assert.match(b.warning ?? "", /exceed tiny-expert\.gguf's context of 512 tokens/);
    const ok = await checkTokenBudget(demo, "Problem: 1+2=\nAnswer:", " 3");
    assert.ok(ok.fits && ok.warning === undefined);
  });

  test("the tool dialogue runs on a real runtime and ends cleanly", async () => {
    const r = await runToolDialogue({
      informal: demo,
      question: "A box holds 2 red crayons and 3 blue crayons. How many crayons are in the box?",
      expected: 5n,
      maxTokens: 8,
    });
    assert.ok(r.turns.length >= 1);
    assert.ok(["answer", "no-answer", "algorithm-failed", "max-calls"].includes(r.stop));
  });
});
