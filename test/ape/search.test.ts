/**
 * APE end to end: over the OpenAI-compatible backend against a deterministic local server, and over a
 * tiny GGUF model through node-llama-cpp; budgets, the call cache and resuming.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { AbortedError } from "../../src/core/index.js";
import { createOpenAIModel, loadLlamaModel } from "../../src/lm/index.js";
import { apeSearch, CallLedger, loadTask, projectCost } from "../../src/systems/ape/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";
import { type SimulatedServer, startSimulatedServer } from "./simulatedServer.js";

const task = loadTask("antonyms");
const small = { ...task, validation: task.validation.slice(0, 40), test: task.test.slice(0, 20), human: task.human.slice(0, 2) };

describe("APE over an OpenAI-compatible server", () => {
  let sim: SimulatedServer;
  before(async () => {
    sim = await startSimulatedServer([...task.validation, ...task.test, ...task.promptGen]);
  });
  after(() => sim.close());

  test("full search: counts every request and picks the truly best candidate", async () => {
    const lm = createOpenAIModel({ baseUrl: sim.baseUrl, model: "sim", retries: 0 });
    const before = sim.requests;
    const r = await apeSearch({
      task: small,
      proposer: lm,
      scorer: lm,
      propose: { candidates: 12 },
      estimator: "full",
      estimatorOptions: { samples: 10 },
    });
    const sent = sim.requests - before;
    assert.equal(r.budget.calls, sent, "budget.calls counts every request");
    const m = r.candidates.length;
    assert.ok(m >= 5 && m <= 12);
    assert.equal(sent, 12 + m * 10 + 20 * 3, "proposals + scoring + testing (best and two human instructions)");
    assert.ok(r.budget.promptTokens > 0 && r.budget.completionTokens > 0);
    const truth = Math.max(...r.candidates.map((c) => sim.accuracy.get(c.instruction) as number));
    assert.ok((sim.accuracy.get(r.best.instruction) as number) >= truth - 0.2, "the winner is among the truly good ones");
    assert.ok(r.best.testScore !== null && r.human.testScore !== null);
    assert.equal(r.human.instructions.length, 2);
    assert.deepEqual(Object.keys(r).slice(0, 5), ["task", "best", "candidates", "human", "budget"]);
  });

  test("ucb and filter spend at most 40% of the full search's scoring calls", async () => {
    const lm = createOpenAIModel({ baseUrl: sim.baseUrl, model: "sim", retries: 0 });
    const calls: Record<string, number> = {};
    for (const estimator of ["full", "ucb", "filter"] as const) {
      const r = await apeSearch({ task: small, proposer: lm, scorer: lm, propose: { candidates: 30 }, estimator, noTest: true, seed: 1 });
      calls[estimator] = r.budget.calls - 30;
    }
    assert.ok((calls.ucb as number) <= 0.4 * (calls.full as number), JSON.stringify(calls));
    assert.ok((calls.filter as number) <= 0.4 * (calls.full as number), JSON.stringify(calls));
  });

  test("--max-calls stops the search and says so; the cache makes a repeat free", async () => {
    const lm = createOpenAIModel({ baseUrl: sim.baseUrl, model: "sim", retries: 0 });
    const cacheFile = join(tempDir(), "calls.jsonl");
    const capped = await apeSearch({
      task: small,
      proposer: lm,
      scorer: lm,
      propose: { candidates: 8 },
      ledger: { maxCalls: 30, cacheFile },
    });
    assert.equal(capped.stoppedBy, "max-calls");
    assert.equal(capped.budget.calls, 30);
    assert.equal(capped.best.testScore, null);
    const full = await apeSearch({ task: small, proposer: lm, scorer: lm, propose: { candidates: 8 }, ledger: { cacheFile } });
    assert.equal(full.stoppedBy, undefined);
    assert.equal(full.budget.cachedCalls, 30, "the 30 answered calls are not sent again");
    const before = sim.requests;
    const again = await apeSearch({ task: small, proposer: lm, scorer: lm, propose: { candidates: 8 }, ledger: { cacheFile } });
    assert.equal(sim.requests, before, "a repeated run sends nothing");
    assert.equal(again.budget.calls, 0);
    assert.deepEqual(again.best, full.best);
  });

  test("an interrupted run resumes without losing a scored call or repeating one", async () => {
    const lm = createOpenAIModel({ baseUrl: sim.baseUrl, model: "sim", retries: 0 });
    const reference = await apeSearch({ task: small, proposer: lm, scorer: lm, propose: { candidates: 10 }, seed: 5 });
    const cacheFile = join(tempDir(), "calls.jsonl");
    const controller = new AbortController();
    let scores = 0;
    await assert.rejects(
      apeSearch({
        task: small,
        proposer: lm,
        scorer: lm,
        propose: { candidates: 10 },
        seed: 5,
        ledger: { cacheFile },
        signal: controller.signal,
        onEvent: (e) => {
          if (e.kind === "score" && ++scores === 25) controller.abort();
        },
      }),
      AbortedError,
    );
    const first = new CallLedger({ cacheFile });
    const resumed = await apeSearch({ task: small, proposer: lm, scorer: lm, propose: { candidates: 10 }, seed: 5, ledger: first });
    assert.deepEqual(resumed.best, reference.best);
    assert.equal(resumed.budget.calls + resumed.budget.cachedCalls, reference.budget.calls);
    assert.ok(resumed.budget.cachedCalls >= 10 + 25, `cached ${resumed.budget.cachedCalls}`);
  });

  test("the dry-run projection bounds what the search spends", async () => {
    const lm = createOpenAIModel({ baseUrl: sim.baseUrl, model: "sim", retries: 0 });
    for (const estimator of ["full", "ucb", "filter"] as const) {
      const p = projectCost(small, { candidates: 12, estimator });
      const r = await apeSearch({ task: small, proposer: lm, scorer: lm, propose: { candidates: 12 }, estimator, seed: 9 });
      assert.ok(r.budget.calls <= p.calls.total, `${estimator}: ${r.budget.calls} > ${p.calls.total}`);
    }
  });
});

describe("APE on a tiny GGUF through node-llama-cpp", () => {
  const models = writeTinyModels(tempDir());
  test("exec and logprob searches run end to end with counted calls", async () => {
    const lm = await loadLlamaModel(models.expert, { threads: 1, contextSize: 512 });
    try {
      const tiny = { ...small, validation: small.validation.slice(0, 4), test: small.test.slice(0, 3), human: small.human.slice(0, 1) };
      const exec = await apeSearch({
        task: tiny,
        proposer: lm,
        scorer: lm,
        propose: { candidates: 3, maxTokens: 8 },
        scoring: { maxTokens: 4 },
        estimatorOptions: { samples: 2 },
      });
      const m = exec.candidates.length;
      assert.ok(m >= 1);
      assert.equal(exec.budget.calls, 3 + m * 2 + 3 * 2);
      assert.ok(exec.budget.promptTokens > 0);
      const lp = await apeSearch({
        task: tiny,
        proposer: lm,
        scorer: lm,
        propose: { candidates: 2, maxTokens: 8 },
        scoring: { method: "logprob", maxTokens: 4 },
        estimatorOptions: { samples: 2 },
        noTest: true,
      });
      assert.ok(lp.best.validationScore < 0, "a mean log-probability");
    } finally {
      await lm.close();
    }
  });
});
