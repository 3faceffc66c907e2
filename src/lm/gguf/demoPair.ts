/**
 * The shipped demo pair: a GPT-2-architecture expert (4 layers) and amateur (1 layer) trained by
 * yomikai on the King James Bible (Debian's `bible-kjv`, public domain), sharing a 4,096-token
 * byte-level BPE vocabulary. They write recognisable (if archaic and often incoherent) English, so
 * contrastive decoding can be tried and measured on real text without a download. The files, a
 * manifest (corpus, licence, hyper-parameters, loss curves, held-out perplexity, sha256) and the
 * held-out chapters live in the package's `lm/assets/cd-pair/` folder; `scripts/cd-pair/` rebuilds them.
 * @module
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileFormatError, makeFolder } from "../../core/index.js";

/** A prompt in the corpus's style, used by `yomikai cd demo-models`' printed example and the web page. */
export const DEMO_PAIR_PROMPT = "And Moses said unto the people,";

/** Paths of a demo expert/amateur pair (see {@link writeDemoPair}). */
export interface DemoPair {
  /** The expert: gpt2, 4 layers × 192 wide, trained on the KJV. */
  expert: string;
  /** The amateur: gpt2, 1 layer × 64 wide, same vocabulary and corpus. */
  amateur: string;
}

/** One model's entry in the demo pair's manifest (the fields yomikai reads; the file holds more). */
export interface DemoModelEntry {
  file: string;
  bytes: number;
  sha256: string;
  params: number;
  shape: { layers: number; embedding: number; heads: number; feedForward: number; context: number };
  stepsTaken: number;
  tokensSeen: number;
  heldoutLoss: number;
  heldoutPerplexity: number;
  reference: { maxAbsDiffLlamaCppVsTorch: number; prompts: { prompt: number[]; top: [number, number][] }[] };
  lossCurve: { step: number; trainLoss: number; heldoutLoss?: number }[];
}

/** The demo pair's `manifest.json`. */
export interface DemoPairManifest {
  description: string;
  corpus: { name: string; licence: string; extraction: string; heldoutBooks: string[] } & Record<string, unknown>;
  tokenizer: { vocabSize: number; merges: number } & Record<string, unknown>;
  commands: string[];
  files: Record<string, { bytes: number; sha256: string }>;
  expert: DemoModelEntry;
  amateur: DemoModelEntry;
}

/** A held-out chapter of the corpus (never seen in training): prompts and references for evaluation. */
export interface HeldoutChapter {
  book: string;
  chapter: number;
  text: string;
}

/** Folder of the shipped pair (`src/lm/assets/cd-pair`, or `dist/lm/assets/cd-pair` once built). */
export function demoPairAssetDir(): string {
  return fileURLToPath(new URL("../assets/cd-pair/", import.meta.url));
}

/** Reads the shipped pair's manifest. */
export function readDemoPairManifest(): DemoPairManifest {
  const path = join(demoPairAssetDir(), "manifest.json");
  try {
    return JSON.parse(readFileSync(path, "utf8")) as DemoPairManifest;
  } catch (err) {
    throw new FileFormatError("JSON", path, "the demo pair's manifest is missing or unreadable: reinstall yomikai", { cause: err });
  }
}

/** The held-out chapters of the corpus, in Bible order. */
export function readHeldoutChapters(): HeldoutChapter[] {
  const text = readFileSync(join(demoPairAssetDir(), "heldout.jsonl"), "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as HeldoutChapter);
}

/** Hex sha256 of a file. */
export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Paths of the shipped pair inside the package (read-only; no copy). */
export function shippedDemoPair(): DemoPair {
  const dir = demoPairAssetDir();
  const m = readDemoPairManifest();
  return { expert: join(dir, m.expert.file), amateur: join(dir, m.amateur.file) };
}

/**
 * Copies the shipped KJV expert/amateur pair into `dir` (created if missing) and returns the copies'
 * paths. Files already there with the manifest's sha256 are kept; others are replaced (atomically).
 * `overwrite` copies again regardless.
 * @example
 * const { expert, amateur } = writeDemoPair(lmDemoDir());
 */
export function writeDemoPair(dir: string, options: { overwrite?: boolean } = {}): DemoPair {
  makeFolder(dir);
  const src = demoPairAssetDir();
  const m = readDemoPairManifest();
  const copy = (entry: DemoModelEntry) => {
    const to = join(dir, entry.file);
    if (!options.overwrite && existsSync(to) && sha256File(to) === entry.sha256) return to;
    const tmp = `${to}.${process.pid}.tmp`;
    copyFileSync(join(src, entry.file), tmp);
    renameSync(tmp, to);
    return to;
  };
  return { expert: copy(m.expert), amateur: copy(m.amateur) };
}

/** Whether `dir` already holds an intact copy of the shipped pair (every file matches the manifest's sha256). */
export function hasDemoPair(dir: string): boolean {
  const m = readDemoPairManifest();
  return [m.expert, m.amateur].every((e) => existsSync(join(dir, e.file)) && sha256File(join(dir, e.file)) === e.sha256);
}
