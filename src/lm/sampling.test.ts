import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRng } from "../core/index.js";
import { argmax, checkSamplingOptions, logSumExp, pickToken, temper, truncate } from "./sampling.js";

const P = [0.5, 0.25, 0.15, 0.1];
const L = P.map(Math.log);

describe("samplers", () => {
  test("argmax takes the first of ties; logSumExp normalises", () => {
    assert.equal(argmax([1, 3, 3, 2]), 1);
    assert.ok(Math.abs(logSumExp(L)) < 1e-12);
  });

  test("temper re-normalises p^(1/t)", () => {
    const t = temper(L, 0.5);
    const z = P.reduce((s, p) => s + p * p, 0);
    for (const [i, v] of t.entries()) assert.ok(Math.abs(v - Math.log((P[i] as number) ** 2 / z)) < 1e-12);
  });

  test("top-k, top-p and typical keep the right tokens", () => {
    assert.deepEqual(truncate(L, { topK: 2 }).tokens, [0, 1]);
    assert.deepEqual(truncate(L, { topP: 0.7 }).tokens, [0, 1]); // 0.5 + 0.25 ≥ 0.7
    assert.deepEqual(truncate(L, { topP: 0.75 }).tokens, [0, 1]);
    assert.deepEqual(truncate(L, { topP: 0.76 }).tokens, [0, 1, 2]);
    // entropy H ≈ 1.2080; |−log p − H|: 0.515, 0.178, 0.689, 1.095 → order 1, 0, 2, 3
    assert.deepEqual(truncate(L, { typicalP: 0.7 }).tokens, [1, 0]);
    const kept = truncate(L, { topK: 3 });
    assert.ok(Math.abs(logSumExp(kept.logProbs)) < 1e-12);
  });

  test("greedy at temperature 0; seeded sampling stays in the kept set", () => {
    assert.equal(pickToken(L, {}, createRng(1)), 0);
    const rng = createRng(2);
    for (let i = 0; i < 50; i++) assert.ok([0, 1].includes(pickToken(L, { temperature: 1, topK: 2 }, rng)));
  });

  test("bad options are one-line errors", () => {
    assert.throws(() => checkSamplingOptions({ topP: 0 }), /topP must be in \(0, 1\]/);
    assert.throws(() => checkSamplingOptions({ topK: 1.5 }), /topK must be a whole number/);
  });
});
