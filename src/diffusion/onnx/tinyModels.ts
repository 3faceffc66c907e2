/**
 * Tiny, real, runnable model folders in the Hugging Face ONNX export layout, built by code with
 * {@link OnnxGraphBuilder}: an InstructPix2Pix-shaped diffusion model (text_encoder, unet,
 * vae_encoder, vae_decoder, tokenizer, scheduler) and a CLIP model (text_model.onnx,
 * vision_model.onnx). Input/output names and ranks are those of the real exports; the weights are
 * small seeded random numbers and the ops are cheap (Gather, Conv, AveragePool, Resize, ReduceMean,
 * MatMul), so a full edit runs in well under a second. They serve as test fixtures and as the
 * no-download demo model of `yomikai edit demo-model`: the pipeline runs end to end, but the
 * "edit" is a colour shift plus noise, not a learned edit. The same arguments always give the same
 * bytes.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng, makeFolder } from "../../core/index.js";
import { loadSharp } from "../image.js";
import { type ElemType, OnnxGraphBuilder } from "./OnnxGraphBuilder.js";

/** Words the tiny tokenizer knows as whole tokens (others fall back to characters). */
export const TINY_WORDS = ["make", "it", "a", "red", "blue", "photo", "of", "cat", "dog", "snowy", "turn", "into", "watercolor"];

/** Writes `vocab.json` + `merges.txt` of a tiny CLIP-style BPE vocabulary into `dir`. */
export function writeTinyTokenizer(dir: string, extra: { padToken?: string } = {}): { vocab: Map<string, number>; merges: string[] } {
  makeFolder(dir);
  const vocab = new Map<string, number>();
  const add = (t: string) => {
    if (!vocab.has(t)) vocab.set(t, vocab.size);
  };
  // Printable ASCII letters/digits/punctuation as single symbols, with and without </w>.
  for (let c = 33; c <= 126; c++) add(String.fromCharCode(c));
  for (let c = 33; c <= 126; c++) add(`${String.fromCharCode(c)}</w>`);
  // Merges that build each whole word left to right: "m a", "ma k", "mak e</w>".
  const merges: string[] = [];
  for (const word of TINY_WORDS) {
    const chars = [...word];
    let acc = chars[0] as string;
    for (let i = 1; i < chars.length; i++) {
      const next = i === chars.length - 1 ? `${chars[i]}</w>` : (chars[i] as string);
      const rule = `${acc} ${next}`;
      if (!merges.includes(rule)) merges.push(rule);
      acc = acc + next;
      add(acc);
    }
  }
  add("<|startoftext|>");
  add("<|endoftext|>");
  writeFileSync(join(dir, "vocab.json"), JSON.stringify(Object.fromEntries(vocab)));
  writeFileSync(join(dir, "merges.txt"), `#version: 0.2\n${merges.join("\n")}\n`);
  if (extra.padToken) writeFileSync(join(dir, "special_tokens_map.json"), JSON.stringify({ pad_token: extra.padToken }));
  return { vocab, merges };
}

