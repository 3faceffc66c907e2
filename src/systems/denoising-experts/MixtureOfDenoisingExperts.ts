/**
 * Text-to-image with a mixture of denoising experts (ERNIE-ViLG 2.0, arXiv 2210.15257): N UNets,
 * each owning a range of timesteps, run one after the other on the same latent. Expert 1's folder
 * supplies the tokenizer, text encoder, VAE decoder and scheduler for all; every expert supplies its
 * UNet, loaded lazily and kept within `maxLoaded` resident sessions. A handoff changes only which
 * UNet the next step calls: no re-noising, no VAE round trip, no extra random draw, so two copies of
 * one expert split anywhere give exactly the image that expert gives alone. With one expert this is
 * plain text-to-image.
 * @module
 */
import { InvalidInputError, type OnProgress } from "../../core/index.js";
import {
  classicGuidance,
  createScheduler,
  type DenoiseStep,
  type FloatTensor,
  type Guidance,
  type OnnxSessionOptions,
  type RgbImage,
  type SchedulerName,
  TEXT_TO_IMAGE_DEFAULTS,
  TextToImage,
  tensorToImage,
} from "../../diffusion/index.js";
import { checkExpertFolders, ExpertPool, type ExpertPoolStats } from "./ExpertPool.js";
import { findKeywords, type Keyword, weightKeywords } from "./keywords.js";
import { checkRouting, defaultRouting, type ExpertSpan, expertForTimestep, expertSpans, type Routing } from "./routing.js";

/** Defaults of {@link MixtureOfDenoisingExperts.generate} and the loader, shared by the CLI and the page. */
export const MODE_DEFAULTS = {
  ...TEXT_TO_IMAGE_DEFAULTS,
  /** UNet sessions resident at once. */
  maxLoaded: 2,
  /** Key-word weight w (0 = off). */
  keywordWeight: 0,
} as const;

/** Options of {@link MixtureOfDenoisingExperts.load}. */
export interface LoadExpertsOptions extends OnnxSessionOptions {
  /** At most this many expert UNets resident at once (least recently used released first). Defaults to `2`. */
  maxLoaded?: number;
  /** Load progress and expert load/release logs. */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Options of {@link MixtureOfDenoisingExperts.generate}. */
export interface GenerateOptions {
  prompt: string;
  /** Negative prompt. Defaults to `""`. */
  negativePrompt?: string;
  /** Denoising steps. Defaults to `20`. */
  steps?: number;
  /** Guidance scale, one for all experts. Defaults to `7.5`. */
  guidance?: number;
  /** Per-expert guidance scales (Wan 2.2's `guidance_scale_2`); overrides `guidance` for the experts listed. */
  expertGuidance?: readonly number[];
  /** Seed; the same seed gives the same image. Defaults to `0`. */
  seed?: number | string;
  /** Image size in pixels (multiples of 8). Defaults to 512 × 512. */
  width?: number;
  height?: number;
  /** Routing rule. Defaults to uniform blocks, one per expert. */
  routing?: Routing;
  /** Sampler. Defaults to expert 1's scheduler config. */
  scheduler?: SchedulerName;
  /**
   * Key-word weight w: the text states of the prompt's key words (nouns, verbs, adjectives,
   * numerals, quantifiers, pronouns) are multiplied by 1 + w. Defaults to `0` (off).
   */
  keywordWeight?: number;
  /** Called with the decoded image after each expert's last step (a VAE decode per expert; the latent is untouched). */
  onExpertDone?: (span: ExpertSpan, image: RgbImage) => void | Promise<void>;
  /** Per-step progress (label `"denoise"`, detail `t=<timestep>`). */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** One step of a run: which expert denoised it. */
export interface RoutedStep {
  step: number;
  timestep: number;
  /** Expert number, from 1, in the order of the expert folders. */
  expert: number;
}

/** What {@link MixtureOfDenoisingExperts.generate} returns. */
export interface GenerateResult {
  image: RgbImage;
  /** The final latent (before the VAE decoder). */
  latent: FloatTensor;
  steps: RoutedStep[];
  /** The experts' contiguous shares of the run. */
  spans: ExpertSpan[];
  routing: Routing;
  seed: number | string;
  guidance: number;
  scheduler: SchedulerName;
  width: number;
  height: number;
  /** Key words that were weighted (empty when the weight is 0). */
  keywords: Keyword[];
  keywordWeight: number;
  /** Expert sessions created and released during this call, and the most resident at once. */
  loads: ExpertPoolStats;
  denoiseSeconds: number;
  seconds: number;
}

/** A loaded mixture of denoising experts. */
export class MixtureOfDenoisingExperts {
  /** @internal */
  constructor(
    /** Expert 1's pipeline (text encoder, VAE decoder, tokenizer, scheduler; no UNet). */
    readonly base: TextToImage,
    /** The experts' UNets. */
    readonly pool: ExpertPool,
  ) {}

  /** Expert folders, expert 1 first. */
  get experts(): readonly string[] {
    return this.pool.dirs;
  }

  /** Training timesteps T of the shared scheduler (1000 for SD). */
  get trainTimesteps(): number {
    return this.base.model.schedulerConfig.num_train_timesteps ?? 1000;
  }

