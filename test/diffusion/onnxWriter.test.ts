/**
 * The ONNX writer and the tiny model-folder builders of `yomikai/diffusion`: deterministic bytes,
 * seeds that matter, and graphs onnxruntime actually loads and runs.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import {
  loadOnnxRuntime,
  OnnxGraphBuilder,
  writeDemoInstructPix2PixModel,
  writeTinyClipModel,
  writeTinyInstructPix2PixModel,
} from "../../src/diffusion/index.js";
import { tempDir } from "../utils/tmp.js";

/** sha256 of every file under `dir`, by relative path. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

describe("ONNX writer and tiny model folders", () => {
  it("writes byte-identical InstructPix2Pix folders for the same seed, different weights for another", () => {
    const dir = tempDir();
    const a = hashes(writeTinyInstructPix2PixModel(join(dir, "a"), { seed: 3 }));
    const b = hashes(writeTinyInstructPix2PixModel(join(dir, "b"), { seed: 3 }));
    const c = hashes(writeTinyInstructPix2PixModel(join(dir, "c"), { seed: 4 }));
    assert.deepEqual(a, b);
    assert.deepEqual(Object.keys(a), [
      "model_index.json",
      "scheduler/scheduler_config.json",
      "text_encoder/model.onnx",
      "tokenizer/merges.txt",
      "tokenizer/vocab.json",
      "unet/config.json",
      "unet/model.onnx",
      "vae_decoder/config.json",
      "vae_decoder/model.onnx",
      "vae_encoder/config.json",
      "vae_encoder/model.onnx",
    ]);
    assert.notEqual(a["text_encoder/model.onnx"], c["text_encoder/model.onnx"]);
    assert.equal(a["vae_decoder/model.onnx"], c["vae_decoder/model.onnx"], "the VAE has no random weights");
  });

  it("writes byte-identical CLIP folders", () => {
    const dir = tempDir();
    assert.deepEqual(hashes(writeTinyClipModel(join(dir, "a"))), hashes(writeTinyClipModel(join(dir, "b"))));
    assert.ok(Object.keys(hashes(writeTinyClipModel(join(dir, "o"), { layout: "onnx" }))).includes("onnx/text_model.onnx"));
  });

  it("the demo folder is the seed-1 model plus an example image, reused unless overwritten", async () => {
    const dir = tempDir();
    const demo = await writeDemoInstructPix2PixModel(join(dir, "demo"));
    assert.equal(demo.reused, false);
    const h = hashes(demo.model);
    assert.ok(h["example-input.png"]);
    delete h["example-input.png"];
    assert.deepEqual(h, hashes(writeTinyInstructPix2PixModel(join(dir, "ref"), { seed: 1 })));
    assert.equal((await writeDemoInstructPix2PixModel(join(dir, "demo"))).reused, true);
    assert.equal((await writeDemoInstructPix2PixModel(join(dir, "demo"), { overwrite: true })).reused, false);
  });

  it("a built graph runs in onnxruntime and computes what it says", async () => {
    const g = new OnnxGraphBuilder("affine");
    g.input("x", "float32", ["batch", 3]);
    const y = g.node("Add", [g.node("Mul", ["x", g.const([1], [2])]), g.const([3], [1, 2, 3])]);
    g.output("y", "float32", ["batch", 3], y);
    const path = join(tempDir(), "affine.onnx");
    await g.save(path);
    const ort = await loadOnnxRuntime();
    const session = await ort.InferenceSession.create(path);
    try {
      const out = await session.run({ x: new ort.Tensor("float32", Float32Array.from([1, 1, 1, -1, 0, 0.5]), [2, 3]) });
      assert.deepEqual(Array.from(out.y?.data as Float32Array), [3, 4, 5, -1, 2, 4]);
      assert.deepEqual(out.y?.dims, [2, 3]);
    } finally {
      await session.release();
    }
  });
});