/** Options of {@link buildTinyDiffusionModel}. */
export interface TinyDiffusionOptions {
  /** UNet input channels: 8 for InstructPix2Pix, 4 for a plain text-to-image UNet. Defaults to 8. */
  unetInChannels?: number;
  /** Element type of the UNet `timestep` input. Defaults to `"int64"`. */
  timestepType?: "float32" | "int64";
  /** Shape of `timestep`: `[batch]`, `[1]` or a scalar `[]`. Defaults to `"batch"`. */
  timestepShape?: "batch" | "one" | "scalar";
  /** Element type of `input_ids`. Defaults to `"int64"`. */
  idsType?: "int32" | "int64";
  /** fp16 inputs and outputs (weights cast inside). Defaults to false. */
  float16?: boolean;
  /** A fixed batch size on every input instead of a symbolic one. */
  fixedBatch?: number;
  /** VAE encoder output: `latent_sample` (4 ch) or `latent_parameters` (mean ‖ logvar, 8 ch). */
  vaeOutput?: "latent_sample" | "latent_parameters";
  /** Text embedding width. Defaults to 8. */
  contextDim?: number;
  /** Parts to leave out (to test errors). */
  omit?: ("text_encoder" | "unet" | "vae_encoder" | "vae_decoder" | "tokenizer" | "scheduler")[];
  /** scheduler_config.json content. Defaults to the InstructPix2Pix one (Euler ancestral, scaled_linear). */
  schedulerConfig?: Record<string, unknown>;
  /**
   * How much of the true noise the 8-channel UNet predicts: 1 = an ideal denoiser (the result is
   * exactly x̂₀ and independent of the seed), below 1 leaves some noise in, as real models do.
   * Defaults to 0.9.
   */
  denoiseStrength?: number;
  /** Weight seed. Defaults to 1. */
  seed?: number;
  /**
   * 4-channel UNets only: output this constant everywhere instead of the random denoiser, so the
   * output identifies the UNet (routing tests). Defaults to none.
   */
  unetConstant?: number;
  /** 4-channel UNets only: a per-channel bias added to the output (a visible "style" per expert). */
  unetBias?: readonly number[];
  /** `_class_name` written to `model_index.json`. Defaults to the InstructPix2Pix pipeline's. */
  pipelineClass?: string;
}

/** The scheduler config timbrooks/instruct-pix2pix ships. */
export const IP2P_SCHEDULER_CONFIG = {
  _class_name: "EulerAncestralDiscreteScheduler",
  _diffusers_version: "0.12.0.dev0",
  beta_end: 0.012,
  beta_schedule: "scaled_linear",
  beta_start: 0.00085,
  num_train_timesteps: 1000,
  prediction_type: "epsilon",
  steps_offset: 1,
  trained_betas: null,
};

/** σ_t = √((1 − ᾱ_t)/ᾱ_t) of Stable Diffusion's training schedule (scaled_linear 0.00085 → 0.012, 1000 steps). */
function sdSigmas(): Float32Array {
  const out = new Float32Array(1000);
  let prod = 1;
  for (let i = 0; i < 1000; i++) {
    const b = (Math.sqrt(0.00085) + ((Math.sqrt(0.012) - Math.sqrt(0.00085)) * i) / 999) ** 2;
    prod *= 1 - b;
    out[i] = Math.sqrt((1 - prod) / prod);
  }
  return out;
}

function floatIo(g: OnnxGraphBuilder, name: string, f16: boolean, dims: (number | string)[]): string {
  g.input(name, f16 ? "float16" : "float32", dims);
  return f16 ? g.node("Cast", [name], { to: 1 }) : name;
}

function floatOut(g: OnnxGraphBuilder, name: string, f16: boolean, dims: (number | string)[] | undefined, from: string): void {
  const v = f16 ? g.node("Cast", [from], { to: 10 }) : from;
  g.output(name, f16 ? "float16" : "float32", dims, v);
}

function randomWeights(rng: ReturnType<typeof createRng>, size: number, scale: number): Float32Array {
  const w = new Float32Array(size);
  for (let i = 0; i < size; i++) w[i] = rng.normal() * scale;
  return w;
}

