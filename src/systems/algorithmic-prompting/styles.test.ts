import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRng } from "../../core/index.js";
import { findFinalAnswer, gradeOutput, stopIndex } from "./extract.js";
import { buildPrompt, defaultDemos, demosForSkills, parseProblem, renderProblem, STYLES } from "./styles.js";
import { randomProblem, solve, TASKS } from "./tasks.js";

describe("prompt styles", () => {
  test("every style's worked solution grades as correct, for every task", () => {
    const rng = createRng("styles");
    for (const task of TASKS)
      for (const style of STYLES)
        for (const len of [1, 3, 7]) {
          const p = randomProblem(task, len, rng);
          const r = renderProblem(p, style);
          const g = gradeOutput(r.prefix + r.completion, solve(p));
          assert.ok(g.correct, `${task}/${style}/${len}: ${r.completion.slice(-80)} → ${g.answer}`);
          // Once the answer line is finished (a newline follows), generation can stop there.
          const cut = stopIndex(`${r.prefix + r.completion}\n`);
          assert.ok(cut > r.prefix.length && cut <= r.prefix.length + r.completion.length, `${task}/${style}: stop at ${cut}`);
        }
  });

  test("the algorithmic prompt ends with the test problem in the demos' format", () => {
    const prompt = buildPrompt({ problem: { task: "addition", a: 5n, b: 7n }, style: "algorithmic", demos: defaultDemos("addition") });
    assert.ok(prompt.startsWith("Problem: 128+367=\nExplanation:\nThe first number is 128"));
    assert.ok(prompt.endsWith("\n\nProblem: 5+7=\nExplanation:\n"));
    assert.equal(prompt.split("Problem:").length - 1, 4);
  });

  test("few-shot shows answers only; instruction-only shows no examples", () => {
    const p = { task: "addition" as const, a: 5n, b: 7n };
    assert.equal(
      buildPrompt({ problem: p, style: "few-shot", demos: [{ task: "addition", a: 1n, b: 2n }] }),
      "Problem: 1+2=\nAnswer: 3\n\nProblem: 5+7=\nAnswer:",
    );
    const instr = buildPrompt({ problem: p, style: "instruction-only", demos: defaultDemos("addition") });
    assert.ok(!instr.includes("128"));
    assert.ok(instr.endsWith("Problem: 5+7=\nExplanation:"));
  });

  test("skill accumulation puts several algorithms in one prompt", () => {
    const demos = demosForSkills(["addition", "subtraction"]);
    const prompt = buildPrompt({ problem: { task: "subtraction", a: 50n, b: 8n }, style: "algorithmic", demos });
    assert.ok(prompt.includes("Problem: 128+367=") && prompt.includes("Problem: 483-389=") && prompt.includes("B[3]=0"));
  });

  test("parses problems and refuses bad ones in one line", () => {
    assert.deepEqual(parseProblem("128+367"), { task: "addition", a: 128n, b: 367n });
    assert.deepEqual(parseProblem("[1, 0, 1]"), { task: "parity", bits: [1, 0, 1] });
    assert.throws(() => parseProblem("12/4"), /write it as 128\+367/);
  });
});

describe("answer extraction", () => {
  test("reads each answer form and takes the first", () => {
    assert.equal(findFinalAnswer("… The final Answer is [4,9,5]. Problem: 1+1= The final Answer is [2].")?.value, 495n);
    assert.equal(findFinalAnswer("The final Answer is -[7,2,7].")?.value, -727n);
    assert.equal(findFinalAnswer(" 495\nAnswer: 12,345\n")?.value, 12345n);
    assert.equal(findFinalAnswer("so the parity is 0.")?.value, 0n);
    assert.equal(findFinalAnswer("reasoning\n#### 1062")?.value, 1062n);
    assert.equal(findFinalAnswer("The final Answer is [4,x,5].")?.value, undefined);
  });

  test("unparsable answers are wrong and flagged", () => {
    assert.deepEqual(gradeOutput("I don't know", 5n), { answer: null, unparsable: true, correct: false });
    assert.deepEqual(gradeOutput("Answer: 6\n", 5n), { answer: "6", unparsable: false, correct: false });
  });

  test("stops after the final-answer line or at a problem the model starts itself", () => {
    assert.equal(stopIndex("Explanation: 1+2=3.\nAnswer: 3"), -1); // the number may go on
    assert.equal(stopIndex("Answer: 3\n"), "Answer: 3".length);
    const t = "The final Answer is [4,9,5]";
    assert.equal(stopIndex(`${t}. And more`), t.length);
    assert.equal(stopIndex("Length of FN is 3.\nProblem: 1+1="), "Length of FN is 3.".length);
  });
});
