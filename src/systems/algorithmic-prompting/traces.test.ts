import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRng } from "../../core/index.js";
import { additionTrace } from "./addition.js";
import { checkTrace, splitSentences } from "./checker.js";
import { randomOperand } from "./digits.js";
import { findFinalAnswer } from "./extract.js";
import { multiplicationTrace } from "./multiplication.js";
import { parityTrace } from "./parity.js";
import { subtractionTrace } from "./subtraction.js";
import { algorithmicTrace, type Problem, solve, TASKS } from "./tasks.js";

// The brief's transcription of the paper's 128+367 example (two independent third-party copies agree).
const PAPER_128_367 = `Problem: 128+367=
Explanation:
The first number is 128, FN=[1,2,8]. The second number is 367, SN=[3,6,7]. Since FN [1,2,8] has 3 digits, SN [3,6,7] has 3 digits, thus the maximum number of digits is 3. In each subsequent step, we remove one number from the end of FN and one from the end of SN.
Length of FN is 3. FN=[1,2,8]. Length of SN is 3. SN=[3,6,7]. FN[3]=8. SN[3]=7. C[3]=0. Since 8+7+0=15, 15>10, 15%10=5. Length of A is 1. Thus A=[5]. Since (15-5)/10=1, C[2]=1.
Length of FN is 2. FN=[1,2]. Length of SN is 2. SN=[3,6]. FN[2]=2. SN[2]=6. C[2]=1. Since 2+6+1=9, 9<10, 9%10=9. Length of A is 2. Thus A=[9,5]. Since (9-9)/10=0, C[1]=0.
Length of FN is 1. FN=[1]. Length of SN is 1. SN=[3]. FN[1]=1. SN[1]=3. C[1]=0. Since 1+3+0=4, 4<10, 4%10=4. Length of A is 3. Thus A=[4,9,5]. Since (4-4)/10=0, C[0]=0.
There are no more digits and C[0]=0. Thus the process is complete. Since there are no more operators, the problem is complete. The final Answer is [4,9,5].`;

const PAPER_PARITY = `Q: What is the parity on the list a=[1, 1, 0, 1, 0]?
A: We initialize s=0.
a=[1, 1, 0, 1, 0]. The first element of a is 1 so b=1. s = s + b = 0 + 1 = 1. s=1.
a=[1, 0, 1, 0]. The first element of a is 1 so b=1. s = s + b = 1 + 1 = 0. s=0.
a=[0, 1, 0]. The first element of a is 0 so b=0. s = s + b = 0 + 0 = 0. s=0.
a=[1, 0]. The first element of a is 1 so b=1. s = s + b = 0 + 1 = 1. s=1.
a=[0]. The first element of a is 0 so b=0. s = s + b = 1 + 0 = 1. s=1.
a=[] is empty. Since the list a is empty and we have s=1, the parity is 1`;

describe("trace generators", () => {
  test("addition reproduces the paper's 128+367 example (closing sentences on the last step's line)", () => {
    // The brief breaks the closing sentences onto their own paragraph; the generator keeps them on the
    // last digit line, so compare sentence by sentence.
    const words = (t: string) => splitSentences(t).map((s) => s.text);
    assert.deepEqual(words(additionTrace(128n, 367n)), words(PAPER_128_367));
  });

  test("addition copies the quirks: 10=10, empty SN, final carry", () => {
    const t = additionTrace(9980n, 29n);
    assert.match(t, /Since 8\+2\+0=10, 10=10, 10%10=0\./);
    assert.match(t, /Length of SN is 0\. SN=\[\]\. FN\[2\]=9\. SN is empty\./);
    assert.ok(t.endsWith("There are no more digits, but C[0]=1. Length of A is 5. Thus A=[1,0,0,0,9]. The final Answer is [1,0,0,0,9]."));
    assert.match(additionTrace(802n, 7145n), /FN is empty\. SN\[1\]=7\./);
  });

  test("parity reproduces the paper's example", () => {
    assert.equal(parityTrace([1, 1, 0, 1, 0]), PAPER_PARITY);
  });

  test("the brief's arithmetic truths", () => {
    for (const [t, v] of [
      [additionTrace(128n, 367n), 495n],
      [additionTrace(9980n, 29n), 10009n],
      [additionTrace(802n, 7145n), 7947n],
      [subtractionTrace(483n, 389n), 94n],
      [subtractionTrace(75n, 802n), -727n],
      [multiplicationTrace(128n, 367n), 46976n],
      [parityTrace([1, 1, 0, 1, 0]), 1n],
    ] as const)
      assert.equal(findFinalAnswer(t)?.value, v);
  });

  test("operands beyond 2^53 stay exact", () => {
    const a = 9007199254740993123n;
    const b = 8999999999999999999n;
    assert.equal(findFinalAnswer(additionTrace(a, b))?.value, a + b);
  });
});