/** Builds a tiny model folder in the HF ONNX layout into `dir` and returns `dir`. */
export function buildTinyDiffusionModel(dir: string, options: TinyDiffusionOptions = {}): string {
  const rng = createRng(options.seed ?? 1);
  const omit = new Set(options.omit ?? []);
  const f16 = options.float16 ?? false;
  const D = options.contextDim ?? 8;
  const B: number | string = options.fixedBatch ?? "batch";
  const cin = options.unetInChannels ?? 8;
  makeFolder(dir);
  writeFileSync(
    join(dir, "model_index.json"),
    JSON.stringify({ _class_name: options.pipelineClass ?? "ORTStableDiffusionInstructPix2PixPipeline" }),
  );

  const tokDir = join(dir, "tokenizer");
  const { vocab } = omit.has("tokenizer") ? { vocab: new Map<string, number>() } : writeTinyTokenizer(tokDir);
  const V = Math.max(vocab.size, 300);

  if (!omit.has("scheduler")) {
    mkdirSync(join(dir, "scheduler"), { recursive: true });
    writeFileSync(join(dir, "scheduler", "scheduler_config.json"), JSON.stringify(options.schedulerConfig ?? IP2P_SCHEDULER_CONFIG));
  }

  const save = (folder: string, g: OnnxGraphBuilder) => {
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, "model.onnx"), g.toBytes());
  };

  if (!omit.has("text_encoder")) {
    const g = new OnnxGraphBuilder("text_encoder");
    const idsType: ElemType = options.idsType ?? "int64";
    g.input("input_ids", idsType, [B, "sequence"]);
    const table = g.init([V, D], randomWeights(rng, V * D, 0.5));
    const tok = g.node("Gather", [table, "input_ids"], { axis: 0 });
    const pos = g.init([77, D], randomWeights(rng, 77 * D, 0.1));
    const hidden = g.node("Add", [tok, pos]);
    floatOut(g, "last_hidden_state", f16, [B, "sequence", D], hidden);
    floatOut(g, "pooler_output", f16, [B, D], g.node("ReduceMean", [hidden], { axes: [1], keepdims: 0 }));
    save("text_encoder", g);
  }

  if (!omit.has("vae_encoder")) {
    const g = new OnnxGraphBuilder("vae_encoder");
    const x = floatIo(g, "sample", f16, [B, 3, "height", "width"]);
    const pooled = g.node("AveragePool", [x], { kernel_shape: [8, 8], strides: [8, 8] });
    const params = options.vaeOutput === "latent_parameters";
    const outC = params ? 8 : 4;
    // Channels 0–2 follow R, G, B; channel 3 is the mean; log-variance channels (if any) are constant −2.
    const w = new Float32Array(outC * 3);
    for (let c = 0; c < 3; c++) w[c * 3 + c] = 1;
    for (let c = 0; c < 3; c++) w[3 * 3 + c] = 1 / 3;
    const bias = new Float32Array(outC);
    for (let c = 4; c < outC; c++) bias[c] = -2;
    const conv = g.node("Conv", [pooled, g.init([outC, 3, 1, 1], w), g.init([outC], bias)]);
    floatOut(g, params ? "latent_parameters" : "latent_sample", f16, [B, outC, "height_latent", "width_latent"], conv);
    save("vae_encoder", g);
    writeFileSync(join(dir, "vae_encoder", "config.json"), JSON.stringify({ scaling_factor: 0.18215, latent_channels: 4 }));
  }

  if (!omit.has("vae_decoder")) {
    const g = new OnnxGraphBuilder("vae_decoder");
    const z = floatIo(g, "latent_sample", f16, [B, 4, "height_latent", "width_latent"]);
    const w = new Float32Array(3 * 4);
    for (let c = 0; c < 3; c++) w[c * 4 + c] = 1;
    const conv = g.node("Conv", [z, g.init([3, 4, 1, 1], w)]);
    const up = g.node("Resize", [conv, "", g.const([4], [1, 1, 8, 8])], { mode: "nearest" });
    floatOut(g, "sample", f16, [B, 3, "height", "width"], g.node("Tanh", [up]));
    save("vae_decoder", g);
    writeFileSync(join(dir, "vae_decoder", "config.json"), JSON.stringify({ scaling_factor: 0.18215, latent_channels: 4 }));
  }

  if (!omit.has("unet")) {
    const g = new OnnxGraphBuilder("unet");
    const x = floatIo(g, "sample", f16, [B, cin, "height", "width"]);
    const tType = options.timestepType ?? "int64";
    const tShape = options.timestepShape ?? "batch";
    const tDims = tShape === "batch" ? [B] : tShape === "one" ? [1] : [];
    if (tType === "float32" && f16) g.input("timestep", "float16", tDims);
    else g.input("timestep", tType, tDims);
    const ctx = floatIo(g, "encoder_hidden_states", f16, [B, "sequence", D]);
    // Text term: mean of the first 8 token states (start token + the instruction's first words) × W.
    const head = g.node("Slice", [ctx, g.ints([0]), g.ints([8]), g.ints([1])]);
    const pooled = g.node("ReduceMean", [head], { axes: [1], keepdims: 0 });
    const textShift = g.node("Reshape", [
      g.node("MatMul", [pooled, g.init([D, 4], randomWeights(rng, D * 4, 0.15))]),
      g.ints([-1, 4, 1, 1]),
    ]);
    let out: string;
    // ε = (x_in·√(σ²+1) − x̂₀)/σ, σ looked up from the training schedule by timestep: the output of an
    // "ideal denoiser" towards x̂₀ (the same formula in σ and VP space, since the UNet's input is
    // (x₀ + σε)/√(σ²+1) in both), damped by denoiseStrength so that some noise is left, as real models do.
    const towards = (xIn: string, x0: string) => {
      const sigmaTable = sdSigmas();
      const tIdx = g.node("Cast", ["timestep"], { to: 7 });
      const sigma = g.node("Reshape", [
        g.node("Gather", [g.init([sigmaTable.length], sigmaTable), tIdx], { axis: 0 }),
        g.ints([-1, 1, 1, 1]),
      ]);
      const root = g.node("Sqrt", [g.node("Add", [g.node("Mul", [sigma, sigma]), g.const([1], [1])])]);
      const ideal = g.node("Div", [g.node("Sub", [g.node("Mul", [xIn, root]), x0]), sigma]);
      return g.node("Mul", [ideal, g.const([1], [options.denoiseStrength ?? 0.9])]);
    };
    if (cin === 8) {
      // Towards x̂₀ = image latent · 0.18215 + a text-dependent colour shift. Under dual guidance the
      // result is the input image scaled by s_I and tinted by s_T along the instruction.
      const xIn = g.node("Slice", [x, g.ints([0]), g.ints([4]), g.ints([1])]);
      const img = g.node("Slice", [x, g.ints([4]), g.ints([8]), g.ints([1])]);
      out = towards(xIn, g.node("Add", [g.node("Mul", [img, g.const([1], [0.18215])]), textShift]));
    } else if (options.unetConstant !== undefined) {
      // Zero times the input keeps the output's shape; the value is the constant alone.
      const zero = g.node("Mul", [g.node("Slice", [x, g.ints([0]), g.ints([4]), g.ints([1])]), g.const([1], [0])]);
      out = g.node("Add", [zero, g.const([1], [options.unetConstant])]);
    } else {
      // Text-to-image: towards x̂₀ = a text-dependent colour + the per-channel bias + a random 3×3
      // convolution of the noisy input (a seed-dependent texture).
      const conv = g.node("Conv", [x, g.init([4, cin, 3, 3], randomWeights(rng, 4 * cin * 9, 0.05))], { pads: [1, 1, 1, 1] });
      let x0 = g.node("Add", [conv, g.node("Mul", [textShift, g.const([1], [2])])]);
      if (options.unetBias) x0 = g.node("Add", [x0, g.const([1, 4, 1, 1], [...options.unetBias])]);
      out = towards(x, x0);
    }
    floatOut(g, "out_sample", f16, [B, 4, "height", "width"], out);
    save("unet", g);
    writeFileSync(join(dir, "unet", "config.json"), JSON.stringify({ in_channels: cin, out_channels: 4, cross_attention_dim: D }));
  }
  return dir;
}

