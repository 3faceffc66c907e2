import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { estimatePlan, type Workload } from "./costModel.js";
import { HARDWARE } from "./hardware.js";
import { kvSharding, layerCollectives } from "./layouts.js";
import { MODELS, type ModelConfig, totalParams } from "./models.js";

const ideal = { flops: 1, hbm: 1, ici: 1, hopLatency: 0, overlap: 0, stepOverhead: 0 };
const tpu = HARDWARE["tpu-v4"]!;
const palm = MODELS["palm-540b"]!;
const cube = { x: 4, y: 4, z: 4 };
const within = (actual: number, expected: number, rel: number) =>
  assert.ok(Math.abs(actual / expected - 1) <= rel, `expected ≈${expected}, got ${actual} (±${rel * 100}%)`);

const work = (over: Partial<Workload>): Workload => ({
  model: palm,
  hardware: tpu,
  chips: 64,
  batch: 1,
  phase: "decode",
  inputTokens: 2048,
  context: 0,
  outputTokens: 1,
  weights: "bf16",
  efficiency: ideal,
  ...over,
});

describe("cost terms", () => {
  test("compute: 2·N FLOPs per token at peak (large-batch prefill is compute-bound)", () => {
    const p = estimatePlan(work({ phase: "prefill", batch: 512 }), { ffn: "weight-gathered-xyz", attention: "batch" }, cube);
    const tokens = 512 * 2048;
    const matmul = (2 * (totalParams(palm) - palm.vocab * palm.dModel) * tokens) / (64 * 275e12);
    assert.equal(p.dominant, "compute");
    assert.ok(p.breakdown.compute >= matmul, "attention FLOPs come on top of the matmuls");
    within(p.breakdown.compute, matmul, 0.02);
  });

  test("decode at batch 1 streams the weights: N·bytes/(n·HBM), and int8 halves it", () => {
    const bf16 = estimatePlan(work({ weights: "bf16" }), { ffn: "2d-weight-stationary", attention: "batch" }, cube);
    const int8 = estimatePlan(work({ weights: "int8" }), { ffn: "2d-weight-stationary", attention: "batch" }, cube);
    assert.equal(bf16.dominant, "weight loading");
    // The brief's derived vector: the bf16 − int8 step difference ≈ N/(n·HBM) (padded N: what is stored).
    within(bf16.stepSeconds - int8.stepSeconds, totalParams(palm) / (64 * 1.2e12), 0.03);
    within(totalParams(palm, false) / (64 * 1.2e12), 7.0e-3, 0.01);
  });

  test("KV loads grow with context and batch; batch sharding divides them by the chips", () => {
    const heads = estimatePlan(work({ batch: 64, context: 2048 }), { ffn: "2d-weight-stationary", attention: "heads" }, cube);
    const batch = estimatePlan(work({ batch: 64, context: 2048 }), { ffn: "2d-weight-stationary", attention: "batch" }, cube);
    within(heads.memory.kvCache / batch.memory.kvCache, 64, 1e-9);
    assert.ok(heads.breakdown.kvLoad > 30 * batch.breakdown.kvLoad);
  });

  test("MFU and cost follow their definitions", () => {
    const p = estimatePlan(work({ batch: 64, context: 2048, outputTokens: 64 }), { ffn: "2d-weight-stationary", attention: "batch" }, cube);
    within(p.mfu, (2 * totalParams(palm, false) * 64 * 64) / (64 * 275e12 * p.latencySeconds), 1e-12);
    within(p.chipSecondsPerToken, (64 * p.latencySeconds) / (64 * 64), 1e-12);
    within(p.msPerToken!, (p.latencySeconds / 64) * 1000, 1e-12);
  });

  test("a plan that does not fit reports by how much", () => {
    const p = estimatePlan(work({ chips: 8 }), { ffn: "2d-weight-stationary", attention: "batch" }, { x: 2, y: 2, z: 2 });
    assert.equal(p.fits, false);
    within(p.overBytes, p.memoryPerChipBytes - 32 * 1024 ** 3, 1e-12);
  });
});

