/**
 * `mode eval`: generate one image per prompt with a mixture of experts, score each with CLIP, and
 * compute FID between the generated images and a folder of reference images (COCO val images, as
 * the paper's zero-shot FID-30k used). Resumable: each finished prompt is one line of
 * `results.jsonl` (its image in `images/<key>.png`), a rerun skips them, and a settings fingerprint
 * keeps results of different settings from mixing. Failures are recorded as such and never scored.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { extname, join } from "node:path";
import {
  InvalidInputError,
  JsonlAppender,
  type OnProgress,
  progressTask,
  readJsonFile,
  throwIfAborted,
  writeFileAtomic,
  writeJsonAtomic,
  YomikaiError,
} from "../../core/index.js";
import { type ClipModel, clipScores, encodePng, type RgbImage, readImage } from "../../diffusion/index.js";
import type { FeatureExtractor } from "./FeatureExtractor.js";
import { fid } from "./fid.js";
import type { GenerateOptions, MixtureOfDenoisingExperts } from "./MixtureOfDenoisingExperts.js";
import type { EvalPrompt } from "./prompts.js";

/** One line of `results.jsonl`. */
export interface EvalRecord {
  key: string;
  prompt: string;
  /** The image, relative to the output folder (absent on failure). */
  image?: string;
  /** 100·max(cos, 0) with the CLIP model given (absent without one). */
  clipScore?: number;
  /** Which expert ran each step. */
  experts?: number[];
  seconds?: number;
  /** Why the prompt failed (then it has no image or score). */
  error?: string;
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
  /** Mean CLIP score over the generated images, or null without a CLIP model (or without images). */
  clipScore: { mean: number; count: number } | null;
  /** FID against the reference images, or null without a feature extractor and references. */
  fid: { value: number; generated: number; reference: number; featureWidth: number } | null;
  experts: readonly string[];
  settings: EvalSettings;
  fingerprint: string;
}

const IMAGE_EXT = new Set([".png", ".jpg", ".jpeg"]);

/** Settings fingerprint: experts and generation settings, order-independent JSON. */
export function settingsFingerprint(experts: readonly string[], settings: EvalSettings, scorers: Record<string, unknown>): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, x]) => [k, sorted(x)]),
        )
      : v;
  return createHash("sha256")
    .update(JSON.stringify(sorted({ experts, settings, scorers })))
    .digest("hex")
    .slice(0, 16);
}

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
  const keys = new Set<string>();
  for (const p of options.prompts) {
    if (keys.has(p.key)) throw new InvalidInputError(`Prompt key "${p.key}" appears twice.`);
    keys.add(p.key);
  }
  const fingerprint = settingsFingerprint(moe.experts, settings, { clip: options.clip?.dir ?? null });
  await mkdir(join(options.out, "images"), { recursive: true });
  const settingsPath = join(options.out, "settings.json");
  if (existsSync(settingsPath)) {
    const prev = (await readJsonFile(settingsPath, "eval settings")) as { fingerprint?: string };
    if (prev.fingerprint !== fingerprint)
      throw new InvalidInputError(
        `${options.out} holds results made with other settings (fingerprint ${prev.fingerprint}, now ${fingerprint}); use a new --out folder or the same settings.`,
      );
  } else await writeJsonAtomic(settingsPath, { fingerprint, experts: moe.experts, settings });

  const results = await JsonlAppender.open<EvalRecord>(join(options.out, "results.jsonl"));
  const done = new Map<string, EvalRecord>();
  for (const r of results.records) if (r.image && existsSync(join(options.out, r.image))) done.set(r.key, r);
  const resumed = options.prompts.filter((p) => done.has(p.key)).length;
  const progress = progressTask(options.onProgress, "prompts", options.prompts.length, "images");
  if (resumed) progress.set(resumed, `${resumed} resumed`);
  for (const p of options.prompts) {
    if (done.has(p.key)) continue;
    throwIfAborted(options.signal);
    let record: EvalRecord;
    try {
      const r = await moe.generate({ ...settings, prompt: p.prompt, ...(options.signal ? { signal: options.signal } : {}) });
      const file = `images/${p.key.replace(/[^\w.-]/g, "_")}.png`;
      await writeFileAtomic(join(options.out, file), await encodePng(r.image));
      const [score] = options.clip ? await clipScores(options.clip, [r.image], [p.prompt]) : [];
      record = {
        key: p.key,
        prompt: p.prompt,
        image: file,
        ...(score !== undefined ? { clipScore: score } : {}),
        experts: r.steps.map((s) => s.expert),
        seconds: r.seconds,
      };
      done.set(p.key, record);
    } catch (err) {
      // Cancellation and bad settings stop the run; a failure of one prompt is recorded and counted.
      if (!(err instanceof YomikaiError) || err.code === "aborted" || err.code === "invalid-input") throw err;
      record = { key: p.key, prompt: p.prompt, error: err.message };
    }
    await results.append(record);
    progress.tick(1, p.key);
  }
  progress.done();

  const finished = options.prompts.map((p) => done.get(p.key)).filter((r): r is EvalRecord => r !== undefined);
  const failed = options.prompts.length - finished.length;
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
    resumed,
    failed,
    clipScore: options.clip && scores.length ? { mean: scores.reduce((a, b) => a + b, 0) / scores.length, count: scores.length } : null,
    fid: fidResult,
    experts: moe.experts,
    settings,
    fingerprint,
  };
  await writeJsonAtomic(join(options.out, "summary.json"), summary);
  return summary;
}