/** Builds a tiny CLIP folder (`text_model.onnx`, `vision_model.onnx`, tokenizer files) into `dir`. */
export function buildTinyClipModel(
  dir: string,
  options: { embedDim?: number; imageSize?: number; seed?: number; layout?: "flat" | "onnx" } = {},
): string {
  const rng = createRng(options.seed ?? 7);
  const E = options.embedDim ?? 16;
  const S = options.imageSize ?? 224;
  const D = 8;
  makeFolder(dir);
  const { vocab } = writeTinyTokenizer(dir);
  const V = Math.max(vocab.size, 300);
  const onnxDir = options.layout === "onnx" ? join(dir, "onnx") : dir;
  mkdirSync(onnxDir, { recursive: true });

  const t = new OnnxGraphBuilder("text_model");
  t.input("input_ids", "int64", ["batch_size", "sequence_length"]);
  t.input("attention_mask", "int64", ["batch_size", "sequence_length"]);
  const emb = t.node("Gather", [t.init([V, D], randomWeights(rng, V * D, 1)), "input_ids"], { axis: 0 });
  const mask = t.node("Unsqueeze", [t.node("Cast", ["attention_mask"], { to: 1 }), t.ints([2])]);
  const pooled = t.node("ReduceMean", [t.node("Mul", [emb, mask])], { axes: [1], keepdims: 0 });
  t.output("text_embeds", "float32", ["batch_size", E], t.node("MatMul", [pooled, t.init([D, E], randomWeights(rng, D * E, 1))]));
  writeFileSync(join(onnxDir, "text_model.onnx"), t.toBytes());

  const v = new OnnxGraphBuilder("vision_model");
  v.input("pixel_values", "float32", ["batch_size", 3, S, S]);
  const k = S / 4;
  const pooledV = v.node("AveragePool", ["pixel_values"], { kernel_shape: [k, k], strides: [k, k] });
  const flat = v.node("Flatten", [pooledV], { axis: 1 });
  v.output("image_embeds", "float32", ["batch_size", E], v.node("MatMul", [flat, v.init([48, E], randomWeights(rng, 48 * E, 1))]));
  writeFileSync(join(onnxDir, "vision_model.onnx"), v.toBytes());
  return dir;
}

