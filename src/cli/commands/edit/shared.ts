/**
 * Flags and helpers shared by `yomikai edit`, `edit sweep` and `edit metrics`.
 * @module
 */
import { UsageError, writeFileAtomic } from "../../../core/index.js";
import { encodePng, type RgbImage, SCHEDULER_NAMES, type SchedulerName, type SigmaSchedule } from "../../../diffusion/index.js";
import {
  DEFAULT_STEPS,
  EDIT_DEFAULTS,
  EDIT_LIMITS,
  type EditOptions,
  RESIZE_POLICIES,
  type ResizePolicy,
  workingSize,
} from "../../../systems/instruct-pix2pix/index.js";
import { outputFile } from "../../framework.js";

/** Flags every edit command takes. */
export const MODEL_FLAGS = {
  model: {
    type: "string",
    description:
      "InstructPix2Pix model folder in the Hugging Face ONNX layout (text_encoder/, unet/, vae_encoder/, vae_decoder/, tokenizer/, scheduler/).",
    placeholder: "DIR",
  },
  image: { type: "string", description: "Input image (PNG or JPEG).", placeholder: "FILE" },
  instruction: { type: "string", description: 'The edit, in words ("make it snowy").', placeholder: "TEXT" },
  steps: {
    type: "number",
    description: `Denoising steps (the paper uses 100; ${DEFAULT_STEPS} is a CPU-friendly default).`,
    default: EDIT_DEFAULTS.steps,
    ...EDIT_LIMITS.steps,
  },
  seed: {
    type: "number",
    description: "Seed of the noise: the same seed gives the same image.",
    default: EDIT_DEFAULTS.seed,
    ...EDIT_LIMITS.seed,
  },
  scheduler: {
    type: "string",
    description: "Sampler (default: the model's own, Euler ancestral for InstructPix2Pix).",
    choices: SCHEDULER_NAMES,
  },
  "sigma-schedule": {
    type: "string",
    description: "σ interpolation of the Euler samplers: diffusers (linear) or k-diffusion (log σ, as the authors' edit_cli.py).",
    choices: ["diffusers", "k-diffusion"],
    default: "diffusers",
  },
  resize: {
    type: "string",
    description:
      "Working size: original = long side --resolution, multiples of 64 (the authors' code); multiple-of-8 = input size rounded down to /8 (diffusers). The output always has the input's size.",
    choices: RESIZE_POLICIES,
    default: "original",
  },
  resolution: {
    type: "number",
    description: "Long side of the working size for --resize original, in pixels.",
    default: EDIT_DEFAULTS.resolution,
    ...EDIT_LIMITS.resolution,
  },
  "max-pixels": {
    type: "number",
    description: "Refuse working sizes above this many pixels (out-of-memory guard).",
    default: EDIT_DEFAULTS.maxPixels,
    ...EDIT_LIMITS.maxPixels,
  },
  "negative-prompt": { type: "string", description: "Text for the unconditioned branch (default: the empty prompt, as in the paper)." },
  threads: {
    type: "number",
    description: "onnxruntime threads per operator (1 is fastest on small shared CPUs).",
    default: 1,
    integer: true,
    min: 1,
    max: 256,
  },
} as const;

/** The parsed values of {@link MODEL_FLAGS} that shape every edit. */
export interface ModelFlagValues {
  steps: number;
  seed: number;
  scheduler?: string | undefined;
  sigmaSchedule: string;
  resize: string;
  resolution: number;
  maxPixels: number;
  negativePrompt?: string | undefined;
}

/** The edit options every edit command passes on from {@link MODEL_FLAGS} (all but the instruction and the scales). */
export function editSettings(
  flags: ModelFlagValues,
): Pick<EditOptions, "steps" | "seed" | "scheduler" | "sigmaSchedule" | "resize" | "resolution" | "maxPixels" | "negativePrompt"> {
  return {
    steps: flags.steps,
    seed: flags.seed,
    resize: flags.resize as ResizePolicy,
    resolution: flags.resolution,
    maxPixels: flags.maxPixels,
    ...(flags.negativePrompt !== undefined ? { negativePrompt: flags.negativePrompt } : {}),
    ...(flags.scheduler ? { scheduler: flags.scheduler as SchedulerName } : {}),
    sigmaSchedule: flags.sigmaSchedule as SigmaSchedule,
  };
}

/** Throws a usage error when a required flag is missing (flags shared with subcommands cannot all be `required`). */
export function need<T>(value: T | undefined, flag: string, what: string): T {
  if (value === undefined || value === "") throw new UsageError(`Missing --${flag}: ${what}`);
  return value;
}

/** `--model`, `--image` and `--instruction`, each required (shared flags cannot be marked `required`). */
export function editInputs(flags: { model?: string | undefined; image?: string | undefined; instruction?: string | undefined }): {
  model: string;
  imagePath: string;
  instruction: string;
} {
  return {
    model: need(flags.model, "model", MODEL_FLAGS.model.description),
    imagePath: need(flags.image, "image", MODEL_FLAGS.image.description),
    instruction: need(flags.instruction, "instruction", MODEL_FLAGS.instruction.description),
  };
}

/** Checks an output PNG flag before any work (see `outputFile`). */
export function pngPath(path: string): string {
  return outputFile(path, "--out", { extension: ".png", what: "the edit" });
}

/** Checks the working size of `input` against the resize flags and --max-pixels, before any model is loaded. */
export function checkWorkingSize(input: { width: number; height: number }, flags: ModelFlagValues): void {
  workingSize(input.width, input.height, {
    policy: flags.resize as ResizePolicy,
    resolution: flags.resolution,
    maxPixels: flags.maxPixels,
  });
}

/** Writes an image as PNG, atomically. */
export async function writePng(path: string, image: RgbImage): Promise<void> {
  await writeFileAtomic(path, await encodePng(image));
}

/** Parses a comma list of guidance scales (`"1,1.2,1.5"`): finite numbers, none negative. */
export function scaleList(values: readonly string[], flag: string): number[] {
  return values.map((v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0)
      throw new UsageError(`--${flag} needs guidance scales (numbers ≥ 0) separated by commas; got "${v}".`);
    return n;
  });
}
