/**
 * The shared denoising loop through onnxruntime-node: guidance rules batched into one UNet call, a
 * per-step UNet choice (the experts' hook) verified with constant-output UNets, progress and abort.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createRng } from "../../src/core/index.js";
import {
  classicGuidance,
  createScheduler,
  type DenoiseStep,
  DiffusionModel,
  denoise,
  type FloatTensor,
  instructPix2PixGuidance,
  randomNormal,
  TEXT_TO_IMAGE_SCHEDULER_CONFIG,
  writeTinyTextToImageModel,
} from "../../src/diffusion/index.js";
import { tempDir } from "../utils/tmp.js";

const ctx = (v: number): FloatTensor => ({ data: new Float32Array(77 * 8).fill(v), dims: [1, 77, 8] });

describe("guidance rules", () => {
  it("classic CFG: two branches [uncond, cond] combined as ε(∅) + s·(ε(c) − ε(∅)); one branch at s = 1", () => {
    const g = classicGuidance(ctx(1), ctx(0), 7.5);
    assert.deepEqual(
      g.branches.map((b) => b.name),
      ["uncond", "cond"],
    );
    // by hand: u = 1, c = 3 → 1 + 7.5·2 = 16; u = −2, c = −1 → −2 + 7.5 = 5.5
    assert.deepEqual(Array.from(g.combine([Float32Array.of(1, -2), Float32Array.of(3, -1)])), [16, 5.5]);
    const one = classicGuidance(ctx(1), ctx(0), 1);
    assert.equal(one.branches.length, 1);
    assert.throws(() => classicGuidance(ctx(1), ctx(0), Number.NaN), /finite number/);
  });

  it("dual CFG: drops zero-weight branches and carries the image latent as extra channels", () => {
    const image: FloatTensor = { data: new Float32Array(4 * 2 * 2).fill(0.5), dims: [1, 4, 2, 2] };
    const g = instructPix2PixGuidance({ text: ctx(1), nullText: ctx(0), image, textScale: 7.5, imageScale: 1.5 });
    assert.deepEqual(
      g.branches.map((b) => b.name),
      ["full", "imageOnly", "uncond"],
    );
    assert.deepEqual(Array.from(g.branches[2]?.extraChannels?.data ?? []), new Array(16).fill(0));
    assert.equal(instructPix2PixGuidance({ text: ctx(1), nullText: ctx(0), image, textScale: 7.5, imageScale: 1 }).branches.length, 2);
    assert.equal(instructPix2PixGuidance({ text: ctx(1), nullText: ctx(0), image, textScale: 1, imageScale: 1 }).branches.length, 1);
    // ε(∅,∅) + s_I(ε(I,∅) − ε(∅,∅)) + s_T(ε(I,T) − ε(I,∅)) by hand: 0 + 1.5·0.5 + 7.5·0.5 = 4.5
    assert.equal(g.combine([Float32Array.of(1), Float32Array.of(0.5), Float32Array.of(0)])[0], 4.5);
  });
});

describe("denoise()", async () => {
  const dir = tempDir();
  const a = await DiffusionModel.load(writeTinyTextToImageModel(join(dir, "a"), { unetConstant: 0.25 }), { parts: ["unet"] });
  const b = await DiffusionModel.load(writeTinyTextToImageModel(join(dir, "b"), { unetConstant: -0.5 }), { parts: ["unet"] });
  const guidance = classicGuidance(ctx(1), ctx(0), 7.5);

  it("runs the UNet chosen per step, and the latent's change at each step shows which one ran", async () => {
    // Euler: x_{i+1} = x_i + (σ_{i+1} − σ_i)·ε, so with constant-output UNets (and CFG of two equal
    // branches) (x_{i+1} − x_i)/(σ_{i+1} − σ_i) is the constant of the UNet that ran.
    const scheduler = createScheduler(TEXT_TO_IMAGE_SCHEDULER_CONFIG, { steps: 6, name: "euler" });
    const rng = createRng(3);
    const start = randomNormal([1, 4, 4, 4], rng, scheduler.initNoiseSigma);
    const chosen: number[] = [];
    const seen: number[] = [];
    let prev = Float32Array.from(start.data);
    const result = await denoise({
      scheduler,
      latent: start,
      rng,
      guidance,
      unet: (s: DenoiseStep) => {
        const expert = s.timestep >= 500 ? 0 : 1;
        chosen.push(expert);
        return expert === 0 ? a : b;
      },
      afterStep: (x, s) => {
        const dSigma = (scheduler.sigmas[s.step + 1] as number) - (scheduler.sigmas[s.step] as number);
        seen.push(((x.data[5] as number) - (prev[5] as number)) / dSigma);
        prev = Float32Array.from(x.data);
      },
    });
    assert.deepEqual(
      result.steps.map((s) => s.step),
      [0, 1, 2, 3, 4, 5],
    );
    // leading spacing, steps_offset 1: timesteps 831, 665, 499, 333, 167, 1
    assert.deepEqual(scheduler.timesteps, [831, 665, 499, 333, 167, 1]);
    assert.deepEqual(chosen, [0, 0, 1, 1, 1, 1]);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs((seen[i] as number) - (chosen[i] === 0 ? 0.25 : -0.5)) < 1e-3, `step ${i}: ${seen[i]}`);
    assert.notEqual(result.latent.data, start.data, "the start latent is not modified");
  });

  it("gives the same latent for one UNet and for two identical UNets split anywhere", async () => {
    const twin = await DiffusionModel.load(writeTinyTextToImageModel(join(dir, "twin"), { unetConstant: 0.25 }), { parts: ["unet"] });
    const run = async (unet: Parameters<typeof denoise>[0]["unet"]) => {
      const scheduler = createScheduler(TEXT_TO_IMAGE_SCHEDULER_CONFIG, { steps: 5, name: "euler-ancestral" });
      const rng = createRng(9);
      return denoise({ scheduler, latent: randomNormal([1, 4, 4, 4], rng, scheduler.initNoiseSigma), rng, guidance, unet });
    };
    const alone = await run(a);
    for (const split of [1, 3, 4]) {
      const both = await run((s) => (s.step < split ? a : twin));
      assert.deepEqual(both.latent.data, alone.latent.data);
    }
    await twin.release();
  });

  it("reports progress per step and stops on abort", async () => {
    const scheduler = createScheduler(TEXT_TO_IMAGE_SCHEDULER_CONFIG, { steps: 4 });
    const rng = createRng(0);
    const done: number[] = [];
    const controller = new AbortController();
    await assert.rejects(
      denoise({
        scheduler,
        latent: randomNormal([1, 4, 4, 4], rng),
        rng,
        guidance,
        unet: a,
        onProgress: (e) => {
          if (e.kind === "step") {
            done.push(e.done);
            if (e.done === 2) controller.abort();
          }
        },
        signal: controller.signal,
      }),
      /Cancelled/,
    );
    assert.deepEqual(done, [1, 2]);
  });
});