/** Writes a small PNG/JPEG (a colour gradient with a red square) of `width` × `height` (needs sharp). */
export async function writeGradientImage(path: string, width: number, height: number, format: "png" | "jpeg" = "png"): Promise<void> {
  const sharp = await loadSharp();
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const inSquare = x > width / 4 && x < (3 * width) / 4 && y > height / 4 && y < (3 * height) / 4;
      data[i] = inSquare ? 220 : Math.round((255 * x) / width);
      data[i + 1] = inSquare ? 40 : Math.round((255 * y) / height);
      data[i + 2] = inSquare ? 40 : 128;
    }
  const img = sharp(data, { raw: { width, height, channels: 3 } });
  await (format === "png" ? img.png() : img.jpeg({ quality: 90 })).toFile(path);
}

/**
 * Writes a tiny random-weight InstructPix2Pix model (8-channel UNet, Euler ancestral scheduler) in
 * the Hugging Face ONNX layout into `dir` and returns `dir`; {@link buildTinyDiffusionModel} with its
 * defaults. The same seed gives byte-identical files. The weights are random: edits are noise.
 * @example
 * ```ts
 * const dir = writeTinyInstructPix2PixModel("demo/instruct-pix2pix", { seed: 1 });
 * const pipeline = await InstructPix2Pix.load(dir); // from "yomikai/instruct-pix2pix"
 * ```
 */
export function writeTinyInstructPix2PixModel(dir: string, options: { seed?: number } = {}): string {
  return buildTinyDiffusionModel(dir, { seed: options.seed ?? 1 });
}

/** The scheduler config of the tiny text-to-image folders: Stable Diffusion's schedule with DDIM (ERNIE-ViLG 2.0's sampler). */
export const TEXT_TO_IMAGE_SCHEDULER_CONFIG = {
  _class_name: "DDIMScheduler",
  beta_end: 0.012,
  beta_schedule: "scaled_linear",
  beta_start: 0.00085,
  clip_sample: false,
  num_train_timesteps: 1000,
  prediction_type: "epsilon",
  set_alpha_to_one: false,
  steps_offset: 1,
  timestep_spacing: "leading",
};

