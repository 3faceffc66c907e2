/**
 * Prompt sets for the open-ended generation benchmark: the authors' wikinews, wikitext and story (book)
 * splits as redistributed with `prefix_text` / `reference_text` fields by Su & Xu (2022), downloaded on
 * the user's machine into the model cache; any local JSON/JSONL file in the same shape (or `{ "text" }`
 * documents, split at a token budget); and a seeded synthetic sample for tests and offline use.
 * @module
 */
import { readFile } from "node:fs/promises";
import {
  cacheDir,
  createRng,
  downloadFile,
  ExternalError,
  FileFormatError,
  HttpError,
  type OnProgress,
  readFileOrThrow,
  unknownName,
} from "../../core/index.js";
import { readHeldoutChapters } from "../../lm/index.js";

/** One benchmark item: a prompt and the human continuation it came from. */
export interface PromptItem {
  id: string;
  prompt: string;
  reference: string;
}

/**
 * Dataset names. `sample` is generated offline from a seed; `kjv` is the held-out books of the King
 * James Bible shipped with the demo pair (offline; see {@link kjvDataset}).
 */
export const DATASETS = ["wikinews", "wikitext", "story", "sample", "kjv"] as const;
export type DatasetName = (typeof DATASETS)[number];

const BASE = "https://raw.githubusercontent.com/yxuansu/Contrastive_Search_versus_Contrastive_Decoding/main/inference_results/gpt2-xl";
/** Where each domain's prompts come from (prefix = first 32 GPT-2 tokens of each document, as in the paper). */
export const DATASET_URLS: Record<Exclude<DatasetName, "sample" | "kjv">, string> = {
  wikinews: `${BASE}/wikinews/wikinews_contrastive_k_5_alpha_0.6_result.json`,
  wikitext: `${BASE}/wikitext/wikitext_contrastive_k_5_alpha_0.6_result.json`,
  story: `${BASE}/book/book_contrastive_k_6_alpha_0.6_result.json`,
};

/** Words in a {@link kjvDataset} prompt (≈ 32 tokens of the KJV pair's vocabulary, the paper's prompt length). */
export const KJV_PROMPT_WORDS = 25;
/** Words in a {@link kjvDataset} reference (≈ 128 tokens). */
export const KJV_REFERENCE_WORDS = 100;

/**
 * Prompts from the held-out chapters of the King James Bible (books never seen by the shipped demo pair
 * in training): the first {@link KJV_PROMPT_WORDS} words of each chapter long enough, and the next
 * {@link KJV_REFERENCE_WORDS} words as the human reference (55 of the 56 chapters are long enough).
 */
export function kjvDataset(): PromptItem[] {
  const items: PromptItem[] = [];
  for (const c of readHeldoutChapters()) {
    const words = c.text.split(" ");
    if (words.length < KJV_PROMPT_WORDS + KJV_REFERENCE_WORDS) continue;
    items.push({
      id: `${c.book} ${c.chapter}`,
      prompt: words.slice(0, KJV_PROMPT_WORDS).join(" "),
      reference: ` ${words.slice(KJV_PROMPT_WORDS, KJV_PROMPT_WORDS + KJV_REFERENCE_WORDS).join(" ")}`,
    });
  }
  return items;
}

const SUBJECTS = [
  "The river",
  "A young engineer",
  "The city council",
  "Our small village",
  "The old library",
  "A research team",
  "The harbour",
  "The orchestra",
];
const VERBS = ["opened", "studied", "rebuilt", "described", "visited", "painted", "measured", "remembered"];
const OBJECTS = [
  "the northern bridge",
  "a quiet garden",
  "the winter market",
  "an ancient map",
  "the new railway",
  "a forgotten song",
  "the stone tower",
  "the first harvest",
];
const TAILS = [
  "after the long rain.",
  "in the spring of that year.",
  "with great care.",
  "before the festival began.",
  "while the town slept.",
  "for the first time.",
];

/** A seeded synthetic dataset of simple English sentences (for tests and offline demos). */
export function sampleDataset(n: number, seed: number | string = 0): PromptItem[] {
  const rng = createRng(seed);
  const sentence = () => `${rng.pick(SUBJECTS)} ${rng.pick(VERBS)} ${rng.pick(OBJECTS)} ${rng.pick(TAILS)}`;
  return Array.from({ length: n }, (_, i) => ({
    id: `sample-${i}`,
    prompt: `${sentence()} ${sentence()}`,
    reference: ` ${sentence()} ${sentence()} ${sentence()}`,
  }));
}

