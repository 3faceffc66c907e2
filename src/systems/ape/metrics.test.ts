import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { contains, exactMatch, exactSet, f1Score, metricOf, normalizeAnswer, scoreAnswer } from "./metrics.js";
import { toPromptfooConfig } from "./promptfoo.js";
import { INSTRUCTION_INDUCTION_TASKS, loadTask } from "./tasks.js";

describe("instruction-induction normalisation", () => {
  test("applies the steps in Honovich's order", () => {
    assert.equal(normalizeAnswer("  Sentence 1: The Cat-sat.\nmore"), "the cat sat");
    assert.equal(normalizeAnswer("cats and dogs"), "cats dogs");
    assert.equal(normalizeAnswer("\nAnswer: Yes!\nNo"), "answer yes");
    assert.equal(normalizeAnswer("U.S.A."), "u");
    assert.equal(normalizeAnswer("it's  (fine)"), "its  fine");
  });
  test("metrics", () => {
    assert.equal(exactMatch("Insane.", "insane"), 1);
    assert.equal(exactMatch("not sane", "insane"), 0);
    assert.equal(exactSet("dog, cat", "cat dog"), 1);
    assert.equal(exactSet("dog cat cow", "cat dog"), 0);
    assert.equal(contains("it is happy today", "happy"), 1);
    assert.equal(contains("unhappy", "happy"), 0, "word boundaries");
    assert.equal(contains("(a+b)", "a+b"), 1, "the reference is matched literally after normalisation, never as a regular expression");
    assert.equal(contains("x", "a|x"), 0);
  });
  test("F1 counts repeated words once per occurrence", () => {
    assert.equal(f1Score("the the cat", "the cat"), (2 * (2 / 3) * 1) / (2 / 3 + 1));
    assert.equal(f1Score("", "cat"), 0);
  });
  test("several answers: em/es/contains take any, f1 the max", () => {
    assert.equal(scoreAnswer("em", "Hola", ["adiós", "hola"]), 1);
    assert.equal(scoreAnswer("f1", "big red dog", ["red", "big red dog"]), 1);
    assert.equal(metricOf("synonyms"), "contains");
    assert.equal(metricOf("antonyms"), "em");
  });
});

describe("metrics on the real task data", () => {
  test("every test example's answers score 1 against themselves with its task's metric", () => {
    for (const name of INSTRUCTION_INDUCTION_TASKS) {
      const task = loadTask(name);
      for (const e of task.test) for (const a of e.answers) assert.equal(scoreAnswer(task.metric, a, e.answers), 1, `${name}: ${a}`);
    }
  });
  test("the promptfoo assertion grades exactly as the search does", () => {
    for (const name of ["antonyms", "synonyms", "taxonomy_animal", "common_concept", "cause_and_effect"]) {
      const task = loadTask(name);
      const config = JSON.parse(
        toPromptfooConfig({
          task: name,
          instruction: "x",
          metric: task.metric,
          template: "Instruction: [PROMPT]\n\nInput: [INPUT]\nOutput: [OUTPUT]",
          tests: task.test,
        })
          .split("\n")
          .filter((l) => !l.startsWith("#"))
          .join("\n"),
      ) as { defaultTest: { assert: { value: string }[] }; tests: { vars: { answers: string[] } }[] };
      const fn = new Function("output", "context", config.defaultTest.assert[0]?.value as string) as (
        o: string,
        c: unknown,
      ) => number | boolean;
      const preds = ["wrong", ...task.test.slice(0, 5).map((e) => `${e.answers[0]}. extra`), task.test[1]?.answers[0]?.toUpperCase() ?? ""];
      for (const t of config.tests.slice(0, 10))
        for (const p of preds) assert.equal(Number(fn(p, { vars: t.vars })), scoreAnswer(task.metric, p, t.vars.answers), `${name}: ${p}`);
    }
  });
});