  /**
   * Loads expert 1's text encoder, VAE decoder, tokenizer and scheduler; expert UNets load on first
   * use. Every expert folder is checked for a UNet first.
   */
  static async load(experts: readonly string[], options: LoadExpertsOptions = {}): Promise<MixtureOfDenoisingExperts> {
    checkExpertFolders(experts);
    const { maxLoaded, onProgress, signal, ...session } = options;
    const base = await TextToImage.load(experts[0] as string, {
      ...session,
      unet: false,
      ...(onProgress ? { onProgress } : {}),
      ...(signal ? { signal } : {}),
    });
    const enc = base.model.part("textEncoder");
    const width = (enc.output("last_hidden_state") ?? enc.outputs[0])?.shape[2];
    const pool = new ExpertPool(experts, {
      ...session,
      maxLoaded: maxLoaded ?? MODE_DEFAULTS.maxLoaded,
      contextDim: typeof width === "number" && width > 0 ? width : undefined,
      latentChannels: 4,
      ...(onProgress ? { onProgress } : {}),
    });
    return new MixtureOfDenoisingExperts(base, pool);
  }

  /** The expert of every step for `steps` steps under `routing` (no UNet is run). */
  plan(steps: number, routing?: Routing, scheduler?: SchedulerName): RoutedStep[] {
    const rule = checkRouting(routing ?? defaultRouting(this.experts.length), this.experts.length);
    const s = createScheduler(this.base.model.schedulerConfig, { steps, ...(scheduler ? { name: scheduler } : {}) });
    return s.timesteps.map((t, step) => ({ step, timestep: t, expert: expertForTimestep(t, rule, this.trainTimesteps) }));
  }

  /** Generates one image. */
  async generate(options: GenerateOptions): Promise<GenerateResult> {
    const t0 = performance.now();
    const routing = checkRouting(options.routing ?? defaultRouting(this.experts.length), this.experts.length);
    const T = this.trainTimesteps;
    const keywordWeight = options.keywordWeight ?? MODE_DEFAULTS.keywordWeight;
    const guidance = options.guidance ?? MODE_DEFAULTS.guidance;
    const perExpert = options.expertGuidance ?? [];
    if (perExpert.length > this.experts.length)
      throw new InvalidInputError(`${perExpert.length} per-expert guidance scales for ${this.experts.length} experts.`);
    for (const g of [guidance, ...perExpert])
      if (!Number.isFinite(g) || g < 0) throw new InvalidInputError(`Guidance scales must be numbers ≥ 0; got ${g}.`);
    const keywords = keywordWeight !== 0 ? findKeywords(this.base.model.tokenizer, options.prompt) : [];
    if (!options.prompt.trim()) throw new InvalidInputError('The prompt is empty: say what to draw, e.g. "a red fox in the snow".');
    const cond = weightKeywords(await this.base.embed(options.prompt), keywords, keywordWeight);
    const uncond = await this.base.embed(options.negativePrompt ?? "");
    // One guidance rule per distinct scale, built once.
    const rules = new Map<number, Guidance>();
    const ruleFor = (scale: number) => {
      let r = rules.get(scale);
      if (!r) {
        r = classicGuidance(cond, uncond, scale);
        rules.set(scale, r);
      }
      return r;
    };
    const routed: RoutedStep[] = [];
    const before = { ...this.pool.stats };
    const expertOf = (s: DenoiseStep) => expertForTimestep(s.timestep, routing, T);
    let lastSteps: readonly number[] | undefined;
    const result = await this.base.generate({
      prompt: options.prompt,
      ...(options.negativePrompt !== undefined ? { negativePrompt: options.negativePrompt } : {}),
      ...(options.steps !== undefined ? { steps: options.steps } : {}),
      guidance,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.width !== undefined ? { width: options.width } : {}),
      ...(options.height !== undefined ? { height: options.height } : {}),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      context: { cond, uncond },
      unet: (s) => {
        const expert = expertOf(s);
        routed.push({ step: s.step, timestep: s.timestep, expert });
        return this.pool.unet(expert);
      },
      ...(perExpert.length ? { guidanceForStep: (s: DenoiseStep) => ruleFor(perExpert[expertOf(s) - 1] ?? guidance) } : {}),
      ...(options.onExpertDone
        ? {
            afterStep: async (latent: FloatTensor, s: DenoiseStep) => {
              lastSteps ??= routedTimesteps(this, options, routing);
              const next = lastSteps[s.step + 1];
              const expert = expertOf(s);
              if (next === undefined || next !== expert) {
                const spans = expertSpans(
                  routed.map((r) => r.timestep),
                  routed.map((r) => r.expert),
                );
                const span = spans[spans.length - 1] as ExpertSpan;
                await options.onExpertDone?.(span, tensorToImage(await this.base.model.decodeLatents(latent)));
              }
            },
          }
        : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const spans = expertSpans(
      routed.map((r) => r.timestep),
      routed.map((r) => r.expert),
    );
    return {
      image: result.image,
      latent: result.latent,
      steps: routed,
      spans,
      routing,
      seed: result.seed,
      guidance,
      scheduler: result.scheduler,
      width: result.width,
      height: result.height,
      keywords,
      keywordWeight,
      loads: {
        loads: this.pool.stats.loads - before.loads,
        evictions: this.pool.stats.evictions - before.evictions,
        maxResident: this.pool.stats.maxResident,
      },
      denoiseSeconds: result.denoiseSeconds,
      seconds: (performance.now() - t0) / 1000,
    };
  }

  /** Releases every session. */
  async release(): Promise<void> {
    await this.pool.release();
    await this.base.release();
  }
}

/** The expert of each step of the run `options` describes. */
function routedTimesteps(moe: MixtureOfDenoisingExperts, options: GenerateOptions, routing: Routing): number[] {
  return moe.plan(options.steps ?? MODE_DEFAULTS.steps, routing, options.scheduler).map((r) => r.expert);
}