/** Parses items from JSON (an array) or JSONL; accepts `{prefix_text, reference_text}`, `{prompt, reference}` or `{text}`. */
export function parseItems(text: string, path: string): PromptItem[] {
  const trimmed = text.trim();
  if (!trimmed)
    throw new FileFormatError("JSON/JSONL prompt", path, "the file is empty; give one {prefix_text, reference_text} item per line");
  let rows: unknown[];
  try {
    rows = trimmed.startsWith("[") ? (JSON.parse(trimmed) as unknown[]) : trimmed.split(/\n+/).map((l) => JSON.parse(l) as unknown);
  } catch (err) {
    throw new FileFormatError("JSON/JSONL prompt", path, (err as Error).message.split("\n")[0] ?? "parse error");
  }
  return rows.map((r, i) => {
    if (typeof r !== "object" || r === null || Array.isArray(r))
      throw new FileFormatError(
        "JSON/JSONL prompt",
        path,
        `item ${i} is ${String(JSON.stringify(r)).slice(0, 40)}, not an object like {"prefix_text": …, "reference_text": …}`,
      );
    const o = r as Record<string, unknown>;
    const prompt = o.prefix_text ?? o.prompt;
    const reference = o.reference_text ?? o.reference;
    if (typeof prompt === "string") return { id: String(o.id ?? i), prompt, reference: typeof reference === "string" ? reference : "" };
    if (typeof o.text === "string") {
      const words = o.text.split(/(\s+)/);
      return { id: String(o.id ?? i), prompt: words.slice(0, 48).join("").trim(), reference: words.slice(48).join("") };
    }
    throw new FileFormatError("JSON/JSONL prompt", path, `item ${i} has neither prefix_text, prompt nor text`);
  });
}

/** Options of {@link loadDataset}. */
export interface LoadDatasetOptions {
  /** Number of prompts (the first n). Defaults to all. */
  prompts?: number;
  /** Local file to read instead of downloading. */
  file?: string;
  /** Download cache. Defaults to the model cache. */
  cacheDir?: string;
  /** Seed of the synthetic sample. */
  seed?: number | string;
  /** Milliseconds to wait for the download server to answer (and for each further piece). Defaults to `60000`. */
  timeoutMs?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Loads a dataset by name (downloading into the cache once) or from `options.file`. */
export async function loadDataset(name: string, options: LoadDatasetOptions = {}): Promise<PromptItem[]> {
  if (!(DATASETS as readonly string[]).includes(name)) throw unknownName("dataset", name, DATASETS);
  let items: PromptItem[];
  if (options.file) {
    const text = await readFileOrThrow(options.file, "Prompt file", "Give a JSON or JSONL file of {prefix_text, reference_text} items");
    items = parseItems(text.toString("utf8"), options.file);
  } else if (name === "sample") {
    items = sampleDataset(options.prompts ?? 20, options.seed ?? 0);
  } else if (name === "kjv") {
    items = kjvDataset();
  } else {
    const url = DATASET_URLS[name as Exclude<DatasetName, "sample" | "kjv">];
    const dest = `${options.cacheDir ?? cacheDir("datasets")}/contrastive-decoding/${name}.json`;
    const path = await downloadFile(url, dest, {
      timeoutMs: options.timeoutMs ?? 60_000,
      // a web page served with status 200 (a proxy's login page) is not the prompt set: never cache it
      check: (head, type) =>
        type?.includes("text/html") || /^\s*</.test(Buffer.from(head).toString("latin1")) ? "is a web page, not the prompt set" : undefined,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }).catch((err: unknown) => {
      if (!(err instanceof ExternalError)) throw err;
      const why = err instanceof HttpError ? err.problem : (/\(([^()]*)\)/.exec(err.message)?.[1] ?? err.message);
      throw new ExternalError(
        `Could not download the ${name} prompts (${why}); check the network, or download ${url} elsewhere and pass it with --data FILE (or save it as ${dest}).`,
        { cause: err },
      );
    });
    items = parseItems(await readFile(path, "utf8"), path);
  }
  return options.prompts === undefined ? items : items.slice(0, options.prompts);
}
