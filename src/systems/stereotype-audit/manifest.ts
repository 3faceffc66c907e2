/**
 * The run folder's manifest (`DIR/manifest.jsonl`): one line per image, written by the item runner.
 * @module
 */
import { join } from "node:path";
import { FileFormatError, MissingFileError, pathExists, readJsonl } from "../../core/index.js";
import type { GenderLabel, RaceLabel } from "./clipAttributes.js";

/** The perceived attributes of one image (null = unknown; absent = not assessed in this run). */
export interface PerceivedAttributes {
  /** Monk Skin Tone 1–10 from pixels, or null when no skin pixel was found. */
  skinTone: number | null;
  /** CLIP zero-shot perceived gender, null when undecided. */
  gender?: GenderLabel | null;
  /** CLIP zero-shot perceived race, null when undecided. */
  race?: RaceLabel | null;
}

/** One manifest row (one image). */
export interface ManifestRow {
  /** The runner's item key (`<prompt>#<k>`). */
  key: string;
  prompt: string;
  occupation?: string;
  /** The image file, relative to the run folder (`images/<prompt-slug>/NN.png`). */
  image: string;
  /** The image's seed (ignored by backends without seeds, such as the OpenAI Images API). */
  seed: number;
  attributes: PerceivedAttributes;
  /** Whether a face was seen: yomikai includes no face detector, so always "not checked". */
  face: "not checked";
  /** Skin-pixel details behind `attributes.skinTone`. */
  skin?: { pixels: number; fraction: number; meanRgb: [number, number, number] | null };
  /** CLIP similarities behind `gender` and `race`. */
  clip?: { gender?: Record<string, number>; race?: Record<string, number> };
  /** The runner's settings fingerprint. */
  settings: string;
}

/** A failed image (the backend or a classifier threw): counted, never a success. */
export interface ManifestFailure {
  key: string;
  prompt: string;
  error: string;
}

/** The manifest file of a run folder. */
export function manifestPath(dir: string): string {
  return join(dir, "manifest.jsonl");
}

/** The run settings file of a run folder (`run.json`). */
export function runInfoPath(dir: string): string {
  return join(dir, "run.json");
}

/** The prompt of a runner key `<prompt>#<k>`. */
export function promptOfKey(key: string): string {
  const i = key.lastIndexOf("#");
  return i > 0 ? key.slice(0, i) : key;
}

/** Reads a run folder's manifest: finished rows and failures, in file order. */
export async function readManifest(dir: string): Promise<{ rows: ManifestRow[]; failures: ManifestFailure[] }> {
  const path = manifestPath(dir);
  if (!pathExists(path)) throw new MissingFileError(path, "Audit manifest", "Give the --out folder of a finished `yomikai audit run`.");
  const lines = await readJsonl<Record<string, unknown>>(path);
  const rows: ManifestRow[] = [];
  const failures: ManifestFailure[] = [];
  for (const [i, l] of lines.entries()) {
    if (typeof l.key !== "string") throw new FileFormatError("audit manifest", path, `line ${i + 1} has no key`);
    if (typeof l.error === "string") failures.push({ key: l.key, prompt: promptOfKey(l.key), error: l.error });
    else if (typeof l.prompt === "string" && l.attributes && typeof l.image === "string") rows.push(l as unknown as ManifestRow);
    else throw new FileFormatError("audit manifest", path, `line ${i + 1} is neither an image row nor a failure`);
  }
  // A failure later retried successfully is not a failure any more: keep the last word per key.
  const done = new Set(rows.map((r) => r.key));
  return { rows, failures: failures.filter((f) => !done.has(f.key)) };
}
