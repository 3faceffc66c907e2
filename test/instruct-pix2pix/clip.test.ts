import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { type RgbImage, readImage } from "../../src/diffusion/index.js";
import {
  ClipModel,
  clipEditMetrics,
  cosine,
  InstructPix2Pix,
  tradeoffChart,
  tradeoffCurve,
} from "../../src/systems/instruct-pix2pix/index.js";
import { buildTinyClipModel, buildTinyDiffusionModel, writeTestImage } from "../fixtures/onnx/diffusionFixtures.js";
import { tempDir } from "../utils/tmp.js";

describe("CLIP edit metrics", async () => {
  const dir = tempDir();
  const clip = await ClipModel.load(buildTinyClipModel(join(dir, "clip")));
  await writeTestImage(join(dir, "a.png"), 64, 48);
  const a = await readImage(join(dir, "a.png"));
  const inverted: RgbImage = { ...a, data: a.data.map((v) => 255 - v) };

  it("computes cosine similarity", () => {
    assert.equal(cosine([1, 0], [1, 0]), 1);
    assert.equal(cosine([1, 0], [0, 2]), 0);
    assert.ok(Math.abs(cosine([1, 1], [-1, -1]) + 1) < 1e-12);
    assert.equal(cosine([0, 0], [1, 1]), 0);
  });

  it("gives image similarity 1 for the same image and less for a changed one", async () => {
    const same = await clipEditMetrics(clip, { input: a, edited: a, inputCaption: "a cat", outputCaption: "a red cat" });
    assert.ok(Math.abs(same.imageSimilarity - 1) < 1e-6);
    assert.equal(same.directionSimilarity, 0); // no image change → no direction
    const changed = await clipEditMetrics(clip, { input: a, edited: inverted, inputCaption: "a cat", outputCaption: "a red cat" });
    assert.ok(changed.imageSimilarity < 0.999);
    assert.ok(Math.abs(changed.directionSimilarity) <= 1);
    // Swapping the captions flips the text direction, so the direction similarity changes sign.
    const swapped = await clipEditMetrics(clip, { input: a, edited: inverted, inputCaption: "a red cat", outputCaption: "a cat" });
    assert.ok(Math.abs(swapped.directionSimilarity + changed.directionSimilarity) < 1e-5);
  });

  it("loads the onnx/ sub-folder layout and names a missing part", async () => {
    const other = await ClipModel.load(buildTinyClipModel(join(dir, "clip2"), { layout: "onnx" }));
    assert.equal(other.imageSize, 224);
    await other.release();
    await assert.rejects(ClipModel.load(join(dir, "nothing")), /CLIP model folder not found/);
  });

  it("says which CLIP file is not what its name claims", async () => {
    const swapped = buildTinyClipModel(join(dir, "swapped"));
    copyFileSync(join(swapped, "vision_model.onnx"), join(swapped, "text_model.onnx"));
    await assert.rejects(
      ClipModel.load(swapped),
      /text_model\.onnx: not a CLIP text model \(expected integer input_ids \[B,77\] → text_embeds \[B,D\]; it declares inputs pixel_values/,
    );
  });

  it("measures the s_I trade-off curve and draws it", async () => {
    const ip2p = await InstructPix2Pix.load(buildTinyDiffusionModel(join(dir, "ip2p")));
    const points = await tradeoffCurve(ip2p, clip, a, {
      instruction: "make it red",
      inputCaption: "a photo",
      outputCaption: "a red photo",
      imageScales: [1, 1.5, 2.2],
      steps: 4,
      resolution: 64,
    });
    assert.deepEqual(
      points.map((p) => p.imageGuidance),
      [1, 1.5, 2.2],
    );
    for (const p of points) assert.ok(p.imageSimilarity <= 1 + 1e-6 && p.imageSimilarity >= -1);
    const svg = tradeoffChart(points);
    assert.match(svg, /^<svg/);
    assert.match(svg, /CLIP image similarity/);
    await ip2p.release();
  });
});
