/**
 * The InstructPix2Pix editing pipeline (Brooks, Holynski, Efros, arXiv 2211.09800) over a diffusion
 * model folder: the UNet takes 8 channels (scaled noisy latent ‖ unscaled image latent) and is guided
 * by both the image and the instruction with two scales in one batch of three.
 * @module
 */
import { createRng, InvalidInputError, type OnProgress } from "../../core/index.js";
import {
  addNoiseAt,
  createScheduler,
  type DenoiseStep,
  DiffusionModel,
  denoise,
  type FloatTensor,
  imageToTensor,
  instructPix2PixGuidance,
  type OnnxSessionOptions,
  type RgbImage,
  randomNormal,
  resizeImage,
  type SchedulerName,
  type SigmaSchedule,
  scale,
  tensorToImage,
} from "../../diffusion/index.js";
import { EDIT_DEFAULTS } from "./options.js";
import { type ResizePolicy, workingSize } from "./resizePolicy.js";

/** Paper default text guidance s_T (`EDIT_DEFAULTS.textGuidance`). */
export const DEFAULT_TEXT_GUIDANCE = EDIT_DEFAULTS.textGuidance;
/** Paper default image guidance s_I (`EDIT_DEFAULTS.imageGuidance`). */
export const DEFAULT_IMAGE_GUIDANCE = EDIT_DEFAULTS.imageGuidance;
/** Default denoising steps (`EDIT_DEFAULTS.steps`, see there). */
export const DEFAULT_STEPS = EDIT_DEFAULTS.steps;

/** Options of {@link InstructPix2Pix.edit}. */
export interface EditOptions {
  /** The edit instruction ("turn it into a watercolor"). */
  instruction: string;
  /** Denoising steps. Defaults to {@link DEFAULT_STEPS} (20; the paper uses 100). */
  steps?: number;
  /** Text guidance s_T: how strongly to follow the instruction. Defaults to `7.5`. */
  textGuidance?: number;
  /** Image guidance s_I: how closely to stay with the input image. Defaults to `1.5`. */
  imageGuidance?: number;
  /** Seed of the initial and ancestral noise; the same seed gives the same output. Defaults to `0`. */
  seed?: number | string;
  /** Sampler. Defaults to the model's own (`scheduler_config.json`; Euler ancestral for InstructPix2Pix). */
  scheduler?: SchedulerName;
  /**
   * σ interpolation of the Euler samplers: `"diffusers"` (linear, the default) or `"k-diffusion"`
   * (log σ, as the authors' `edit_cli.py` samples).
   */
  sigmaSchedule?: SigmaSchedule;
  /**
   * A mask of the region that may change (white = edit, black = keep), any size; it is stretched to
   * the input. Masked edits blend latents each step (the unedited region follows the input latent,
   * noised to the current level) and composite the final pixels, so black areas keep the input exactly.
   */
  mask?: RgbImage;
  /** Negative prompt used for the unconditioned text branch. Defaults to `""` (the null text). */
  negativePrompt?: string;
  /** How the working size is chosen. Defaults to `"original"` (long side = `resolution`, multiples of 64). */
  resize?: ResizePolicy;
  /** Long side for the `"original"` policy. Defaults to `512`. */
  resolution?: number;
  /** Refuse working sizes above this many pixels. Defaults to 1024². */
  maxPixels?: number;
  /** Per-step progress (label `"denoise"`). */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link InstructPix2Pix.edit} returns. */
export interface EditResult {
  /** The edited image, at the input's size. */
  image: RgbImage;
  /** Size the model ran at. */
  workingWidth: number;
  workingHeight: number;
  seed: number | string;
  steps: number;
  textGuidance: number;
  imageGuidance: number;
  scheduler: SchedulerName;
  /** True when a mask limited the edit. */
  masked: boolean;
  /** UNet batch per step: 3 normally, fewer when a guidance weight is zero (s_I = 1, s_I = s_T). */
  branches: number;
  /** Wall-clock seconds of the denoising loop and of the whole edit. */
  denoiseSeconds: number;
  seconds: number;
}