describe("independent checker", () => {
  test("accepts every generated trace, every length 1–30, every task", () => {
    const rng = createRng("checker-lengths");
    for (const task of TASKS)
      for (let len = 1; len <= 30; len++) {
        const problems: Problem[] =
          task === "parity"
            ? [{ task, bits: Array.from({ length: len }, () => rng.int(2)) }]
            : [
                { task, a: randomOperand(rng, len), b: randomOperand(rng, len) },
                // unequal lengths
                { task, a: randomOperand(rng, len), b: randomOperand(rng, 1 + rng.int(len)) },
                { task, a: randomOperand(rng, 1 + rng.int(len)), b: randomOperand(rng, len) },
              ];
        for (const p of problems) {
          const r = checkTrace(p, algorithmicTrace(p));
          assert.ok(
            r.ok,
            `${task} ${len}: ${JSON.stringify(p, (_, v) => (typeof v === "bigint" ? String(v) : v))} ${r.firstError?.message} at "${r.firstError?.text}"`,
          );
          assert.equal(r.expected, String(solve(p)));
        }
      }
  });

  test("edge cases: carries to a new digit, zeros, equal operands", () => {
    const cases: Problem[] = [
      { task: "addition", a: 999999n, b: 1n },
      { task: "addition", a: 0n, b: 0n },
      { task: "subtraction", a: 1000n, b: 1000n },
      { task: "subtraction", a: 0n, b: 7n },
      { task: "multiplication", a: 0n, b: 123n },
      { task: "multiplication", a: 105n, b: 1000n },
      { task: "multiplication", a: 99999n, b: 99999n },
      { task: "parity", bits: [] },
    ];
    for (const p of cases)
      assert.ok(
        checkTrace(p, algorithmicTrace(p)).ok,
        JSON.stringify(p, (_, v) => String(v)),
      );
  });

  test("finds the first wrong step: each single-number corruption is caught at or before its sentence", () => {
    const p: Problem = { task: "addition", a: 48213n, b: 9906n };
    const trace = algorithmicTrace(p);
    const sentences = splitSentences(trace);
    let caught = 0;
    // Change one number in one sentence (every 3rd sentence, to keep the test quick).
    for (const s of sentences.filter((_, i) => i % 3 === 0)) {
      const m = /\d+/.exec(s.text);
      if (!m) continue;
      const changed = String((Number(m[0]) + 1) % 10 === Number(m[0]) ? Number(m[0]) + 2 : Number(m[0]) + 1);
      const bad = trace.slice(0, s.start + m.index) + changed + trace.slice(s.start + m.index + m[0].length);
      const r = checkTrace(p, bad);
      assert.equal(r.ok, false, `not caught: ${s.text}`);
      assert.ok((r.firstError?.index ?? Infinity) <= s.index, `caught late: ${s.text} → ${r.firstError?.text}`);
      caught++;
    }
    assert.ok(caught > 10);
  });

  test("names the error: a wrong sum, a skipped carry, an early stop, a wrong final answer", () => {
    const p: Problem = { task: "addition", a: 128n, b: 367n };
    const good = algorithmicTrace(p);
    const wrongSum = checkTrace(p, good.replace("Since 8+7+0=15, 15>10, 15%10=5.", "Since 8+7+0=16, 16>10, 16%10=6."));
    assert.equal(wrongSum.firstError?.message, "8+7+0 is 15, not 16");
    assert.equal(wrongSum.firstError?.line, 3);
    const skipped = checkTrace(p, good.replace(" Since (15-5)/10=1, C[2]=1.", ""));
    assert.match(skipped.firstError?.message ?? "", /carry comes first/);
    const early = checkTrace(p, good.split("\n").slice(0, 4).join("\n"));
    assert.equal(early.firstError?.message, "the trace stops before its final answer");
    const answer = checkTrace(p, good.replace("The final Answer is [4,9,5].", "The final Answer is [4,9,6]."));
    assert.equal(answer.firstError?.message, "the final answer is 496, but 495 is right");
  });

  test("checks a model's continuation after the prompt (no Problem line) and ignores text after the answer", () => {
    const p: Problem = { task: "parity", bits: [0, 1, 1] };
    const continuation = parityTrace(p.bits).split("\n").slice(1).join("\n").replace(/^A:/, "");
    assert.ok(checkTrace(p, `${continuation}\n\nQ: something else`).ok);
    const wrong = continuation.replace("s = s + b = 1 + 1 = 0", "s = s + b = 1 + 1 = 2");
    assert.equal(checkTrace(p, wrong).firstError?.message, "1 + 1 is 0 (mod 2)");
  });
});