describe("layout communication (paper App. A.2)", () => {
  // A plain FFN (2 matrices, F = 4E) in a parallel block with tiny attention, to compare with the formulas.
  const plain: ModelConfig = {
    name: "plain",
    layers: 1,
    dModel: 1024,
    dFf: 4096,
    heads: 1,
    dHead: 1,
    kvHeads: 1,
    vocab: 1,
    parallelBlock: true,
    gatedFfn: false,
  };
  const bytes = (ffn: Parameters<typeof layerCollectives>[1]["ffn"], mesh: { x: number; y: number; z: number }, tokens: number) =>
    layerCollectives(plain, { ffn, attention: "heads" }, mesh, tokens, 2).reduce((s, o) => s + o.bytes, 0);
  const E = 1024;
  const F = 4096;

  test("1D weight-stationary moves 2·BL·E per chip, constant in n", () => {
    assert.equal(bytes("1d-weight-stationary", { x: 2, y: 2, z: 2 }, 100), 2 * 100 * E * 2);
    assert.equal(bytes("1d-weight-stationary", { x: 4, y: 4, z: 4 }, 100), 2 * 100 * E * 2);
  });

  test("2D weight-stationary moves 2·BL·(E/X + F/YZ) and halves when n grows 4×", () => {
    const T = 100;
    // Fused heads/KV add (H·d_h + 2·d_h) = 3 elements per token on the F side of this toy model.
    const expected = 2 * T * (E / 4 + F / 16) * 2 + (T * 3 * 2) / 16 + (T * 1 * 2) / 16;
    assert.equal(bytes("2d-weight-stationary", { x: 4, y: 4, z: 4 }, T), expected);
    const small = bytes("2d-weight-stationary", { x: 2, y: 2, z: 4 }, T); // n = 16, X = 0.5·√n
    within(bytes("2d-weight-stationary", { x: 4, y: 4, z: 4 }, T) / small, 0.5, 0.01);
  });

  test("weight-gathered: weights grow with the gathered chips, activations shrink; doubling BL doubles the activation part", () => {
    const m = { x: 4, y: 4, z: 4 };
    const wx = layerCollectives(plain, { ffn: "weight-gathered-x", attention: "heads" }, m, 1024, 2);
    const wxy = layerCollectives(plain, { ffn: "weight-gathered-xy", attention: "heads" }, m, 1024, 2);
    const wxyz = layerCollectives(plain, { ffn: "weight-gathered-xyz", attention: "batch" }, m, 1024, 2);
    const w = (ops: typeof wx) => ops.filter((o) => o.what.startsWith("weights")).reduce((s, o) => s + o.bytes, 0);
    const a = (ops: typeof wx) => ops.filter((o) => !o.what.startsWith("weights")).reduce((s, o) => s + o.bytes, 0);
    assert.equal(w(wxy) / w(wx), 4);
    assert.equal(w(wxyz) / w(wxy), 4);
    assert.equal(a(wx) / a(wxy), 4);
    assert.equal(a(wxyz), 0, "XYZ: the batch is split over every chip, no activation traffic");
    const twice = layerCollectives(plain, { ffn: "weight-gathered-x", attention: "heads" }, m, 2048, 2);
    assert.equal(a(twice), 2 * a(wx));
  });

  test("KV sharding: multihead over heads, multiquery replicated over heads, multiquery over batch divided by n", () => {
    assert.deepEqual(
      kvSharding(MODELS["palm-540b-multihead"]!, { ffn: "2d-weight-stationary", attention: "heads" }, { x: 4, y: 4, z: 4 }, 128),
      {
        kvHeadsPerChip: 1,
        sequencesPerChip: 128,
        batchShards: 1,
      },
    );
    assert.equal(kvSharding(palm, { ffn: "2d-weight-stationary", attention: "heads" }, { x: 4, y: 4, z: 4 }, 128).sequencesPerChip, 128);
    assert.equal(kvSharding(palm, { ffn: "2d-weight-stationary", attention: "batch" }, { x: 4, y: 4, z: 4 }, 128).sequencesPerChip, 2);
    // Grouped-query (8 kv heads) on 64 chips: 8 ways over kv heads, then 8 ways over batch.
    const gqa = kvSharding(MODELS["llama-3-70b"]!, { ffn: "2d-weight-stationary", attention: "batch" }, { x: 4, y: 4, z: 4 }, 64);
    assert.deepEqual(gqa, { kvHeadsPerChip: 1, sequencesPerChip: 8, batchShards: 8 });
    // Batch-sharding gives nothing when the batch is smaller than the shards.
    assert.equal(kvSharding(palm, { ffn: "2d-weight-stationary", attention: "batch" }, { x: 4, y: 4, z: 4 }, 1).sequencesPerChip, 1);
  });
});