/** An input image encoded once for several edits (a sweep reuses it). */
export interface PreparedImage {
  input: RgbImage;
  working: RgbImage;
  /** VAE posterior mode, unscaled, `[1, 4, h, w]`. */
  latent: FloatTensor;
}

/** Options of {@link InstructPix2Pix.load}. */
export interface LoadInstructPix2PixOptions extends OnnxSessionOptions {
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Per-pixel weights in [0, 1] from an RGB mask (mean of the channels / 255). */
function maskWeights(mask: RgbImage): Float32Array {
  const out = new Float32Array(mask.width * mask.height);
  for (let p = 0; p < out.length; p++)
    out[p] = ((mask.data[p * 3] as number) + (mask.data[p * 3 + 1] as number) + (mask.data[p * 3 + 2] as number)) / 765;
  return out;
}

/** edited·m + input·(1 − m), with the mask stretched to the input's size. */
async function compositeByMask(edited: RgbImage, input: RgbImage, mask: RgbImage): Promise<RgbImage> {
  const m = maskWeights(await resizeImage(mask, input.width, input.height, { fit: "fill", kernel: "linear" }));
  const data = new Uint8Array(edited.data.length);
  for (let i = 0; i < data.length; i++) {
    const w = m[Math.floor(i / 3)] as number;
    data[i] = Math.round(w * (edited.data[i] as number) + (1 - w) * (input.data[i] as number));
  }
  return { width: input.width, height: input.height, data };
}

function notInstructPix2Pix(dir: string, channels: number, latent: number): InvalidInputError {
  return new InvalidInputError(
    `${dir}: not an InstructPix2Pix model (its UNet takes ${channels} input channels; InstructPix2Pix needs ${2 * latent}: noisy latent + image latent). Use an InstructPix2Pix export such as timbrooks/instruct-pix2pix.`,
  );
}

/** The InstructPix2Pix pipeline over a loaded model folder. */
export class InstructPix2Pix {
  /** @internal */
  constructor(
    /** The underlying diffusion model. */
    readonly model: DiffusionModel,
  ) {}

  /**
   * Loads an InstructPix2Pix model folder (Hugging Face ONNX layout).
   * @throws {InvalidInputError} "… not an InstructPix2Pix model …" when the UNet does not take 8 channels.
   */
  static async load(dir: string, options: LoadInstructPix2PixOptions = {}): Promise<InstructPix2Pix> {
    const model = await DiffusionModel.load(dir, {
      ...options,
      // The UNet loads first: refuse a non-InstructPix2Pix UNet before loading anything else.
      checkPart: (part, unet) => {
        if (part !== "unet") return;
        const channels = (unet.input("sample") ?? unet.inputs[0])?.shape[1];
        const out = (unet.output("out_sample") ?? unet.outputs[0])?.shape[1];
        const latent = typeof out === "number" && out > 0 ? out : 4;
        if (typeof channels === "number" && channels > 0 && channels !== 2 * latent) throw notInstructPix2Pix(dir, channels, latent);
      },
    });
    const channels = model.unetInChannels;
    if (channels !== undefined && channels !== 2 * model.latentChannels) {
      await model.release();
      throw notInstructPix2Pix(dir, channels, model.latentChannels);
    }
    return new InstructPix2Pix(model);
  }

  /** Text embeddings of one prompt `[1, 77, D]`, cached. */
  async embed(text: string): Promise<FloatTensor> {
    return this.model.encodePrompt(text);
  }

  /** Resizes the input to the working size and encodes it with the VAE (mode, unscaled). */
  async prepare(input: RgbImage, options: Pick<EditOptions, "resize" | "resolution" | "maxPixels"> = {}): Promise<PreparedImage> {
    const size = workingSize(input.width, input.height, {
      ...(options.resize ? { policy: options.resize } : {}),
      ...(options.resolution ? { resolution: options.resolution } : {}),
      ...(options.maxPixels ? { maxPixels: options.maxPixels } : {}),
    });
    // Stretched to the working size, not cropped: the output is stretched back to the input's size,
    // so every output pixel lands on the input pixel it was made from (a crop would shift and
    // stretch the result against the input, and a mask would no longer line up).
    const working = await resizeImage(input, size.width, size.height, { fit: "fill", kernel: "lanczos3" });
    const latent = await this.model.encodeImage(imageToTensor(working));
    return { input, working, latent };
  }

