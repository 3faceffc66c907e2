/**
 * The mixture of denoising experts through onnxruntime-node on tiny experts: routing checked from
 * the latent that constant-output experts leave behind, the handoff adding no work of its own (two
 * copies of one expert split anywhere = that expert alone, byte for byte), seeds, lazy loading
 * within --max-loaded, key-word weighting and per-expert previews.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createRng } from "../../src/core/index.js";
import { createScheduler, OnnxGraphBuilder, randomNormal, writeTinyTextToImageModel } from "../../src/diffusion/index.js";
import { MixtureOfDenoisingExperts, type Routing, writeDemoExperts } from "../../src/systems/denoising-experts/index.js";
import { tempDir } from "../utils/tmp.js";

const EULER = {
  _class_name: "EulerDiscreteScheduler",
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: "scaled_linear",
  num_train_timesteps: 1000,
  prediction_type: "epsilon",
  steps_offset: 1,
};

describe("mixture of denoising experts", async () => {
  const dir = tempDir();
  // Expert k outputs the constant 10^(k−1) everywhere: its output identifies it.
  const constants = [1, 10, 100];
  const marked = constants.map((c, i) =>
    writeTinyTextToImageModel(join(dir, `marked-${i + 1}`), { unetConstant: c, schedulerConfig: EULER }),
  );
  const small = { prompt: "a red cat", width: 32, height: 32, steps: 10 };

  it("runs the expert the rule names at every step (read back from the latent of constant-output experts)", async () => {
    const moe = await MixtureOfDenoisingExperts.load(marked);
    for (const routing of [
      { kind: "blocks", blocks: 3 },
      { kind: "boundaries", boundaries: [0.25, 0.5] },
    ] as Routing[]) {
      const r = await moe.generate({ ...small, routing, seed: 5 });
      // Euler with a constant ε_k: x_final = x_T + Σ_i (σ_{i+1} − σ_i)·c_{expert(i)}, whatever the guidance.
      const s = createScheduler(EULER, { steps: 10 });
      const xT = randomNormal([1, 4, 4, 4], createRng(5), s.initNoiseSigma);
      const expected = (experts: number[]) =>
        experts.reduce((acc, e, i) => acc + ((s.sigmas[i + 1] as number) - (s.sigmas[i] as number)) * (constants[e - 1] as number), 0);
      const shift = (r.latent.data[0] as number) - (xT.data[0] as number);
      const experts = r.steps.map((x) => x.expert);
      assert.ok(Math.abs(shift - expected(experts)) < 1e-3 * Math.abs(expected(experts)), `${shift} vs ${expected(experts)}`);
      // The rule by hand: blocks of 3 over [0,1000) → 1 for t ≥ 666.7, 2 for t ≥ 333.3; boundaries 0.25, 0.5 → t ≥ 750, t ≥ 500.
      const byHand = r.steps.map(({ timestep: t }) =>
        routing.kind === "blocks" ? 3 - Math.floor((t * 3) / 1000) : t >= 750 ? 1 : t >= 500 ? 2 : 3,
      );
      assert.deepEqual(experts, byHand);
      assert.deepEqual(new Set(experts), new Set([1, 2, 3]));
      // Any other assignment of even one step moves the latent.
      const wrong = [...experts];
      const k = wrong.findIndex((e, i) => e !== wrong[i + 1]);
      wrong[k] = wrong[k + 1] as number as number;
      assert.ok(Math.abs(expected(wrong) - expected(experts)) > 1, "the check can tell a misrouted step");
    }
    await moe.release();
  });

  it("gives the image of one expert, byte for byte, with two copies of it split anywhere", async () => {
    const a = writeTinyTextToImageModel(join(dir, "same-a"), { seed: 4 });
    const b = writeTinyTextToImageModel(join(dir, "same-b"), { seed: 4 });
    const alone = await MixtureOfDenoisingExperts.load([a]);
    const ref = await alone.generate({ ...small, seed: 3 });
    await alone.release();
    for (const boundaries of [[0.15], [0.5], [0.93]]) {
      const pair = await MixtureOfDenoisingExperts.load([a, b], { maxLoaded: 1 });
      const r = await pair.generate({ ...small, seed: 3, routing: { kind: "boundaries", boundaries } });
      assert.equal(new Set(r.steps.map((s) => s.expert)).size, 2, `both experts ran at ${boundaries}`);
      assert.deepEqual(r.image.data, ref.image.data);
      assert.deepEqual(r.latent.data, ref.latent.data);
      await pair.release();
    }
  });

  it("gives the same image for the same seed and another for another seed", async () => {
    const demo = await writeDemoExperts(join(dir, "demo"), { count: 2 });
    const moe = await MixtureOfDenoisingExperts.load(demo.experts);
    const a = await moe.generate({ ...small, seed: 1 });
    const b = await moe.generate({ ...small, seed: 1 });
    const c = await moe.generate({ ...small, seed: 2 });
    assert.deepEqual(a.image.data, b.image.data);
    assert.notDeepEqual(a.image.data, c.image.data);
    await moe.release();
  });

  it("loads experts lazily and keeps at most --max-loaded resident (ten experts, one at a time)", async () => {
    const demo = await writeDemoExperts(join(dir, "ten"), { count: 10 });
    const moe = await MixtureOfDenoisingExperts.load(demo.experts, { maxLoaded: 1 });
    assert.equal(moe.pool.residentCount, 0, "no UNet before the first step");
    const r = await moe.generate({ ...small, steps: 20, routing: { kind: "blocks", blocks: 10 } });
    assert.deepEqual(r.loads, { loads: 10, evictions: 9, maxResident: 1 });
    assert.deepEqual(
      r.spans.map((s) => s.expert),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    await moe.release();
    const two = await MixtureOfDenoisingExperts.load(demo.experts, { maxLoaded: 2 });
    const r2 = await two.generate({ ...small, steps: 20, routing: { kind: "blocks", blocks: 10 } });
    assert.equal(r2.loads.maxResident, 2);
    assert.deepEqual(r2.image.data, r.image.data);
    await two.release();
  });

  it("weights the prompt's key words when asked, and shows the image after each expert's part", async () => {
    const demo = await writeDemoExperts(join(dir, "demo"), { count: 2 });
    const moe = await MixtureOfDenoisingExperts.load(demo.experts);
    const plain = await moe.generate({ ...small, prompt: "a red cat on the blue dog" });
    const weighted = await moe.generate({ ...small, prompt: "a red cat on the blue dog", keywordWeight: 0.5 });
    assert.deepEqual(
      weighted.keywords.map((k) => `${k.word}/${k.tag}`),
      ["red/ADJ", "cat/NOUN", "blue/ADJ", "dog/NOUN"],
    );
    assert.deepEqual(weighted.keywords[0]?.positions, [2]);
    assert.notDeepEqual(weighted.image.data, plain.image.data);
    const previews: number[] = [];
    const r = await moe.generate({
      ...small,
      prompt: "a red cat on the blue dog",
      onExpertDone: (span, image) => void previews.push(span.expert, image.width),
    });
    assert.deepEqual(previews, [1, 32, 2, 32]);
    assert.deepEqual(r.image.data, plain.image.data, "previews do not change the result");
    await assert.rejects(moe.generate({ ...small, routing: { kind: "blocks", blocks: 3 } }), /--blocks 3 needs 3 experts/);
    await moe.release();
  });

  it("refuses an expert whose UNet does not fit, in one line", async () => {
    const wide = writeTinyTextToImageModel(join(dir, "wide"), { seed: 9 });
    const { buildTinyDiffusionModel } = await import("../../src/diffusion/index.js");
    const other = buildTinyDiffusionModel(join(dir, "ctx16"), { unetInChannels: 4, contextDim: 16, omit: ["vae_encoder"] });
    const moe = await MixtureOfDenoisingExperts.load([wide, other]);
    await assert.rejects(moe.generate(small), (err: Error) => {
      assert.match(err.message, /Expert 2 \(.*ctx16\): its UNet expects text states of width 16, but expert 1's text encoder gives 8/);
      return true;
    });
    await moe.release();
    await assert.rejects(MixtureOfDenoisingExperts.load([wide, join(dir, "missing")]), /Expert UNet .* not found/);
  });

  it("says an SDXL-style UNet (text_embeds, time_ids) is not fed, in one line", async () => {
    const sdxl = writeTinyTextToImageModel(join(dir, "sdxl-like"), { seed: 5 });
    const g = new OnnxGraphBuilder("unet");
    g.input("sample", "float32", ["batch", 4, "h", "w"]);
    g.input("timestep", "int64", ["batch"]);
    g.input("encoder_hidden_states", "float32", ["batch", 77, 8]);
    g.input("text_embeds", "float32", ["batch", 8]);
    g.input("time_ids", "float32", ["batch", 6]);
    g.output("out_sample", "float32", ["batch", 4, "h", "w"], g.node("Identity", ["sample"]));
    writeFileSync(join(sdxl, "unet", "model.onnx"), g.toBytes());
    const moe = await MixtureOfDenoisingExperts.load([marked[0] as string, sdxl]);
    await assert.rejects(moe.generate(small), /Expert 2 \(.*sdxl-like\): its UNet also needs text_embeds, time_ids \(SDXL-style/);
    await moe.release();
    await assert.rejects(
      MixtureOfDenoisingExperts.load([sdxl]).then((m) => m.generate(small)),
      /its UNet also needs text_embeds/,
    );
  });
});
