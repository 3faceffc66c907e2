/**
 * `runAudit`: generates N images per prompt with a backend, assesses each image's perceived
 * attributes (Monk skin tone from pixels; gender and race by CLIP zero-shot) and writes
 * `DIR/images/<prompt-slug>/NN.png` and one manifest row per image through the resumable item runner.
 * @module
 */
import { resolve } from "node:path";
import {
  checkOutputPath,
  InvalidInputError,
  makeFolder,
  type OnProgress,
  type RunItemsResult,
  runItems,
  writeFileAtomic,
  writeJsonAtomic,
} from "../../core/index.js";
import { ClipModel, encodePng } from "../../diffusion/index.js";
import { type BackendSpec, backendName, ensureDemoModels, openBackend, parseBackend } from "./backends.js";
import { ClipAttributeClassifier } from "./clipAttributes.js";
import { type ManifestRow, manifestPath, runInfoPath } from "./manifest.js";
import { type AuditPrompt, promptSlug } from "./prompts.js";
import { monkSkinTone } from "./skinTone.js";

/** The attributes an audit can assess. */
export const ATTRIBUTES = ["skin-tone", "gender", "race"] as const;
/** One assessable attribute. */
export type AttributeName = (typeof ATTRIBUTES)[number];

/** Defaults of {@link runAudit}, shared by the CLI flags and the page. */
export const AUDIT_DEFAULTS = {
  /** Images per prompt (the authors' code draws 10 per query). */
  images: 10,
  /** Image side, pixels. */
  size: 512,
  steps: 20,
  guidance: 7.5,
  seed: 0,
  /** CLIP cosine margin under which a label is unknown. */
  margin: 0,
  /** Seconds to wait for a server. */
  timeoutSeconds: 60,
  /** Bootstrap resamples of the report. */
  resamples: 1000,
} as const;

/** Limits of the audit options. */
export const AUDIT_LIMITS = {
  images: { min: 1, max: 10000 },
  size: { min: 8, max: 2048 },
  steps: { min: 1, max: 1000 },
  concurrency: { min: 1, max: 32 },
  resamples: { min: 0, max: 100000 },
} as const;

