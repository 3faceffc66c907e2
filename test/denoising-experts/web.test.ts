/** The mixture-of-experts page's API on the demo experts (default) and on folders given by path. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { writeTinyTextToImageModel } from "../../src/diffusion/index.js";
import { denoisingExpertsPage } from "../../src/web/pages/denoising-experts.js";
import { tempDir } from "../utils/tmp.js";

const cache = tempDir();
process.env.YOMIKAI_CACHE = cache;

describe("denoising-experts web page", () => {
  const signal = new AbortController().signal;
  const call = (body: unknown) =>
    denoisingExpertsPage.api?.generate?.({ query: new URLSearchParams(), body, signal }) as Promise<{
      image: string;
      steps: { step: number; timestep: number; expert: number }[];
      parts: { expert: number; image: string }[];
      demo: boolean;
      summary: string;
    }>;

  it("renders the prompt, routing and the timeline area", async () => {
    const html = await denoisingExpertsPage.render();
    for (const id of ['id="demo" checked', 'id="prompt"', 'id="routing"', 'id="timeline"', 'id="parts"', 'id="result"'])
      assert.ok(html.includes(id), id);
  });

  it("runs the ten demo experts out of the box: a timeline and one image per expert's part", async () => {
    const r = await call({ prompt: "a red cat", steps: 20, size: 64 });
    assert.equal(r.demo, true);
    assert.ok(existsSync(join(cache, "models", "demo", "denoising-experts", "expert-10", "unet", "model.onnx")));
    assert.deepEqual(
      r.parts.map((p) => p.expert),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.equal(r.steps.length, 20);
    assert.match(r.image, /^data:image\/png;base64,/);
    assert.match(r.summary, /^64×64, 20 ddim steps over 10 experts/);
  });

  it("takes expert folders and boundaries, and refuses bad input in one line", async () => {
    const dir = tempDir();
    const a = writeTinyTextToImageModel(join(dir, "a"));
    const b = writeTinyTextToImageModel(join(dir, "b"), { seed: 2 });
    const r = await call({
      demo: false,
      experts: `${a}\n${b}`,
      prompt: "a dog",
      routing: "boundaries",
      boundaries: "0.5",
      steps: 4,
      size: 64,
    });
    assert.equal(r.demo, false);
    assert.deepEqual(
      r.parts.map((p) => p.expert),
      [1, 2],
    );
    await assert.rejects(call({ prompt: " " }), /Write a prompt/);
    await assert.rejects(
      call({ demo: false, experts: `${a}\n${b}`, prompt: "x", routing: "boundaries", boundaries: "0.5,0.6" }),
      /2 experts take 1/,
    );
    await assert.rejects(call({ prompt: "x", size: 100 }), /multiple of 8/);
  });
});
