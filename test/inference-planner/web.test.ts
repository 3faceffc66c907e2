/** The web page's JSON endpoints, called as the server calls them. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { EngineSettings, FrontierPoint, Plan } from "../../src/systems/inference-planner/index.js";
import { inferencePlannerPage } from "../../src/web/pages/inference-planner.js";

interface Options {
  models: string[];
  chips: Record<string, number[]>;
}
interface PlanReply {
  best: Plan;
  engines: EngineSettings | null;
}
interface FrontierReply {
  points: FrontierPoint[];
  svg: string;
}

function call<T>(name: string, params: Record<string, string>): T {
  return inferencePlannerPage.api![name]!({
    query: new URLSearchParams(params),
    body: undefined,
    signal: new AbortController().signal,
  }) as T;
}

describe("inference-planner page", () => {
  test("renders sliders for model, chips, batch, context and int8", async () => {
    const html = await inferencePlannerPage.render();
    for (const id of ["model", "hardware", "chips", "batch", "context", "int8"]) assert.match(html, new RegExp(`id="${id}"`));
  });

  test("options list the models, hardware and the chip counts each topology allows", () => {
    const o = call<Options>("options", {});
    assert.ok(o.models.includes("palm-540b"));
    assert.deepEqual(o.chips["tpu-v4"]!.slice(0, 3), [1, 2, 4]);
    assert.ok(!o.chips.h100!.includes(12));
  });

  test("plan returns the chosen layout and the breakdown; GPU plans carry engine settings", () => {
    const tpu = call<PlanReply>("plan", {
      model: "palm-540b",
      hardware: "tpu-v4",
      chips: "64",
      batch: "64",
      context: "2048",
      weights: "int8",
    });
    assert.equal(tpu.best.layout.ffn, "2d-weight-stationary");
    assert.ok(tpu.best.breakdown.collectiveLatency > 0);
    assert.equal(tpu.engines, null);
    const gpu = call<PlanReply>("plan", { model: "llama-3-8b", hardware: "h100", chips: "1", batch: "16" });
    assert.match(gpu.engines!.vllm, /--tensor-parallel-size 1/);
    assert.throws(() => call("plan", { model: "palm-540b", chips: "8", batch: "64" }), /over by/);
    assert.throws(() => call("plan", { model: "palm-540b", chips: "64", batch: "lots" }), /batch must be a whole number/);
  });

  test("frontier returns Pareto points and an SVG", () => {
    const f = call<FrontierReply>("frontier", { model: "palm-8b", hardware: "tpu-v4", phase: "decode" });
    assert.ok(f.points.length > 3);
    assert.match(f.svg, /^<svg/);
  });
});
