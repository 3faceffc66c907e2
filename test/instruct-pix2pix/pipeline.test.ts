/**
 * The InstructPix2Pix pipeline end to end through onnxruntime-node on a tiny HF-layout folder. The
 * fixture's UNet is an "ideal denoiser" towards x̂₀ = 0.18215·(image latent) + a text shift, so the
 * edited image follows the input and visibly depends on both guidance scales.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type RgbImage, readImage } from "../../src/diffusion/index.js";
import { InstructPix2Pix } from "../../src/systems/instruct-pix2pix/index.js";
import { buildTinyDiffusionModel, writeTestImage } from "../fixtures/onnx/diffusionFixtures.js";
import { tempDir } from "../utils/tmp.js";

function meanAbsDiff(a: RgbImage, b: RgbImage): number {
  assert.equal(a.data.length, b.data.length);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return s / a.data.length;
}

describe("InstructPix2Pix pipeline", async () => {
  const dir = tempDir();
  const model = buildTinyDiffusionModel(join(dir, "ip2p"));
  await writeTestImage(join(dir, "in.png"), 100, 70);
  const input = await readImage(join(dir, "in.png"));
  const ip2p = await InstructPix2Pix.load(model);
  const base = { instruction: "make it red", resolution: 128, steps: 8 };

  it("keeps the input's size and reports what it ran", async () => {
    const r = await ip2p.edit(input, base);
    assert.equal(r.image.width, 100);
    assert.equal(r.image.height, 70);
    assert.equal(r.workingWidth, 128);
    assert.equal(r.workingHeight, 128);
    assert.equal(r.branches, 3);
    assert.equal(r.scheduler, "euler-ancestral");
    assert.deepEqual([r.textGuidance, r.imageGuidance, r.seed, r.steps], [7.5, 1.5, 0, 8]);
  });

  it("gives identical output for the same seed and a different one for another seed", async () => {
    const a = await ip2p.edit(input, { ...base, seed: 3 });
    const b = await ip2p.edit(input, { ...base, seed: 3 });
    const c = await ip2p.edit(input, { ...base, seed: 4 });
    assert.deepEqual(a.image.data, b.image.data);
    assert.ok(meanAbsDiff(a.image, c.image) > 0);
  });

  it("responds to both guidance scales", async () => {
    const ref = await ip2p.edit(input, base);
    const moreText = await ip2p.edit(input, { ...base, textGuidance: 12 });
    const moreImage = await ip2p.edit(input, { ...base, imageGuidance: 2.5 });
    assert.ok(meanAbsDiff(ref.image, moreText.image) > 2, "s_T changes the image");
    assert.ok(meanAbsDiff(ref.image, moreImage.image) > 2, "s_I changes the image");
  });

  it("runs one branch when s_I = s_T = 1 and two when only s_I = 1", async () => {
    assert.equal((await ip2p.edit(input, { ...base, textGuidance: 1, imageGuidance: 1 })).branches, 1);
    assert.equal((await ip2p.edit(input, { ...base, imageGuidance: 1 })).branches, 2);
  });

  it("stays with the input image (x̂₀ is recovered only if the noisy latent is scaled and the image latent is not)", async () => {
    // With an ideal denoiser, the Euler step from σ_max lands exactly on x̂₀ = 0.18215·(image latent),
    // whatever the seed — but only if the noisy latent is divided by √(σ² + 1) and the image latent is
    // concatenated unscaled. (DDIM, whose input is not scaled, must agree.)
    const ideal = await InstructPix2Pix.load(buildTinyDiffusionModel(join(dir, "ideal"), { denoiseStrength: 1 }));
    for (const scheduler of ["euler", "ddim"] as const) {
      const one = { ...base, steps: 2, scheduler, textGuidance: 1, imageGuidance: 1 };
      const a = await ideal.edit(input, { ...one, seed: 1 });
      const b = await ideal.edit(input, { ...one, seed: 2 });
      assert.ok(meanAbsDiff(a.image, b.image) < 1, `${scheduler} seed-independent: ${meanAbsDiff(a.image, b.image)}`);
      // x̂₀ decodes to the input (the fixture's VAE keeps colours up to 8×8 pooling and a tanh).
      assert.ok(meanAbsDiff(a.image, input) < 40, `${scheduler} close to the input: ${meanAbsDiff(a.image, input)}`);
    }
    await ideal.release();
    for (const scheduler of ["euler", "dpm-solver++-2m"] as const) {
      const r = await ip2p.edit(input, { ...base, scheduler, steps: 12 });
      assert.equal(r.image.width, 100);
    }
  });

  it("lines the output up with the input when the working size changes the aspect (100×70 → 512×384)", async () => {
    // A sharp edge 12 px from the left border: an ideal denoiser returns the input, so the edge must
    // come back where it was. A centre crop to 512×384 followed by stretching back would move it ~3 px.
    const W = 100;
    const H = 70;
    const data = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.fill(x < 12 ? 230 : 20, (y * W + x) * 3, (y * W + x) * 3 + 3);
    const edged: RgbImage = { width: W, height: H, data };
    const col = (img: RgbImage, x: number) => {
      let s = 0;
      for (let y = 0; y < H; y++) s += img.data[(y * W + x) * 3] as number;
      return s / H;
    };
    const edge = (img: RgbImage) => {
      for (let x = 0; x < W - 1; x++)
        if (col(img, x) >= 125 && col(img, x + 1) < 125) return x + (col(img, x) - 125) / (col(img, x) - col(img, x + 1));
      return Number.NaN;
    };
    const ideal = await InstructPix2Pix.load(buildTinyDiffusionModel(join(dir, "ideal-edge"), { denoiseStrength: 1 }));
    const r = await ideal.edit(edged, {
      instruction: "x",
      steps: 2,
      scheduler: "euler",
      textGuidance: 1,
      imageGuidance: 1,
      resolution: 512,
    });
    await ideal.release();
    assert.deepEqual([r.workingWidth, r.workingHeight], [512, 384]);
    assert.ok(Math.abs(edge(r.image) - edge(edged)) < 1, `edge at ${edge(r.image)}, input ${edge(edged)}`);
  });

  it("gives the same edit batched (batch of 3) and on a fixed-batch-1 export (3 calls per step)", async () => {
    const single = await InstructPix2Pix.load(buildTinyDiffusionModel(join(dir, "fixed1"), { fixedBatch: 1 }));
    const a = await ip2p.edit(input, base);
    const b = await single.edit(input, base);
    assert.ok(meanAbsDiff(a.image, b.image) < 0.5);
    await single.release();
  });

  it("runs an fp16 export with int32 ids and a float scalar timestep", async () => {
    const f16 = await InstructPix2Pix.load(
      buildTinyDiffusionModel(join(dir, "f16"), { float16: true, idsType: "int32", timestepType: "float32", timestepShape: "scalar" }),
    );
    const r = await f16.edit(input, base);
    assert.equal(r.image.width, 100);
    await f16.release();
  });

  it("says a 4-channel UNet is not an InstructPix2Pix model", async () => {
    await assert.rejects(InstructPix2Pix.load(buildTinyDiffusionModel(join(dir, "sd"), { unetInChannels: 4 })), (err: Error) => {
      assert.match(err.message, /not an InstructPix2Pix model \(its UNet takes 4 input channels; InstructPix2Pix needs 8/);
      assert.ok(!err.message.includes("\n"));
      return true;
    });
  });

  it("emits per-step progress that never goes backwards and ends at the step count", async () => {
    const seen: number[] = [];
    let done = false;
    await ip2p.edit(input, {
      ...base,
      onProgress: (e) => {
        if (e.kind === "step") seen.push(e.done);
        if (e.kind === "done") done = true;
      },
    });
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(done);
  });

  it("keeps the input exactly where the mask is black and edits where it is white", async () => {
    const mask: RgbImage = { width: 10, height: 10, data: new Uint8Array(300) };
    for (let y = 0; y < 10; y++) for (let x = 5; x < 10; x++) mask.data.fill(255, (y * 10 + x) * 3, (y * 10 + x) * 3 + 3);
    const r = await ip2p.edit(input, { ...base, mask });
    assert.equal(r.masked, true);
    let leftDiff = 0;
    let rightDiff = 0;
    for (let y = 0; y < input.height; y++)
      for (let x = 0; x < input.width; x++)
        for (let c = 0; c < 3; c++) {
          const i = (y * input.width + x) * 3 + c;
          const d = Math.abs((r.image.data[i] as number) - (input.data[i] as number));
          if (x < 40) leftDiff = Math.max(leftDiff, d);
          else if (x >= 60) rightDiff += d;
        }
    assert.equal(leftDiff, 0);
    assert.ok(rightDiff / (input.height * 40 * 3) > 2);
  });

  it("rejects an empty instruction and stops on abort", async () => {
    await assert.rejects(ip2p.edit(input, { ...base, instruction: "  " }), /instruction is empty/);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(ip2p.edit(input, { ...base, signal: ac.signal }), /Cancelled/);
  });
});