/** Options of {@link writeTinyTextToImageModel}. */
export interface TinyTextToImageOptions {
  /** Weight seed. Defaults to 1. */
  seed?: number;
  /** The UNet outputs this constant everywhere (its output identifies it). Defaults to a random denoiser. */
  unetConstant?: number;
  /** A per-channel bias added to the random UNet's output. */
  unetBias?: readonly number[];
  /** scheduler_config.json content. Defaults to {@link TEXT_TO_IMAGE_SCHEDULER_CONFIG}. */
  schedulerConfig?: Record<string, unknown>;
}

/**
 * Writes a tiny random-weight text-to-image folder (Stable Diffusion layout: tokenizer/,
 * text_encoder/, unet/ with 4 input channels, vae_decoder/, scheduler/) into `dir` and returns `dir`;
 * same bytes for the same options. The images are noise; the folder shows the pipeline end to end.
 */
export function writeTinyTextToImageModel(dir: string, options: TinyTextToImageOptions = {}): string {
  return buildTinyDiffusionModel(dir, {
    seed: options.seed ?? 1,
    unetInChannels: 4,
    omit: ["vae_encoder"],
    pipelineClass: "ORTStableDiffusionPipeline",
    schedulerConfig: options.schedulerConfig ?? TEXT_TO_IMAGE_SCHEDULER_CONFIG,
    ...(options.unetConstant !== undefined ? { unetConstant: options.unetConstant } : {}),
    ...(options.unetBias ? { unetBias: options.unetBias } : {}),
  });
}

/** Options of {@link writeTinyClipModel}. */
export interface TinyClipOptions {
  /** Width of the joint embedding. Defaults to 16. */
  embedDim?: number;
  /** Side of the vision model's square input. Defaults to 224. */
  imageSize?: number;
  /** Weight seed. Defaults to 7. */
  seed?: number;
  /** `flat`: the .onnx files beside the tokenizer (default); `onnx`: in an `onnx/` subfolder. */
  layout?: "flat" | "onnx";
}

/**
 * Writes a tiny random-weight CLIP model (`text_model.onnx` → `text_embeds`, `vision_model.onnx` →
 * `image_embeds`, CLIP BPE tokenizer files) into `dir` and returns `dir`; same bytes for the same
 * options. Similarities from it are meaningless; it shows the CLIP metric plumbing without a download.
 */
export function writeTinyClipModel(dir: string, options: TinyClipOptions = {}): string {
  return buildTinyClipModel(dir, options);
}

/** What {@link writeDemoInstructPix2PixModel} wrote. */
export interface DemoInstructPix2PixModel {
  /** The model folder (Hugging Face ONNX layout). */
  model: string;
  /** A 128 × 96 example input image inside the folder (`example-input.png`). */
  image: string;
  /** True when an existing folder was kept as it was. */
  reused: boolean;
}

/** File name of the example input image written into the demo folder. */
export const DEMO_EXAMPLE_IMAGE = "example-input.png";

/**
 * Writes (or reuses) the no-download InstructPix2Pix demo: {@link writeTinyInstructPix2PixModel}
 * (seed 1) into `dir`, plus an example input image. An existing complete folder is kept unless
 * `overwrite` is set. The weights are random, so the "edit" is noise; the folder only shows the
 * pipeline (tokenizer, text encoder, VAE, dual-guidance UNet loop, scheduler) end to end.
 */
export async function writeDemoInstructPix2PixModel(dir: string, options: { overwrite?: boolean } = {}): Promise<DemoInstructPix2PixModel> {
  const image = join(dir, DEMO_EXAMPLE_IMAGE);
  const parts = [
    "model_index.json",
    "unet/model.onnx",
    "text_encoder/model.onnx",
    "vae_encoder/model.onnx",
    "vae_decoder/model.onnx",
    "tokenizer/vocab.json",
    "scheduler/scheduler_config.json",
  ];
  const reused = !options.overwrite && existsSync(image) && parts.every((p) => existsSync(join(dir, p)));
  if (!reused) {
    writeTinyInstructPix2PixModel(dir, { seed: 1 });
    await writeGradientImage(image, 128, 96);
  }
  return { model: dir, image, reused };
}
