/**
 * The one denoising loop every diffusion pipeline runs: start from a latent, and at each scheduler
 * step scale the latent, batch it once per guidance branch (with the branch's extra input channels,
 * e.g. InstructPix2Pix's image latent), call the UNet chosen for that step, combine the branch
 * outputs by the guidance rule, and step the scheduler. The per-step UNet choice is the hook
 * timestep-routed experts (ERNIE-ViLG 2.0's mixture of denoising experts, SDXL base + refiner) use:
 * the latent stays one array from the first step to the last, with no copy, re-noising or extra
 * random draw at a handoff.
 * @module
 */
import { InvalidInputError, type OnProgress, progressTask, type Rng, throwIfAborted } from "../core/index.js";
import { classifierFreeGuidance, dualGuidance, dualGuidanceWeights } from "./guidance.js";
import type { Scheduler } from "./schedulers/Scheduler.js";
import { concatBatch, concatChannels, type FloatTensor, sliceBatch } from "./tensor.js";

/** Anything that predicts the model output for a batch of samples (a {@link DiffusionModel} UNet does). */
export interface NoisePredictor {
  /** `sample` `[B, C, h, w]` at training timestep `t` with context `[B, 77, D]` → output `[B, 4, h, w]`. */
  predict(sample: FloatTensor, t: number, context: FloatTensor): Promise<FloatTensor>;
}

/** Where the loop stands: the step about to run. */
export interface DenoiseStep {
  /** Step index, 0-based. */
  step: number;
  /** Training timestep fed to the UNet (may be fractional). */
  timestep: number;
  /** The scheduler's σ before this step. */
  sigma: number;
  /** Total number of steps. */
  steps: number;
}

/** One batch branch of a guidance rule: the text context and, optionally, channels appended to the latent. */
export interface GuidanceBranch {
  /** Branch name, for traces (`"cond"`, `"uncond"`, `"imageOnly"`…). */
  name: string;
  /** Text context `[1, 77, D]`. */
  context: FloatTensor;
  /** Channels concatenated after the scaled latent (InstructPix2Pix's unscaled image latent), `[1, c, h, w]`. */
  extraChannels?: FloatTensor;
}

/**
 * A guidance rule: which branches to batch into one UNet call and how to combine their outputs
 * (`outputs[k]` belongs to `branches[k]`) into the noise prediction the scheduler steps with.
 */
export interface Guidance {
  readonly branches: readonly GuidanceBranch[];
  combine(outputs: readonly Float32Array[]): Float32Array;
}

/**
 * Classic classifier-free guidance ε̃ = ε(∅) + s·(ε(c) − ε(∅)), as diffusers computes it. A scale
 * of 1 runs the conditioned branch alone (one UNet batch row instead of two).
 */
export function classicGuidance(cond: FloatTensor, uncond: FloatTensor, scale: number): Guidance {
  if (!Number.isFinite(scale)) throw new InvalidInputError(`The guidance scale must be a finite number; got ${scale}.`);
  if (scale === 1) return { branches: [{ name: "cond", context: cond }], combine: (o) => o[0] as Float32Array };
  return {
    branches: [
      { name: "uncond", context: uncond },
      { name: "cond", context: cond },
    ],
    combine: (o) => classifierFreeGuidance(o[0] as Float32Array, o[1] as Float32Array, scale),
  };
}

/** Inputs of {@link instructPix2PixGuidance}. */
export interface DualGuidanceInputs {
  /** Instruction context c_T `[1, 77, D]`. */
  text: FloatTensor;
  /** Null (or negative) text context ∅ `[1, 77, D]`. */
  nullText: FloatTensor;
  /** Image latent c_I `[1, 4, h, w]`, unscaled. */
  image: FloatTensor;
  /** Text guidance s_T. */
  textScale: number;
  /** Image guidance s_I. */
  imageScale: number;
}

/**
 * InstructPix2Pix's dual guidance as batch branches, in the authors' order [ε(I,T), ε(I,∅), ε(∅,∅)]
 * with text [c_T, ∅, ∅] and image [c_I, c_I, 0]; branches whose weight is zero are left out
 * (s_I = 1 drops ε(∅,∅), s_I = s_T drops ε(I,∅)).
 */
export function instructPix2PixGuidance(inputs: DualGuidanceInputs): Guidance {
  const { textScale, imageScale } = inputs;
  const w = dualGuidanceWeights(textScale, imageScale);
  const zeros: FloatTensor = { data: new Float32Array(inputs.image.data.length), dims: [...inputs.image.dims] };
  const branches = [
    { name: "full", weight: w.full, context: inputs.text, extraChannels: inputs.image },
    { name: "imageOnly", weight: w.imageOnly, context: inputs.nullText, extraChannels: inputs.image },
    { name: "uncond", weight: w.uncond, context: inputs.nullText, extraChannels: zeros },
  ]
    .filter((b) => b.weight !== 0)
    .map(({ name, context, extraChannels }) => ({ name, context, extraChannels }));
  return {
    branches,
    combine: (outputs) => {
      const get = (name: string) => {
        const k = branches.findIndex((b) => b.name === name);
        return k < 0 ? undefined : outputs[k];
      };
      return dualGuidance(get("full"), get("imageOnly"), get("uncond"), textScale, imageScale);
    },
  };
}

