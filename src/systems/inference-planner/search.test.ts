import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { engineSettings, engineTensorParallel } from "./engines.js";
import { HARDWARE, MODELS } from "./index.js";
import { maxContext } from "./memory.js";
import { paretoFrontier, paretoOf, planInference } from "./search.js";

const base = { model: "palm-540b", hardware: "tpu-v4", chips: 64, context: 2048, outputTokens: 64, inputTokens: 2048 } as const;

describe("planner search", () => {
  test("decode picks 2D weight-stationary with batch-sharded multiquery attention; prefill of 512×2048 gathers weights", () => {
    const d = planInference({ ...base, batch: 256, phase: "decode" }).best;
    assert.deepEqual(d.layout, { ffn: "2d-weight-stationary", attention: "batch" });
    const p = planInference({ ...base, batch: 512, phase: "prefill", context: 0 }).best;
    assert.match(p.layout.ffn, /^weight-gathered/);
  });

  test("prefill moves from 2D weight-stationary to weight-gathered as tokens per batch grow (Figure 7's trend)", () => {
    const layouts = [1, 8, 64, 512].map((batch) => planInference({ ...base, batch, phase: "prefill", context: 0 }).best.layout.ffn);
    assert.equal(layouts[0], "2d-weight-stationary");
    assert.equal(layouts.at(-1), "weight-gathered-xyz");
    const order = ["2d-weight-stationary", "weight-gathered-x", "weight-gathered-xy", "weight-gathered-xyz"];
    for (let i = 1; i < layouts.length; i++) assert.ok(order.indexOf(layouts[i]!) >= order.indexOf(layouts[i - 1]!), layouts.join(" → "));
  });

  test("a forced layout is costed as asked", () => {
    const r = planInference({ ...base, batch: 64, phase: "decode", layout: { ffn: "1d-weight-stationary", attention: "heads" } });
    assert.deepEqual(r.best.layout, { ffn: "1d-weight-stationary", attention: "heads" });
  });

  test("nothing fitting says by how much", () => {
    assert.throws(
      () => planInference({ ...base, chips: 8, batch: 1, phase: "decode" }),
      /No plan fits in memory: .* needs 1\d\d\.\d GiB per chip .* over by \d+\.\d GiB/,
    );
  });

  test("objective cost respects the latency ceiling; mfu maximises MFU", () => {
    const fast = planInference({
      ...base,
      model: "palm-62b",
      chips: 16,
      batch: 256,
      phase: "decode",
      objective: "cost",
      latencyCeilingSeconds: 100,
    }).best;
    const mfu = planInference({ ...base, model: "palm-62b", chips: 16, batch: 256, phase: "decode", objective: "mfu" }).best;
    assert.ok(fast.latencySeconds <= 100);
    assert.ok(Math.abs(fast.mfu - mfu.mfu) < 1e-9, "min cost per token = max MFU at fixed chips and batch");
    assert.throws(
      () => planInference({ ...base, batch: 512, phase: "decode", objective: "cost", latencyCeilingSeconds: 0.01 }),
      /No plan meets the latency ceiling of 0.01 s: the fastest takes/,
    );
  });

  test("the Pareto frontier keeps only points no other point beats on both latency and cost", () => {
    const pts = [
      { latencySeconds: 1, costChipMsPerToken: 10 },
      { latencySeconds: 2, costChipMsPerToken: 12 },
      { latencySeconds: 3, costChipMsPerToken: 5 },
      { latencySeconds: 4, costChipMsPerToken: 5 },
    ];
    assert.deepEqual(paretoOf(pts), [pts[0], pts[2]]);
    const frontier = paretoFrontier({ models: ["palm-8b"], hardware: "tpu-v4", chips: [8, 16], batches: [1, 16, 256] });
    const pareto = frontier.filter((p) => p.pareto && p.series === "palm-8b int8").sort((a, b) => a.latencySeconds - b.latencySeconds);
    assert.ok(pareto.length >= 2);
    for (let i = 1; i < pareto.length; i++) assert.ok(pareto[i]!.costChipMsPerToken < pareto[i - 1]!.costChipMsPerToken);
  });

  test("int8 is about 2× cheaper at low latency and about neutral at large batch (Figure 1's shape)", () => {
    const at = (batch: number, weights: "bf16" | "int8") =>
      planInference({ ...base, batch, phase: "decode", weights }).best.chipSecondsPerToken;
    assert.ok(at(1, "bf16") / at(1, "int8") > 1.15, "int8 helps where weight loading matters");
    assert.ok(at(512, "bf16") / at(512, "int8") < 1.1, "and little where compute dominates");
  });
});

describe("max context and GPU engines", () => {
  test("multiquery sharded over batch holds n× the context of sharding over heads", () => {
    const q = { model: "palm-540b", hardware: "tpu-v4", chips: 64, batch: 128, kvFraction: 0.3 } as const;
    const heads = maxContext({ ...q, attention: "multiquery-heads" }).maxContext;
    const batch = maxContext({ ...q, attention: "multiquery-batch" }).maxContext;
    assert.ok(batch / heads > 63 && batch / heads < 65);
    assert.throws(
      () => maxContext({ model: "palm-540b", hardware: "tpu-v4", chips: 16, batch: 1 }),
      /weights alone need 6\d\.\d GiB per chip/,
    );
  });

  test("engine settings pick a tensor-parallel size inside a node and pipeline stages across nodes", () => {
    assert.equal(engineTensorParallel(MODELS["llama-3-70b"]!, HARDWARE.h100!, 16), 8);
    const r = planInference({ model: "llama-3-70b", hardware: "h100", chips: 16, batch: 32, phase: "decode" });
    const e = engineSettings(r.best, MODELS["llama-3-70b"]!, HARDWARE.h100!, 4096);
    assert.equal(e.pipelineParallel, 2);
    assert.match(e.vllm, /--tensor-parallel-size 8 --pipeline-parallel-size 2 --max-num-seqs 32 --max-model-len 4096/);
    assert.match(e.tensorrtLlm[0]!, /--tp_size 8 --pp_size 2/);
  });
});
