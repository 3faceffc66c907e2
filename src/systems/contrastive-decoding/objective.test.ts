import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { plausibleSet, resolveObjective, scoreHead, scoreStep } from "./objective.js";

// Hand-computed example: 4 tokens, expert p = [0.5, 0.3, 0.04, 0.16], amateur p = [0.7, 0.1, 0.1, 0.1].
const E = [0.5, 0.3, 0.04, 0.16].map(Math.log);
const A = [0.7, 0.1, 0.1, 0.1].map(Math.log);

describe("contrastive objective", () => {
  test("plausible set keeps p >= alpha * max p", () => {
    assert.deepEqual(plausibleSet(E, 0.1), [0, 1, 3]); // 0.04 < 0.05
    assert.deepEqual(plausibleSet(E, 0.05), [0, 1, 2, 3]);
    assert.deepEqual(plausibleSet(E, 1), [0]);
    assert.deepEqual(plausibleSet(E, 0.5, [0]), [1, 3]); // max over the unbanned tokens: 0.3 → keep >= 0.15
  });

  test("log-prob form with tau = 1, c = 1 ranks by log pE - log pA", () => {
    const s = scoreStep(E, A, resolveObjective({ alpha: 0.1, amateurTemperature: 1 }));
    // scores: t0 log(0.5/0.7) = -0.336, t1 log(3) = 1.099, t3 log(1.6) = 0.470
    assert.deepEqual(
      s.map((x) => x.token),
      [1, 3, 0],
    );
    assert.ok(Math.abs((s[0]?.score as number) - Math.log(3)) < 1e-12);
  });

  test("amateur temperature re-normalises p_A^(1/tau)", () => {
    const s = scoreStep(E, A, resolveObjective({ alpha: 0.1, amateurTemperature: 0.5 }));
    const z = 0.49 + 0.01 * 3; // Σ p^2
    const t1 = s.find((x) => x.token === 1);
    assert.ok(Math.abs((t1?.amateurLogProb as number) - Math.log(0.01 / z)) < 1e-12);
    assert.ok(Math.abs((t1?.score as number) - (Math.log(0.3) - Math.log(0.01 / z))) < 1e-12);
  });

  test("coefficient scales the amateur term; 0 gives the expert's order", () => {
    const s = scoreStep(E, A, resolveObjective({ alpha: 0.1, coefficient: 0 }));
    assert.deepEqual(
      s.map((x) => x.token),
      [0, 1, 3],
    );
  });

  test("logit form: (1+beta) e - beta a, beta = 0 is expert greedy", () => {
    const s = scoreStep(E, A, resolveObjective({ form: "logit", beta: 0.5, alpha: 0.1 }));
    const t0 = s.find((x) => x.token === 0);
    assert.ok(Math.abs((t0?.score as number) - (1.5 * Math.log(0.5) - 0.5 * Math.log(0.7))) < 1e-12);
    assert.equal(scoreStep(E, A, resolveObjective({ form: "logit", beta: 0 }))[0]?.token, 0);
  });

  test("bad parameters are one-line errors", () => {
    assert.throws(() => resolveObjective({ alpha: 0 }), /alpha must be in \(0, 1\]/);
    assert.throws(() => resolveObjective({ amateurTemperature: -1 }), /amateurTemperature must be > 0/);
    assert.throws(() => scoreStep(E, [0, 0], resolveObjective()), /share a vocabulary/);
  });

  test("scoreHead on partial distributions ranks like scoreStep, shifted by one constant per step", async () => {
    const createRngLike = (n: number) => Array.from({ length: 40 }, (_, i) => Math.sin(i * n) * 3);
    const norm = (xs: number[]) => {
      const m = Math.max(...xs);
      const z = m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
      return xs.map((x) => x - z);
    };
    const e = norm(createRngLike(1.3));
    const a = norm(createRngLike(0.7));
    for (const o of [
      { alpha: 0.1, amateurTemperature: 0.5 },
      { alpha: 0.02, amateurTemperature: 2, coefficient: 0.5 },
      { alpha: 0.1, form: "logit" as const, beta: 0.5 },
      { alpha: 0.1, banned: [e.indexOf(Math.max(...e))] },
    ]) {
      const objective = resolveObjective(o);
      const full = scoreStep(e, a, objective);
      // The head at α/2, renormalised over itself, most likely first: what the runtime returns.
      const ids = [...e.keys()].filter((t) => (e[t] as number) >= Math.max(...e) + Math.log(objective.alpha / 2));
      ids.sort((x, y) => (e[y] as number) - (e[x] as number));
      const headLp = norm(ids.map((t) => e[t] as number));
      const fast = await scoreHead(
        { tokens: ids, logProbs: headLp },
        async (tokens) => norm(tokens.map((t) => a[t] as number)),
        objective,
        objective.alpha / 2,
      );
      assert.ok(fast, JSON.stringify(o));
      assert.deepEqual(
        fast.map((x) => x.token),
        full.map((x) => x.token),
      );
      const shift = (full[0]?.score as number) - (fast[0]?.score as number);
      fast.forEach((x, i) => {
        assert.ok(Math.abs((full[i]?.score as number) - x.score - shift) < 1e-9);
      });
    }
  });

  test("scoreHead gives up when banned tokens hide part of V_head", async () => {
    const objective = resolveObjective({ alpha: 0.1, banned: [0] });
    const head = { tokens: [0, 1], logProbs: [Math.log(0.95), Math.log(0.05)] }; // allowed max is 0.05 → V_head reaches below the head
    assert.equal(await scoreHead(head, async (t) => t.map(() => 0), objective, 0.05), undefined);
  });
});