  /** Edits `input` by `options.instruction`. The output has the input's size. */
  async edit(input: RgbImage | PreparedImage, options: EditOptions): Promise<EditResult> {
    const t0 = performance.now();
    const prepared = "latent" in input ? input : await this.prepare(input, options);
    const textGuidance = options.textGuidance ?? DEFAULT_TEXT_GUIDANCE;
    const imageGuidance = options.imageGuidance ?? DEFAULT_IMAGE_GUIDANCE;
    const steps = options.steps ?? DEFAULT_STEPS;
    const seed = options.seed ?? 0;
    for (const [name, v] of [
      ["text guidance", textGuidance],
      ["image guidance", imageGuidance],
    ] as const)
      if (!Number.isFinite(v)) throw new InvalidInputError(`The ${name} scale must be a finite number; got ${v}.`);
    if (!options.instruction.trim()) throw new InvalidInputError('The instruction is empty: say what to change, e.g. "make it snowy".');
    const scheduler = createScheduler(this.model.schedulerConfig, {
      steps,
      ...(options.scheduler ? { name: options.scheduler } : {}),
      ...(options.sigmaSchedule ? { sigmaSchedule: options.sigmaSchedule } : {}),
    });
    const cond = await this.embed(options.instruction);
    const uncond = await this.embed(options.negativePrompt ?? "");
    const imageLatent = prepared.latent;
    const guidance = instructPix2PixGuidance({
      text: cond,
      nullText: uncond,
      image: imageLatent,
      textScale: textGuidance,
      imageScale: imageGuidance,
    });

    const rng = createRng(seed);
    const [, , h, wd] = imageLatent.dims as [number, number, number, number];
    const latentDims = [1, this.model.latentChannels, h, wd];
    const start = randomNormal(latentDims, rng, scheduler.initNoiseSigma);
    const blend = options.mask ? await this.latentMask(options.mask, h, wd) : undefined;
    const blendRng = rng.fork("mask");
    const cleanLatent = blend ? scale(imageLatent, this.model.vaeScalingFactor).data : undefined;
    const { latent: x, seconds: denoiseSeconds } = await denoise({
      scheduler,
      latent: start,
      rng,
      unet: this.model,
      guidance,
      ...(blend && cleanLatent
        ? {
            afterStep: (latent: FloatTensor, { step }: DenoiseStep) => {
              // Outside the mask, follow the input latent noised to the next step's level.
              const kept = addNoiseAt(scheduler, cleanLatent, randomNormal(latentDims, blendRng).data, step + 1);
              const plane = h * wd;
              for (let k = 0; k < latent.data.length; k++) {
                const m = blend[k % plane] as number;
                latent.data[k] = m * (latent.data[k] as number) + (1 - m) * (kept[k] as number);
              }
            },
          }
        : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const decoded = await this.model.decodeLatents(x);
    const working = tensorToImage(decoded);
    let image = await resizeImage(working, prepared.input.width, prepared.input.height, { fit: "fill", kernel: "lanczos3" });
    if (options.mask) image = await compositeByMask(image, prepared.input, options.mask);
    return {
      image,
      workingWidth: working.width,
      workingHeight: working.height,
      seed,
      steps,
      textGuidance,
      imageGuidance,
      scheduler: scheduler.name,
      masked: options.mask !== undefined,
      branches: guidance.branches.length,
      denoiseSeconds,
      seconds: (performance.now() - t0) / 1000,
    };
  }

  /** The mask at latent resolution (one weight in [0, 1] per latent pixel), stretched like the image. */
  private async latentMask(mask: RgbImage, h: number, w: number): Promise<Float32Array> {
    return maskWeights(await resizeImage(mask, w, h, { fit: "fill", kernel: "linear" }));
  }

  /** Frees the model's sessions. */
  async release(): Promise<void> {
    await this.model.release();
  }
}
