/**
 * Plain text-to-image (prompt → image) over a Stable-Diffusion folder in the Hugging Face ONNX layout
 * (`tokenizer/`, `text_encoder/`, `unet/` with 4 input channels, `vae_decoder/`, `scheduler/`):
 * classic classifier-free guidance, seeded initial noise, the shared {@link denoise} loop, the VAE
 * decoder. The UNet may be replaced per step (timestep-routed experts) and the text conditioning
 * supplied precomputed (prompt weighting).
 * @module
 */
import { createRng, InvalidInputError, type OnProgress } from "../core/index.js";
import { DiffusionModel, type DiffusionPart } from "./DiffusionModel.js";
import { classicGuidance, type DenoiseOptions, type DenoiseStep, denoise, type Guidance } from "./denoise.js";
import { type RgbImage, tensorToImage } from "./image.js";
import type { OnnxComponent, OnnxSessionOptions } from "./OnnxComponent.js";
import { createScheduler } from "./schedulers/createScheduler.js";
import type { SigmaSchedule } from "./schedulers/EulerScheduler.js";
import type { SchedulerName } from "./schedulers/Scheduler.js";
import { type FloatTensor, randomNormal } from "./tensor.js";

/** Defaults and limits of {@link TextToImage.generate}, shared by the CLI flags and web validators. */
export const TEXT_TO_IMAGE_DEFAULTS = {
  /** Denoising steps. */
  steps: 20,
  /** Classifier-free guidance scale (Stable Diffusion's usual 7.5). */
  guidance: 7.5,
  /** Image width and height in pixels. */
  width: 512,
  height: 512,
  seed: 0,
} as const;

/** Limits of the text-to-image options. */
export const TEXT_TO_IMAGE_LIMITS = {
  steps: { min: 1, max: 1000 },
  /** Image sides: multiples of 8 (the VAE's factor) in this range. */
  side: { min: 8, max: 2048 },
  guidance: { min: 0, max: 100 },
} as const;

/** Options of {@link TextToImage.generate}. */
export interface TextToImageOptions {
  /** What to draw. */
  prompt: string;
  /** Negative prompt, used for the unconditioned branch. Defaults to `""`. */
  negativePrompt?: string;
  /** Denoising steps. Defaults to `20`. */
  steps?: number;
  /** Guidance scale s (1 = no guidance, one UNet row per step). Defaults to `7.5`. */
  guidance?: number;
  /** Seed of the initial and ancestral noise; the same seed gives the same image. Defaults to `0`. */
  seed?: number | string;
  /** Image width in pixels, a multiple of 8. Defaults to `512`. */
  width?: number;
  /** Image height in pixels, a multiple of 8. Defaults to `512`. */
  height?: number;
  /** Sampler. Defaults to the model's own (`scheduler_config.json`). */
  scheduler?: SchedulerName;
  /** σ interpolation of the Euler samplers. Defaults to `"diffusers"`. */
  sigmaSchedule?: SigmaSchedule;
  /**
   * The UNet for each step. Defaults to the folder's own UNet. A function routes steps to experts;
   * see {@link DenoiseOptions.unet}.
   */
  unet?: DenoiseOptions["unet"];
  /**
   * The guidance for each step (per-expert guidance scales); gets the default rule built from the
   * contexts and `guidance`. Defaults to that rule at every step.
   */
  guidanceForStep?: (step: DenoiseStep, standard: Guidance) => Guidance;
  /** Precomputed text contexts `[1, 77, D]` (weighted prompts); the prompts are not encoded then. */
  context?: { cond: FloatTensor; uncond: FloatTensor };
  /** Called after each step with the latent (do not modify it unless that is the point). */
  afterStep?: DenoiseOptions["afterStep"];
  /** Per-step progress (label `"denoise"`). */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link TextToImage.generate} returns. */
export interface TextToImageResult {
  image: RgbImage;
  /** The final latent (scaled, before the VAE). */
  latent: FloatTensor;
  /** The steps that ran (timestep and σ of each). */
  steps: DenoiseStep[];
  seed: number | string;
  guidance: number;
  scheduler: SchedulerName;
  width: number;
  height: number;
  /** Wall-clock seconds of the denoising loop and of the whole call. */
  denoiseSeconds: number;
  seconds: number;
}

