import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decodeImage } from "../../src/diffusion/index.js";
import { instructPix2PixPage } from "../../src/web/pages/instruct-pix2pix.js";
import { buildTinyDiffusionModel, writeTestImage } from "../fixtures/onnx/diffusionFixtures.js";
import { tempDir } from "../utils/tmp.js";

// The demo model goes into <YOMIKAI_CACHE>/models/demo/instruct-pix2pix: keep it out of the real cache.
const cache = tempDir();
process.env.YOMIKAI_CACHE = cache;
delete process.env.YOMIKAI_IP2P_MODEL;

describe("instruct-pix2pix web page", async () => {
  const dir = tempDir();
  const model = buildTinyDiffusionModel(join(dir, "m"), { seed: 2 }); // the demo model is seed 1
  await writeTestImage(join(dir, "in.png"), 72, 40);
  const image = `data:image/png;base64,${readFileSync(join(dir, "in.png")).toString("base64")}`;
  const signal = new AbortController().signal;
  const call = (name: "edit" | "sweep", body: unknown) =>
    instructPix2PixPage.api?.[name]?.({ query: new URLSearchParams(), body, signal }) as Promise<{
      image: string;
      summary: string;
      demo: boolean;
    }>;

  it("renders the upload, the instruction and two guidance sliders", async () => {
    const html = await instructPix2PixPage.render();
    for (const id of [
      'id="demo"',
      'id="demoNote"',
      'id="file"',
      'id="mask"',
      'id="instruction"',
      'id="sT"',
      'id="sI"',
      'id="result"',
      'id="grid"',
    ])
      assert.ok(html.includes(id), id);
    assert.match(html, /<input type="checkbox" id="demo" checked> Use the tiny random demo model \(no download\)/);
  });

  it("leaves the demo box unticked when the server has a model configured", async () => {
    process.env.YOMIKAI_IP2P_MODEL = model;
    try {
      const html = await instructPix2PixPage.render();
      assert.match(html, /<input type="checkbox" id="demo">/);
      assert.ok(html.includes(`value="${model}"`));
    } finally {
      delete process.env.YOMIKAI_IP2P_MODEL;
    }
  });

  it("with the demo box ticked, writes the demo model into the cache once and edits with it", async () => {
    const demoDir = join(cache, "models", "demo", "instruct-pix2pix");
    assert.equal(existsSync(demoDir), false);
    const a = await call("edit", { demo: true, model: "", image, instruction: "make it red", steps: 3, resolution: 64 });
    assert.equal(a.demo, true);
    assert.ok(existsSync(join(demoDir, "unet", "model.onnx")));
    assert.ok(existsSync(join(demoDir, "example-input.png")));
    assert.match(a.summary, /^72×40 .*3 steps/);
    // The box wins over a typed folder; same settings, same image (seeded, same cached model).
    const b = await call("edit", { demo: "on", model: join(dir, "none"), image, instruction: "make it red", steps: 3, resolution: 64 });
    assert.equal(b.image, a.image);
    // The demo model differs from the test's own model: different weights, different picture.
    const own = await call("edit", { model, image, instruction: "make it red", steps: 3, resolution: 64 });
    assert.equal(own.demo, false);
    assert.notEqual(own.image, a.image);
    // Without an uploaded image, the demo edits its own example picture (128×96).
    const example = await call("edit", { demo: true, instruction: "make it red", steps: 2, resolution: 64 });
    assert.match(example.summary, /^128×96 .*2 steps/);
  });

  it("edits through the JSON API and returns a PNG of the input's size", async () => {
    const r = await call("edit", {
      model,
      image,
      instruction: "make it red",
      textGuidance: 5,
      imageGuidance: 1.2,
      steps: 4,
      resolution: 64,
    });
    assert.match(r.summary, /^72×40 .* s_T 5, s_I 1\.2, seed 0/);
    const png = await decodeImage(Buffer.from(r.image.split(",")[1] as string, "base64"));
    assert.deepEqual([png.width, png.height], [72, 40]);
  });

  it("takes an optional mask", async () => {
    const r = await call("edit", { model, image, mask: image, instruction: "make it red", steps: 2, resolution: 64 });
    assert.match(r.image, /^data:image\/png;base64,/);
  });

  it("renders the sweep grid", async () => {
    const r = await call("sweep", { model, image, instruction: "make it blue", steps: 2, resolution: 64 });
    assert.match(r.summary, /^9 edits/);
    assert.match(r.image, /^data:image\/png;base64,/);
  });

  it("answers bad input with one-line messages", async () => {
    await assert.rejects(call("edit", { model, instruction: "x" }), /Choose an image/);
    await assert.rejects(call("edit", { image, instruction: "x" }), /Give the model folder .* tick the tiny random demo model/);
    await assert.rejects(
      call("edit", { model, image, instruction: "x", textGuidance: 101 }),
      /s_T must be a number from 0 to 100; got 101/,
    );
    await assert.rejects(call("edit", { model: join(dir, "none"), image, instruction: "x" }), /Model folder not found/);
  });
});
