/**
 * `mode eval`: generate one image per prompt with a mixture of experts, score each with CLIP, and
 * compute FID between the generated images and a folder of reference images (COCO val images, as
 * the paper's zero-shot FID-30k used). Resumable through the core item runner: each finished prompt is
 * one line of `results.jsonl` (its image in `images/<key>.png`), a rerun skips it, a settings
 * fingerprint keeps results of different settings from mixing, and `shard` splits the prompts over
 * machines. Failures are recorded on their own lines and never scored.
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import { extname, join } from "node:path";
import {
  InvalidInputError,
  makeFolder,
  type OnProgress,
  progressTask,
  type RunnerFailure,
  runItems,
  type Shard,
  settingsFingerprint,
  writeFileAtomic,
  writeJsonAtomic,
  YomikaiError,
} from "../../core/index.js";
import { type ClipModel, clipScores, encodePng, type RgbImage, readImage } from "../../diffusion/index.js";
import type { FeatureExtractor } from "./FeatureExtractor.js";
import { fid } from "./fid.js";
import type { GenerateOptions, MixtureOfDenoisingExperts } from "./MixtureOfDenoisingExperts.js";
import type { EvalPrompt } from "./prompts.js";

/** One line of `results.jsonl` (the runner adds `key` and `settings`; a failed prompt's line has `error` instead). */
export interface EvalRecord {
  prompt: string;
  /** The image, relative to the output folder. */
  image: string;
  /** 100·max(cos, 0) with the CLIP model given (absent without one). */
  clipScore?: number;
  /** Which expert ran each step. */
  experts?: number[];
  seconds?: number;
}

/** The settings that must match for results to be resumed. */
export type EvalSettings = Pick<
  GenerateOptions,
  "negativePrompt" | "steps" | "guidance" | "expertGuidance" | "seed" | "width" | "height" | "routing" | "scheduler" | "keywordWeight"
>;

/** Options of {@link evaluateExperts}. */
export interface EvaluateOptions {
  /** The prompts, each with a stable key. */
  prompts: readonly EvalPrompt[];
  /** Output folder (images/, results.jsonl, summary.json). */
  out: string;
  /** Generation settings, one for all prompts (the same seed for every prompt). */
  settings?: EvalSettings;
  /** CLIP model for the CLIP score. Defaults to none (no CLIP score). */
  clip?: ClipModel;
  /** Feature extractor for FID (an Inception-v3 export for comparable numbers). Defaults to none. */
  inception?: FeatureExtractor;
  /** Folder of reference images (PNG/JPEG) for FID. Needed with `inception`. */
  reference?: string;
  /** Run only this slice of the prompts (several machines share a run; the summary covers every finished prompt in the file). */
  shard?: Shard;
  /** Progress: `"prompts"` steps, then `"fid"`. */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link evaluateExperts} returns (also written as `summary.json`). */
export interface EvalSummary {
  prompts: number;
  /** Prompts with an image (this run and earlier runs). */
  generated: number;
  /** Prompts resumed from an earlier run. */
  resumed: number;
  /** Prompts without an image (their errors are in results.jsonl; a rerun retries them). */
  failed: number;
  /** The failed prompts and why. */
  failures: RunnerFailure[];
  /** Mean CLIP score over the generated images, or null without a CLIP model (or without images). */
  clipScore: { mean: number; count: number } | null;
  /** FID against the reference images, or null without a feature extractor and references. */
  fid: { value: number; generated: number; reference: number; featureWidth: number } | null;
  experts: readonly string[];
  settings: EvalSettings;
  fingerprint: string;
}

const IMAGE_EXT = new Set([".png", ".jpg", ".jpeg"]);

/** Reference images of a folder (PNG/JPEG, sorted by name). */
export function listImages(dir: string): string[] {
  if (!existsSync(dir))
    throw new InvalidInputError(`Reference image folder not found: ${dir}. Pass a folder of PNG/JPEG images (e.g. COCO val2014).`);
  return readdirSync(dir)
    .filter((f) => IMAGE_EXT.has(extname(f).toLowerCase()))
    .sort()
    .map((f) => join(dir, f));
}

/** Runs the evaluation (resuming from `out/results.jsonl`). */
export async function evaluateExperts(moe: MixtureOfDenoisingExperts, options: EvaluateOptions): Promise<EvalSummary> {
  const settings = options.settings ?? {};
  if (options.inception && !options.reference)
    throw new InvalidInputError("FID needs reference images: pass --reference DIR with --inception.");
  if (options.reference && !options.inception)
    throw new InvalidInputError("FID needs a feature extractor: pass --inception DIR with --reference.");
  const referenceFiles = options.reference ? listImages(options.reference) : [];
  if (options.reference && referenceFiles.length < 2)
    throw new InvalidInputError(`FID needs at least 2 reference images; ${options.reference} has ${referenceFiles.length}.`);
  const runSettings = { experts: moe.experts, settings, clip: options.clip?.dir ?? null };
  const fingerprint = settingsFingerprint(runSettings);
  makeFolder(join(options.out, "images"));
  const run = await runItems<EvalPrompt, EvalRecord>({
    out: join(options.out, "results.jsonl"),
    items: options.prompts,
    key: (p) => p.key,
    settings: runSettings,
    what: "mode eval results",
    isRecord: (line) => typeof line.image === "string",
    // One prompt's runtime failure is recorded; bad settings (the same for every prompt) stop the run.
    isFailure: (err) => err instanceof YomikaiError && err.code !== "invalid-input",
    label: "prompts",
    unit: "images",
    detail: (p) => p.key,
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    run: async (p, { signal }) => {
      const r = await moe.generate({ ...settings, prompt: p.prompt, signal });
      const file = `images/${p.key.replace(/[^\w.-]/g, "_")}.png`;
      await writeFileAtomic(join(options.out, file), await encodePng(r.image));
      const [score] = options.clip ? await clipScores(options.clip, [r.image], [p.prompt]) : [];
      return {
        prompt: p.prompt,
        image: file,
        ...(score !== undefined ? { clipScore: score } : {}),
        experts: r.steps.map((s) => s.expert),
        seconds: r.seconds,
      };
    },
  });
  // Every finished prompt in the file counts, this shard's and the others'.
  const finished = [...run.records, ...run.others];
  const scores = finished.map((r) => r.clipScore).filter((s): s is number => s !== undefined);
  let fidResult: EvalSummary["fid"] = null;
  if (options.inception && finished.length >= 2) {
    const fidProgress = progressTask(options.onProgress, "fid", finished.length + referenceFiles.length, "images");
    const gen: Float32Array[] = [];
    for (const r of finished) {
      gen.push(...(await options.inception.features([await readImage(join(options.out, r.image as string))], options.signal)));
      fidProgress.tick();
    }
    const ref: Float32Array[] = [];
    for (const f of referenceFiles) {
      const img: RgbImage = await readImage(f);
      ref.push(...(await options.inception.features([img], options.signal)));
      fidProgress.tick();
    }
    fidProgress.done();
    fidResult = { value: fid(ref, gen), generated: gen.length, reference: ref.length, featureWidth: gen[0]?.length ?? 0 };
  }
  const summary: EvalSummary = {
    prompts: options.prompts.length,
    generated: finished.length,
    resumed: run.counts.resumed,
    failed: run.failures.length,
    failures: run.failures,
    clipScore: options.clip && scores.length ? { mean: scores.reduce((a, b) => a + b, 0) / scores.length, count: scores.length } : null,
    fid: fidResult,
    experts: moe.experts,
    settings,
    fingerprint,
  };
  await writeJsonAtomic(join(options.out, "summary.json"), summary);
  return summary;
}
