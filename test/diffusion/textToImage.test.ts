/** Plain text-to-image on a tiny Stable-Diffusion-layout folder through onnxruntime-node. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ClipModel, clipScores, TextToImage, writeTinyClipModel, writeTinyTextToImageModel } from "../../src/diffusion/index.js";
import { buildTinyDiffusionModel } from "../fixtures/onnx/diffusionFixtures.js";
import { tempDir } from "../utils/tmp.js";

describe("TextToImage", async () => {
  const dir = tempDir();
  const folder = writeTinyTextToImageModel(join(dir, "sd"));
  const t2i = await TextToImage.load(folder);
  const base = { prompt: "a photo of a red cat", width: 64, height: 48, steps: 6 };

  it("writes the SD folder layout without a VAE encoder", () => {
    for (const p of [
      "tokenizer/vocab.json",
      "text_encoder/model.onnx",
      "unet/model.onnx",
      "vae_decoder/model.onnx",
      "scheduler/scheduler_config.json",
    ])
      assert.ok(existsSync(join(folder, p)), p);
    assert.ok(!existsSync(join(folder, "vae_encoder")));
  });

  it("draws an image of the requested size, the same for the same seed and different for another", async () => {
    const r = await t2i.generate(base);
    assert.deepEqual([r.image.width, r.image.height, r.steps.length, r.scheduler, r.guidance, r.seed], [64, 48, 6, "ddim", 7.5, 0]);
    assert.deepEqual(r.latent.dims, [1, 4, 6, 8]);
    const again = await t2i.generate(base);
    assert.deepEqual(again.image.data, r.image.data);
    const other = await t2i.generate({ ...base, seed: 1 });
    assert.notDeepEqual(other.image.data, r.image.data);
    const unguided = await t2i.generate({ ...base, guidance: 1 });
    assert.notDeepEqual(unguided.image.data, r.image.data);
    const otherPrompt = await t2i.generate({ ...base, prompt: "a blue dog" });
    assert.notDeepEqual(otherPrompt.image.data, r.image.data);
  });

  it("refuses bad sizes, empty prompts and an 8-channel UNet in one line", async () => {
    await assert.rejects(t2i.generate({ ...base, width: 60 }), /multiple of 8 between 8 and 2048 pixels; got 60/);
    await assert.rejects(t2i.generate({ ...base, prompt: "  " }), /prompt is empty/);
    await assert.rejects(t2i.generate({ ...base, steps: 0 }), /steps must be an integer/);
    await assert.rejects(
      TextToImage.load(buildTinyDiffusionModel(join(dir, "ip2p"))),
      /not a text-to-image model \(its UNet takes 8 input channels/,
    );
  });

  it("scores image–text pairs with the shared CLIP model (100·max(cos, 0))", async () => {
    const clip = await ClipModel.load(writeTinyClipModel(join(dir, "clip")));
    const r = await t2i.generate(base);
    const [s] = await clipScores(clip, [r.image], [base.prompt]);
    const [ie] = await clip.embedImages([r.image]);
    const [te] = await clip.embedTexts([base.prompt]);
    let dot = 0;
    for (let i = 0; i < (ie as Float32Array).length; i++) dot += ((ie as Float32Array)[i] as number) * ((te as Float32Array)[i] as number);
    assert.ok(Math.abs((s as number) - 100 * Math.max(dot, 0)) < 1e-4);
    await assert.rejects(clipScores(clip, [r.image], []), /one text per image/);
    await clip.release();
  });
});