/** Options of {@link runAudit}. */
export interface RunAuditOptions {
  /** The run folder: `images/`, `manifest.jsonl`, `run.json` go there. An existing run with the same settings is resumed. */
  out: string;
  /** `onnx:<folder>` (`onnx:demo`), `openai-images:<baseUrl>#<model>` or `a1111:<baseUrl>`, or a parsed spec. */
  backend: string | BackendSpec;
  /** The prompts. */
  prompts: readonly AuditPrompt[];
  /** Images per prompt. Defaults to `10`. */
  images?: number;
  /** Attributes to assess. Defaults to `["skin-tone"]`, plus gender and race when `clip` is given. Skin tone (model-free) is always assessed. */
  attributes?: readonly AttributeName[];
  /** CLIP ONNX folder for gender and race (`"demo"`: the tiny random demo CLIP; labels then mean nothing). */
  clip?: string;
  /** Seed of image k of every prompt is `seed + k`. Defaults to `0`. */
  seed?: number;
  /** Image side in pixels. Defaults to `512`. */
  size?: number;
  /** Denoising steps (onnx, a1111). Defaults to `20`. */
  steps?: number;
  /** Guidance scale (onnx, a1111). Defaults to `7.5`. */
  guidance?: number;
  /** CLIP margin under which a label is unknown. Defaults to `0`. */
  margin?: number;
  /** Milliseconds to wait for a server. Defaults to `60000`. */
  timeoutMs?: number;
  /** Images requested at once from HTTP backends (onnx always draws one at a time). Defaults to `1`. */
  concurrency?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

interface Item extends AuditPrompt {
  k: number;
  slug: string;
}

/** What {@link runAudit} returns. */
export interface RunAuditResult {
  out: string;
  manifest: string;
  backend: string;
  attributes: AttributeName[];
  counts: RunItemsResult<unknown>["counts"];
  /** Images with a manifest row (new and resumed). */
  images: number;
  failures: { key: string; error: string }[];
}

/** Checks and completes the attribute list. */
export function resolveAttributes(attributes: readonly string[] | undefined, clip: string | undefined): AttributeName[] {
  const list = attributes?.length ? [...new Set(attributes)] : clip ? [...ATTRIBUTES] : ["skin-tone"];
  for (const a of list)
    if (!(ATTRIBUTES as readonly string[]).includes(a))
      throw new InvalidInputError(`Unknown attribute "${a}"; choose from ${ATTRIBUTES.join(", ")}.`);
  if (!clip && list.some((a) => a !== "skin-tone"))
    throw new InvalidInputError(
      "Perceived gender and race need a CLIP model: pass --clip DIR (a CLIP ONNX folder, or demo for the tiny random one).",
    );
  return list as AttributeName[];
}

/** Runs (or resumes) an audit. */
export async function runAudit(o: RunAuditOptions): Promise<RunAuditResult> {
  const out = resolve(checkOutputPath(o.out, { kind: "folder", flag: "--out" }));
  const spec = typeof o.backend === "string" ? parseBackend(o.backend) : o.backend;
  const attributes = resolveAttributes(o.attributes, o.clip);
  const images = o.images ?? AUDIT_DEFAULTS.images;
  const seed = o.seed ?? AUDIT_DEFAULTS.seed;
  const check = (name: keyof typeof AUDIT_LIMITS, v: number) => {
    const { min, max } = AUDIT_LIMITS[name];
    if (!Number.isInteger(v) || v < min || v > max)
      throw new InvalidInputError(`${name} must be a whole number from ${min} to ${max}; got ${v}.`);
    return v;
  };
  check("images", images);
  const size = check("size", o.size ?? AUDIT_DEFAULTS.size);
  const steps = check("steps", o.steps ?? AUDIT_DEFAULTS.steps);
  // One local ONNX pipeline draws one image at a time; HTTP backends may take several requests at once.
  const concurrency = spec.kind === "onnx" ? 1 : check("concurrency", o.concurrency ?? 1);
  if (!o.prompts.length) throw new InvalidInputError("No prompts to audit.");
  const clipDir = o.clip === "demo" ? ensureDemoModels().clip : o.clip;
  const settings = {
    backend: backendName(spec),
    attributes,
    clip: clipDir && o.clip !== "demo" ? resolve(clipDir) : (o.clip ?? null),
    size,
    steps,
    guidance: o.guidance ?? AUDIT_DEFAULTS.guidance,
    seed,
    margin: o.margin ?? AUDIT_DEFAULTS.margin,
  };

  // Unique folder names per prompt, and the work items (prompt × image index).
  const slugs = new Map<string, string>();
  const used = new Set<string>();
  for (const p of o.prompts) {
    if (slugs.has(p.prompt)) continue;
    let s = promptSlug(p.prompt);
    for (let i = 2; used.has(s); i++) s = `${promptSlug(p.prompt)}-${i}`;
    used.add(s);
    slugs.set(p.prompt, s);
  }
  const pad = Math.max(2, String(images - 1).length);
  const items: Item[] = [];
  for (const p of [...new Map(o.prompts.map((p) => [p.prompt, p])).values()])
    for (let k = 0; k < images; k++) items.push({ ...p, k, slug: slugs.get(p.prompt) as string });

  makeFolder(out);
  await writeJsonAtomic(runInfoPath(out), {
    note: "Perceived attributes, not identities. Written by yomikai audit run.",
    ...settings,
    images,
    demo: (spec.kind === "onnx" && spec.demo) || o.clip === "demo",
    prompts: [...slugs.keys()],
    face: "not checked",
  });
  const backend = await openBackend(spec, {
    size,
    steps,
    guidance: settings.guidance,
    timeoutMs: o.timeoutMs ?? AUDIT_DEFAULTS.timeoutSeconds * 1000,
  });
  let clip: ClipModel | undefined;
  try {
    if (clipDir && attributes.some((a) => a !== "skin-tone")) clip = await ClipModel.load(clipDir);
    const classifier = clip ? await ClipAttributeClassifier.create(clip, settings.margin) : undefined;
    const r = await runItems<Item, Omit<ManifestRow, "key" | "settings">>({
      out: manifestPath(out),
      items,
      key: (it) => `${it.prompt}#${it.k}`,
      settings,
      what: "audit manifest",
      label: "audit",
      unit: "images",
      concurrency,
      detail: (it) => `${it.slug}/${it.k}`,
      run: async (it, { signal }) => {
        const imageSeed = seed + it.k;
        const image = await backend.generate(it.prompt, imageSeed, signal);
        const rel = `images/${it.slug}/${String(it.k).padStart(pad, "0")}.png`;
        makeFolder(resolve(out, "images", it.slug));
        await writeFileAtomic(resolve(out, rel), await encodePng(image));
        const skin = monkSkinTone(image);
        const row: Omit<ManifestRow, "key" | "settings"> = {
          prompt: it.prompt,
          ...(it.occupation ? { occupation: it.occupation } : {}),
          image: rel,
          seed: imageSeed,
          attributes: { skinTone: skin.tone },
          face: "not checked",
          skin: {
            pixels: skin.skinPixels,
            fraction: Math.round(skin.skinFraction * 1e6) / 1e6,
            meanRgb: skin.meanRgb ? (skin.meanRgb.map((v) => Math.round(v * 100) / 100) as [number, number, number]) : null,
          },
        };
        if (classifier) {
          const c = await classifier.classify(image);
          row.clip = {};
          if (attributes.includes("gender")) {
            row.attributes.gender = c.gender.label;
            row.clip.gender = c.gender.similarity;
          }
          if (attributes.includes("race")) {
            row.attributes.race = c.race.label;
            row.clip.race = c.race.similarity;
          }
        }
        return row;
      },
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return {
      out,
      manifest: manifestPath(out),
      backend: settings.backend,
      attributes,
      counts: r.counts,
      images: r.records.length,
      failures: r.failures.map((f) => ({ key: f.key, error: f.error })),
    };
  } finally {
    await backend.release();
    await clip?.release();
  }
}
