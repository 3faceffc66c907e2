/**
 * DiffusionModel through the real onnxruntime-node on tiny self-built HF-layout folders, in the
 * export variants that differ in the wild: int64 or float timestep ([batch], [1] or scalar), int32 or
 * int64 input_ids, fp16 inputs/outputs, fixed batch, latent_sample or latent_parameters.
 */
import assert from "node:assert/strict";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DiffusionModel, type FloatTensor } from "../../src/diffusion/index.js";
import { buildTinyDiffusionModel } from "../fixtures/onnx/diffusionFixtures.js";
import { tempDir } from "../utils/tmp.js";

function latentInput(n: number, h = 4, w = 4): FloatTensor {
  const data = new Float32Array(n * 8 * h * w);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37);
  return { data, dims: [n, 8, h, w] };
}

async function unetOutput(dir: string): Promise<{ model: DiffusionModel; out: FloatTensor }> {
  const model = await DiffusionModel.load(dir);
  const ctx = await model.encodePrompts(["make it red", "", ""]);
  const out = await model.predict(latentInput(3), 500.25, ctx);
  return { model, out };
}

describe("DiffusionModel (HF ONNX layout)", () => {
  const base = tempDir();
  const reference = buildTinyDiffusionModel(join(base, "ref"));

  it("reads input names, dtypes and shapes from the sessions", async () => {
    const model = await DiffusionModel.load(reference);
    const unet = model.part("unet");
    assert.deepEqual(
      unet.inputs.map((i) => [i.name, i.type, i.shape]),
      [
        ["sample", "float32", ["batch", 8, "height", "width"]],
        ["timestep", "int64", ["batch"]],
        ["encoder_hidden_states", "float32", ["batch", "sequence", 8]],
      ],
    );
    assert.equal(model.unetInChannels, 8);
    assert.equal(model.latentChannels, 4);
    assert.equal(model.vaeScalingFactor, 0.18215);
    assert.equal(model.part("textEncoder").input("input_ids")?.type, "int64");
    await model.release();
  });

  it("encodes prompts to [B, 77, D] and distinguishes them", async () => {
    const model = await DiffusionModel.load(reference);
    const e = await model.encodePrompts(["make it red", ""]);
    assert.deepEqual(e.dims, [2, 77, 8]);
    const a = e.data.subarray(0, 77 * 8);
    const b = e.data.subarray(77 * 8);
    assert.notDeepEqual(Array.from(a.subarray(8, 16)), Array.from(b.subarray(8, 16)));
    await model.release();
  });

  it("gives the same UNet output for every timestep/ids/batch variant of the same weights", async () => {
    const { model, out: ref } = await unetOutput(reference);
    await model.release();
    assert.deepEqual(ref.dims, [3, 4, 4, 4]);
    const variants = [
      { idsType: "int32" as const },
      { timestepType: "float32" as const, timestepShape: "scalar" as const },
      { timestepShape: "one" as const },
      { fixedBatch: 1 },
    ];
    for (const [k, v] of variants.entries()) {
      const { model: m, out } = await unetOutput(buildTinyDiffusionModel(join(base, `v${k}`), v));
      assert.deepEqual(out.dims, ref.dims, JSON.stringify(v));
      // float timesteps are truncated by the fixture's σ lookup; int64 rounds 500.25 → 500: same index either way
      for (let i = 0; i < out.data.length; i++)
        assert.ok(Math.abs((out.data[i] as number) - (ref.data[i] as number)) < 1e-4, `${JSON.stringify(v)} at ${i}`);
      await m.release();
    }
  });

  it("runs fp16 models (float16 inputs and outputs) within half precision", async () => {
    const { model: m, out } = await unetOutput(buildTinyDiffusionModel(join(base, "f16"), { float16: true }));
    const { model, out: ref } = await unetOutput(reference);
    assert.equal(m.part("unet").isFloat16, true);
    let worst = 0;
    for (let i = 0; i < out.data.length; i++)
      worst = Math.max(worst, Math.abs((out.data[i] as number) - (ref.data[i] as number)) / (1 + Math.abs(ref.data[i] as number)));
    assert.ok(worst < 2e-2, `fp16 error ${worst}`);
    await m.release();
    await model.release();
  });

  it("takes the mode (first half) of a latent_parameters VAE output", async () => {
    const a = await DiffusionModel.load(reference);
    const b = await DiffusionModel.load(buildTinyDiffusionModel(join(base, "params"), { vaeOutput: "latent_parameters" }));
    const image: FloatTensor = { data: new Float32Array(3 * 16 * 16).map((_, i) => Math.cos(i)), dims: [1, 3, 16, 16] };
    const la = await a.encodeImage(image);
    const lb = await b.encodeImage(image);
    assert.deepEqual(la.dims, [1, 4, 2, 2]);
    assert.deepEqual(lb.dims, [1, 4, 2, 2]);
    assert.deepEqual(Array.from(lb.data), Array.from(la.data));
    const decoded = await a.decodeLatents(la);
    assert.deepEqual(decoded.dims, [1, 3, 16, 16]);
    await a.release();
    await b.release();
  });

  it("names the missing part of a folder in one line", async () => {
    const dir = buildTinyDiffusionModel(join(base, "nounet"), { omit: ["unet"] });
    await assert.rejects(DiffusionModel.load(dir), (err: Error) => {
      assert.match(
        err.message,
        /^UNet \(unet\/model\.onnx\) not found: .*nounet\/unet\/model\.onnx\. A model folder in the Hugging Face ONNX layout/,
      );
      assert.ok(!err.message.includes("\n"));
      return true;
    });
    await assert.rejects(DiffusionModel.load(join(base, "nope")), /Model folder not found: /);
    const noTok = buildTinyDiffusionModel(join(base, "notok"), { omit: ["tokenizer"] });
    await assert.rejects(DiffusionModel.load(noTok), /Tokenizer \(tokenizer\/vocab\.json\) not found/);
  });

  it("reports a corrupt ONNX file as a format error", async () => {
    const dir = buildTinyDiffusionModel(join(base, "corrupt"));
    writeFileSync(join(dir, "vae_decoder", "model.onnx"), "not a protobuf at all");
    await assert.rejects(
      DiffusionModel.load(dir),
      /vae_decoder\/model\.onnx: not a valid ONNX file \(onnxruntime could not load the VAE decoder/,
    );
  });

  it("falls back to the SD 1.x scheduler config when the folder has none", async () => {
    const model = await DiffusionModel.load(buildTinyDiffusionModel(join(base, "nosched"), { omit: ["scheduler"] }), { parts: ["unet"] });
    assert.equal(model.schedulerConfig.beta_schedule, "scaled_linear");
    await model.release();
  });

  it("says which part is not what its folder claims (a file copied into the wrong folder)", async () => {
    const swaps: [string, string, RegExp][] = [
      [
        "unet",
        "text_encoder",
        /text_encoder\/model\.onnx: not a text encoder \(expected integer input_ids .* it declares inputs sample float32\[batch,8,height,width\]/,
      ],
      ["text_encoder", "unet", /unet\/model\.onnx: not a UNet \(expected inputs sample .* it declares inputs input_ids int64/],
      ["vae_decoder", "vae_encoder", /vae_encoder\/model\.onnx: not a VAE encoder \(expected an image input sample \[B,3,H,W\]/],
      ["vae_encoder", "vae_decoder", /vae_decoder\/model\.onnx: not a VAE decoder \(expected a latent input .* and an image output/],
    ];
    for (const [from, to, pattern] of swaps) {
      const dir = buildTinyDiffusionModel(join(base, `swap-${from}-${to}`));
      copyFileSync(join(dir, from, "model.onnx"), join(dir, to, "model.onnx"));
      await assert.rejects(DiffusionModel.load(dir), (err: Error) => {
        assert.match(err.message, pattern);
        assert.match(err.message, /Put the .* of the same export in /);
        assert.ok(!err.message.includes("\n"));
        return true;
      });
    }
  });

  it("refuses a scheduler or VAE config with a wrong shape, type or range, naming the file and the key", async () => {
    const cases: [string, string, RegExp][] = [
      ["scheduler/scheduler_config.json", "null", /scheduler_config\.json: not a valid scheduler config file \(expected a JSON object/],
      ["scheduler/scheduler_config.json", "[1, 2]", /expected a JSON object/],
      ["scheduler/scheduler_config.json", '{"beta_start": "abc"}', /"beta_start" must be a number from 0 to 1, got "abc"/],
      ["scheduler/scheduler_config.json", '{"num_train_timesteps": 0}', /"num_train_timesteps" must be a whole number from 2/],
      ["scheduler/scheduler_config.json", '{"beta_start": 0.5, "beta_end": 0.1}', /"beta_start" \(0\.5\) is larger than "beta_end"/],
      ["scheduler/scheduler_config.json", '{"trained_betas": [0.1, "x"]}', /"trained_betas" must be a list of numbers/],
      ["vae_decoder/config.json", "null", /vae_decoder\/config\.json: not a valid VAE config file \(expected a JSON object\)/],
      ["vae_decoder/config.json", '{"scaling_factor": "x"}', /"scaling_factor" must be a positive number/],
      ["unet/config.json", "7", /unet\/config\.json: not a valid UNet config file/],
    ];
    for (const [i, [file, content, pattern]] of cases.entries()) {
      const dir = buildTinyDiffusionModel(join(base, `badcfg${i}`));
      writeFileSync(join(dir, file), content);
      await assert.rejects(DiffusionModel.load(dir, { parts: ["unet"] }), (err: Error) => {
        assert.match(err.message, pattern);
        assert.ok(!err.message.includes("\n"));
        return true;
      });
    }
    // As in diffusers, absent keys take the defaults.
    const dir = buildTinyDiffusionModel(join(base, "emptycfg"));
    writeFileSync(join(dir, "scheduler", "scheduler_config.json"), "{}");
    const model = await DiffusionModel.load(dir, { parts: ["unet"] });
    assert.deepEqual(model.schedulerConfig, {});
    await model.release();
  });
});
