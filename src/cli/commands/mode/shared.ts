/**
 * Flags and helpers shared by `yomikai mode generate` and `mode eval`: the expert list (with the
 * `demo` reference), the routing flags and the generation settings.
 * @module
 */
import { UsageError } from "../../../core/index.js";
import { SCHEDULER_NAMES, type SchedulerName, TEXT_TO_IMAGE_LIMITS } from "../../../diffusion/index.js";
import { demoExperts, type EvalSettings, MODE_DEFAULTS, parseBoundaries, type Routing } from "../../../systems/denoising-experts/index.js";
import { flagValue } from "../../framework.js";
import { MODEL_FLAGS } from "../edit/shared.js";

/** Flags of every sampling command. */
export const GENERATION_FLAGS = {
  experts: {
    type: "strings",
    description:
      'Expert folders (Stable Diffusion ONNX layout), expert 1 = the noisiest steps; the first also gives the tokenizer, text encoder, VAE decoder and scheduler. "demo" = the ten tiny random demo experts (no download).',
    placeholder: "DIR[,DIR…]",
  },
  boundaries: {
    type: "string",
    description:
      "Fractions of the denoising where the next expert takes over, increasing (N experts: N−1 values). Expert 1 runs t ≥ (1−b1)·T, expert 2 (1−b2)·T ≤ t < (1−b1)·T, … (SDXL's denoising_end).",
    placeholder: "b1,b2,…",
  },
  blocks: {
    type: "number",
    description:
      "Split [0, T) into N equal blocks and run expert N − ⌊t·N/T⌋ (the paper: N = 10). N must equal the number of experts. Default when --boundaries is absent.",
    integer: true,
    min: 1,
    max: 1000,
  },
  "negative-prompt": { type: "string", description: "Negative prompt (the unconditioned branch of guidance).", placeholder: "TEXT" },
  steps: {
    type: "number",
    description: "Denoising steps.",
    default: MODE_DEFAULTS.steps,
    integer: true,
    min: TEXT_TO_IMAGE_LIMITS.steps.min,
    max: TEXT_TO_IMAGE_LIMITS.steps.max,
  },
  guidance: { type: "number", description: "Classifier-free guidance scale.", default: MODE_DEFAULTS.guidance, min: 0, max: 100 },
  "expert-guidance": {
    type: "strings",
    description: "Per-expert guidance scales, expert 1 first (Wan 2.2's guidance_scale_2); experts not listed use --guidance.",
    placeholder: "S1,S2,…",
  },
  seed: { type: "number", description: "Seed of the noise: the same seed gives the same image.", default: 0, integer: true },
  width: {
    type: "number",
    description: "Image width in pixels (a multiple of 8).",
    default: MODE_DEFAULTS.width,
    integer: true,
    min: TEXT_TO_IMAGE_LIMITS.side.min,
    max: TEXT_TO_IMAGE_LIMITS.side.max,
  },
  height: {
    type: "number",
    description: "Image height in pixels (a multiple of 8).",
    default: MODE_DEFAULTS.height,
    integer: true,
    min: TEXT_TO_IMAGE_LIMITS.side.min,
    max: TEXT_TO_IMAGE_LIMITS.side.max,
  },
  scheduler: { type: "string", description: "Sampler (default: expert 1's scheduler config).", choices: SCHEDULER_NAMES },
  "keyword-weight": {
    type: "number",
    description:
      "Knowledge enhancement: multiply the text states of the prompt's key words (nouns, verbs, adjectives, numerals, quantifiers, pronouns) by 1 + W. 0 = off.",
    default: MODE_DEFAULTS.keywordWeight,
    min: -1,
    max: 10,
  },
  "max-loaded": {
    type: "number",
    description: "At most this many expert UNets in memory at once (least recently used released first).",
    default: MODE_DEFAULTS.maxLoaded,
    integer: true,
    min: 1,
    max: 1000,
  },
  threads: MODEL_FLAGS.threads,
} as const;

/** The parsed values of {@link GENERATION_FLAGS}. */
export interface GenerationFlagValues {
  experts: readonly string[];
  boundaries?: string | undefined;
  blocks?: number | undefined;
  negativePrompt?: string | undefined;
  steps: number;
  guidance: number;
  expertGuidance: readonly string[];
  seed: number;
  width: number;
  height: number;
  scheduler?: string | undefined;
  keywordWeight: number;
}

/** The expert folders named by `--experts` (`demo` → the demo experts, written on first use). */
export async function resolveExperts(values: readonly string[]): Promise<string[]> {
  if (values.length === 0)
    throw new UsageError('Missing --experts: give expert folders (DIR[,DIR…]) or "demo" for the tiny random demo experts.');
  const out: string[] = [];
  for (const v of values) out.push(...(v === "demo" ? (await demoExperts()).experts : [v]));
  return out;
}

/** The routing rule of `--boundaries` / `--blocks` (checked against the expert count by the library). */
export function routingFromFlags(flags: { boundaries?: string | undefined; blocks?: number | undefined }, experts: number): Routing {
  if (flags.boundaries !== undefined && flags.blocks !== undefined) throw new UsageError("Give --boundaries or --blocks, not both.");
  if (flags.boundaries !== undefined)
    return { kind: "boundaries", boundaries: flagValue(() => parseBoundaries(flags.boundaries as string)) };
  return { kind: "blocks", blocks: flags.blocks ?? experts };
}

/** Generation settings from the flags. */
export function generationSettings(flags: GenerationFlagValues, experts: number): EvalSettings {
  for (const [name, v] of [
    ["width", flags.width],
    ["height", flags.height],
  ] as const)
    if (v % 8 !== 0) throw new UsageError(`--${name} must be a multiple of 8; got ${v}.`);
  const expertGuidance = flags.expertGuidance.map((v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isFinite(n) || n < 0)
      throw new UsageError(`--expert-guidance needs numbers ≥ 0 separated by commas; got "${v}".`);
    return n;
  });
  if (expertGuidance.length > experts)
    throw new UsageError(`--expert-guidance has ${expertGuidance.length} scales for ${experts} experts.`);
  return {
    steps: flags.steps,
    guidance: flags.guidance,
    ...(expertGuidance.length ? { expertGuidance } : {}),
    seed: flags.seed,
    width: flags.width,
    height: flags.height,
    routing: routingFromFlags(flags, experts),
    keywordWeight: flags.keywordWeight,
    ...(flags.negativePrompt !== undefined ? { negativePrompt: flags.negativePrompt } : {}),
    ...(flags.scheduler ? { scheduler: flags.scheduler as SchedulerName } : {}),
  };
}
