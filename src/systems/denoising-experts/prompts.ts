/**
 * Prompt sets for evaluation. ViLG-300 (ERNIE-ViLG 2.0's bilingual human-evaluation set: 300 prompts
 * in English and Chinese, 16 categories, half from DrawBench, half from ERNIE-ViLG) is published as
 * `Research/ERNIE-ViLG2/data/ViLG-300.csv` in PaddlePaddle/ERNIE. That repository carried no licence
 * file when the CSV was added, so yomikai does not redistribute it: `vilg-300` reads the user's copy
 * from the cache, or downloads it from the authors' repository at a pinned commit (checked by
 * SHA-256) on machines with network access. Other sets: a text file (one prompt per line), a CSV
 * with a `Prompt` (or `prompt`/`caption`/`text`) column, or COCO captions JSON (`annotations[].caption`).
 * @module
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import {
  cacheDir,
  ExternalError,
  FileFormatError,
  InvalidInputError,
  MissingFileError,
  type OnProgress,
  pathExists,
  readFileOrThrow,
} from "../../core/index.js";
import { downloadFile } from "../../lm/index.js";

/** One evaluation prompt. */
export interface EvalPrompt {
  /** Stable key (row number in the set, or the COCO image id + caption index). */
  key: string;
  prompt: string;
  /** ViLG-300: the Chinese prompt, category and source. */
  zh?: string;
  category?: string;
  source?: string;
  /** COCO: the image id the caption describes. */
  imageId?: number;
}

/** Where ViLG-300 comes from: the authors' file at a pinned commit, and its checksum. */
export const VILG_300 = {
  url: "https://raw.githubusercontent.com/PaddlePaddle/ERNIE/620ee3df7fba1b3266b5416e0232aecfba53f922/Research/ERNIE-ViLG2/data/ViLG-300.csv",
  sha256: "e9df8402c8b7f64cb1935a7b658ff1b0675d371bb692dc4223125942c9fcf223",
  bytes: 35682,
  rows: 300,
  fileName: "ViLG-300.csv",
} as const;

/** Path of the cached ViLG-300 file: `<cache>/datasets/ViLG-300.csv`. */
export function vilg300Path(): string {
  return cacheDir("datasets", VILG_300.fileName);
}

/** Parses CSV text (RFC 4180: quoted fields may hold commas, quotes as "" and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      field = "";
      if (row.some((f) => f !== "")) rows.push(row);
      row = [];
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f !== "")) rows.push(row);
  return rows;
}

/** Prompts from CSV text with a header row: the English `Prompt` column, and ViLG-300's 文本/类别/来源 when present. */
export function promptsFromCsv(text: string, path?: string): EvalPrompt[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new FileFormatError("prompt CSV", path, "it is empty");
  const names = header.map((h) => h.trim().toLowerCase());
  const col = (...want: string[]) => names.findIndex((n) => want.includes(n));
  const p = col("prompt", "caption", "text");
  if (p < 0) throw new FileFormatError("prompt CSV", path, `no Prompt column (columns: ${header.join(", ")})`);
  const zh = col("文本");
  const cat = col("类别", "category");
  const src = col("来源", "source");
  return rows.map((r, i) => ({
    key: String(i + 1),
    prompt: (r[p] ?? "").trim(),
    ...(zh >= 0 && r[zh] ? { zh: (r[zh] as string).trim() } : {}),
    ...(cat >= 0 && r[cat] ? { category: (r[cat] as string).trim() } : {}),
    ...(src >= 0 && r[src] ? { source: (r[src] as string).trim() } : {}),
  }));
}

/** COCO captions JSON (`captions_val2014.json` and the like) → one prompt per caption. */
export function promptsFromCoco(json: unknown, path?: string): EvalPrompt[] {
  const anns = (json as { annotations?: unknown })?.annotations;
  if (!Array.isArray(anns)) throw new FileFormatError("COCO captions JSON", path, 'no "annotations" array');
  return anns.map((a: { id?: number; image_id?: number; caption?: string }, i) => {
    if (typeof a?.caption !== "string") throw new FileFormatError("COCO captions JSON", path, `annotation ${i} has no caption`);
    return {
      key: a.id !== undefined ? `coco-${a.id}` : String(i + 1),
      prompt: a.caption.trim(),
      ...(typeof a.image_id === "number" ? { imageId: a.image_id } : {}),
    };
  });
}

/** Options of {@link loadPrompts}. */
export interface LoadPromptsOptions {
  /** ViLG-300: use the Chinese prompts (文本) instead of the English ones. Defaults to `"en"`. */
  language?: "en" | "zh";
  /** Download ViLG-300 when it is not in the cache. Defaults to `true`. */
  download?: boolean;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Checks the ViLG-300 bytes against the pinned checksum. */
function checkVilg(bytes: Buffer, path: string): void {
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (sha !== VILG_300.sha256)
    throw new FileFormatError(
      "ViLG-300 CSV",
      path,
      `its SHA-256 is ${sha.slice(0, 12)}…, not the authors' file (${VILG_300.sha256.slice(0, 12)}…); delete it and fetch ${VILG_300.url}`,
    );
}

/**
 * Loads a prompt set: `"vilg-300"` (cache, else download), or a path to a `.txt`, `.csv` or `.json` file.
 * @throws {MissingFileError} for a missing file; {@link ExternalError} when ViLG-300 cannot be fetched (with where to put it).
 */
export async function loadPrompts(spec: string, options: LoadPromptsOptions = {}): Promise<EvalPrompt[]> {
  let prompts: EvalPrompt[];
  if (spec.toLowerCase() === "vilg-300") {
    const path = vilg300Path();
    if (!pathExists(path)) {
      if (options.download === false) throw new MissingFileError(path, "ViLG-300 prompt file", `Download ${VILG_300.url} to that path`);
      try {
        await downloadFile(VILG_300.url, path, {
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (err) {
        throw new ExternalError(
          `ViLG-300 is not in the cache and could not be downloaded (${(err as Error).message.replace(/\.$/, "")}). yomikai does not ship it (its repository had no licence file); save ${VILG_300.url} as ${path}, or pass --prompts FILE.`,
          { cause: err },
        );
      }
    }
    const bytes = await readFile(path);
    checkVilg(bytes, path);
    prompts = promptsFromCsv(bytes.toString("utf8"), path);
    if (options.language === "zh") prompts = prompts.map((p) => ({ ...p, prompt: p.zh ?? p.prompt }));
  } else {
    if (!pathExists(spec))
      throw new MissingFileError(
        spec,
        "Prompt file",
        "Pass vilg-300, a .txt file (one prompt per line), a CSV with a Prompt column or COCO captions JSON",
      );
    const text = (await readFileOrThrow(spec, "Prompt file")).toString("utf8");
    const ext = extname(spec).toLowerCase();
    if (ext === ".json") {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new FileFormatError("COCO captions JSON", spec, (err as Error).message, { cause: err });
      }
      prompts = promptsFromCoco(json, spec);
    } else if (ext === ".csv") prompts = promptsFromCsv(text, spec);
    else
      prompts = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith("#"))
        .map((prompt, i) => ({ key: String(i + 1), prompt }));
  }
  prompts = prompts.filter((p) => p.prompt);
  if (prompts.length === 0) throw new InvalidInputError(`${spec}: no prompts found.`);
  return prompts;
}