/** Options of {@link TextToImage.load}. */
export interface LoadTextToImageOptions extends OnnxSessionOptions {
  /** Load the folder's UNet too. Defaults to `true`; experts that bring their own UNets set it to `false`. */
  unet?: boolean;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Checks a side length; returns it. */
export function checkImageSide(name: string, v: number): number {
  const { min, max } = TEXT_TO_IMAGE_LIMITS.side;
  if (!Number.isInteger(v) || v < min || v > max || v % 8 !== 0)
    throw new InvalidInputError(`The image ${name} must be a multiple of 8 between ${min} and ${max} pixels; got ${v}.`);
  return v;
}

/** The UNet inputs a text-to-image pipeline feeds. */
const FED_UNET_INPUTS = new Set(["sample", "timestep", "encoder_hidden_states"]);

/**
 * Refuses a UNet that needs inputs the pipeline does not feed (SDXL's added conditioning
 * `text_embeds` and `time_ids`), in one line, before any step runs.
 * @throws {InvalidInputError}
 */
export function checkTextToImageUnet(unet: OnnxComponent, what: string): void {
  const extra = unet.inputs.map((i) => i.name).filter((n) => !FED_UNET_INPUTS.has(n));
  if (extra.length)
    throw new InvalidInputError(
      `${what}: its UNet also needs ${extra.join(", ")}${extra.includes("time_ids") ? " (SDXL-style added conditioning from a second text encoder)" : ""}, which yomikai's text-to-image pipeline does not feed; use Stable Diffusion 1.x/2.x-family UNets (sample, timestep, encoder_hidden_states).`,
    );
}

/** A text-to-image pipeline over a loaded model folder. */
export class TextToImage {
  /** @internal */
  constructor(
    /** The model folder (text encoder, VAE decoder, tokenizer, scheduler; the UNet when loaded). */
    readonly model: DiffusionModel,
  ) {}

  /**
   * Loads a text-to-image folder. The VAE encoder is not needed.
   * @throws {InvalidInputError} when the UNet's input channels are not its latent channels (an inpainting or InstructPix2Pix UNet).
   */
  static async load(dir: string, options: LoadTextToImageOptions = {}): Promise<TextToImage> {
    const parts: DiffusionPart[] = options.unet === false ? ["textEncoder", "vaeDecoder"] : ["unet", "textEncoder", "vaeDecoder"];
    const model = await DiffusionModel.load(dir, {
      ...options,
      parts,
      checkPart: (part, c) => {
        if (part === "unet") checkTextToImageUnet(c, dir);
      },
    });
    if (model.has("unet")) {
      const channels = model.unetInChannels;
      if (channels !== undefined && channels !== model.latentChannels) {
        await model.release();
        throw new InvalidInputError(
          `${dir}: not a text-to-image model (its UNet takes ${channels} input channels, not the ${model.latentChannels} latent channels). Use a Stable Diffusion export such as stable-diffusion-v1-5.`,
        );
      }
    }
    return new TextToImage(model);
  }

  /** Text context `[1, 77, D]` of one prompt, cached. */
  async embed(text: string): Promise<FloatTensor> {
    return this.model.encodePrompt(text);
  }

  /** Generates one image. */
  async generate(options: TextToImageOptions): Promise<TextToImageResult> {
    const t0 = performance.now();
    const steps = options.steps ?? TEXT_TO_IMAGE_DEFAULTS.steps;
    const guidanceScale = options.guidance ?? TEXT_TO_IMAGE_DEFAULTS.guidance;
    const seed = options.seed ?? TEXT_TO_IMAGE_DEFAULTS.seed;
    const width = checkImageSide("width", options.width ?? TEXT_TO_IMAGE_DEFAULTS.width);
    const height = checkImageSide("height", options.height ?? TEXT_TO_IMAGE_DEFAULTS.height);
    const { min, max } = TEXT_TO_IMAGE_LIMITS.steps;
    if (!Number.isInteger(steps) || steps < min || steps > max)
      throw new InvalidInputError(`The number of steps must be an integer from ${min} to ${max}; got ${steps}.`);
    if (!options.context && !options.prompt.trim())
      throw new InvalidInputError('The prompt is empty: say what to draw, e.g. "a red fox in the snow".');
    const scheduler = createScheduler(this.model.schedulerConfig, {
      steps,
      ...(options.scheduler ? { name: options.scheduler } : {}),
      ...(options.sigmaSchedule ? { sigmaSchedule: options.sigmaSchedule } : {}),
    });
    const cond = options.context?.cond ?? (await this.embed(options.prompt));
    const uncond = options.context?.uncond ?? (await this.embed(options.negativePrompt ?? ""));
    const standard = classicGuidance(cond, uncond, guidanceScale);
    const rng = createRng(seed);
    const channels = this.model.has("unet") ? this.model.latentChannels : 4;
    const start = randomNormal([1, channels, height / 8, width / 8], rng, scheduler.initNoiseSigma);
    const forStep = options.guidanceForStep;
    const result = await denoise({
      scheduler,
      latent: start,
      rng,
      unet: options.unet ?? this.model,
      guidance: forStep ? (s) => forStep(s, standard) : standard,
      ...(options.afterStep ? { afterStep: options.afterStep } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const image = tensorToImage(await this.model.decodeLatents(result.latent));
    return {
      image,
      latent: result.latent,
      steps: result.steps,
      seed,
      guidance: guidanceScale,
      scheduler: scheduler.name,
      width,
      height,
      denoiseSeconds: result.seconds,
      seconds: (performance.now() - t0) / 1000,
    };
  }

  /** Frees the model's sessions. */
  async release(): Promise<void> {
    await this.model.release();
  }
}