/** Options of {@link denoise}. */
export interface DenoiseOptions {
  /** The sampler, made for this run (multistep solvers keep state between steps). */
  scheduler: Scheduler;
  /** The starting latent `[1, C, h, w]` (for text-to-image: N(0, I)·initNoiseSigma). It is not modified. */
  latent: FloatTensor;
  /** Source of ancestral noise for stochastic samplers; pass the generator that drew the initial noise. */
  rng: Rng;
  /**
   * The UNet, or a function choosing the UNet for each step (timestep-routed experts). The function
   * may load lazily (return a promise); it is called once per step, before that step's UNet call.
   */
  unet: NoisePredictor | ((step: DenoiseStep) => NoisePredictor | Promise<NoisePredictor>);
  /** The guidance rule, or one per step (per-expert guidance scales). */
  guidance: Guidance | ((step: DenoiseStep) => Guidance);
  /**
   * Called after each step with the new latent. It may change the latent in place (InstructPix2Pix's
   * masked blending does); it is awaited, so it can decode a preview.
   */
  afterStep?: (latent: FloatTensor, step: DenoiseStep) => void | Promise<void>;
  /** Per-step progress under this label. Defaults to `"denoise"`. */
  progressLabel?: string;
  /** Per-step progress (`detail` is `t=<timestep>`). */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link denoise} returns. */
export interface DenoiseResult {
  /** The final latent (a new array). */
  latent: FloatTensor;
  /** The steps that ran, in order. */
  steps: DenoiseStep[];
  /** Wall-clock seconds of the loop. */
  seconds: number;
}

const isPredictor = (u: DenoiseOptions["unet"]): u is NoisePredictor => typeof (u as NoisePredictor).predict === "function";

/** Runs the scheduler's steps from `latent` and returns the denoised latent. */
export async function denoise(options: DenoiseOptions): Promise<DenoiseResult> {
  const { scheduler, rng } = options;
  const dims = [...options.latent.dims];
  let x: FloatTensor = { data: options.latent.data, dims };
  const progress = progressTask(options.onProgress, options.progressLabel ?? "denoise", scheduler.steps, "steps");
  const trace: DenoiseStep[] = [];
  const t0 = performance.now();
  let extrasFor: Guidance | undefined;
  let extras: FloatTensor | undefined;
  let contextFor: Guidance | undefined;
  let context: FloatTensor | undefined;
  for (let i = 0; i < scheduler.steps; i++) {
    throwIfAborted(options.signal);
    const info: DenoiseStep = {
      step: i,
      timestep: scheduler.timesteps[i] as number,
      sigma: scheduler.sigmas[i] as number,
      steps: scheduler.steps,
    };
    const guidance = typeof options.guidance === "function" ? options.guidance(info) : options.guidance;
    const unet = isPredictor(options.unet) ? options.unet : await options.unet(info);
    throwIfAborted(options.signal);
    if (contextFor !== guidance) {
      context = concatBatch(guidance.branches.map((b) => b.context));
      contextFor = guidance;
    }
    if (extrasFor !== guidance) {
      const withExtra = guidance.branches.filter((b) => b.extraChannels);
      if (withExtra.length !== 0 && withExtra.length !== guidance.branches.length)
        throw new InvalidInputError("Every guidance branch must have extra channels, or none.");
      extras = withExtra.length ? concatBatch(withExtra.map((b) => b.extraChannels as FloatTensor)) : undefined;
      extrasFor = guidance;
    }
    const scaled: FloatTensor = { data: scheduler.scaleModelInput(x.data, i), dims };
    const batch = guidance.branches.length === 1 ? scaled : concatBatch(guidance.branches.map(() => scaled));
    const sample = extras ? concatChannels(batch, extras) : batch;
    const out = await unet.predict(sample, info.timestep, context as FloatTensor);
    const outputs = guidance.branches.length === 1 ? [out.data] : guidance.branches.map((_, k) => sliceBatch(out, k).data);
    const eps = guidance.combine(outputs);
    x = { data: scheduler.step(eps, i, x.data, rng), dims };
    trace.push(info);
    if (options.afterStep) await options.afterStep(x, info);
    progress.tick(1, `t=${Math.round(info.timestep)}`);
  }
  progress.done();
  throwIfAborted(options.signal);
  return { latent: x, steps: trace, seconds: (performance.now() - t0) / 1000 };
}
