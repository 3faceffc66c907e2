/**
 * The BLOOM paper's evaluation suites as task files: loaders that download each dataset on first use
 * (Hugging Face's dataset viewer API for the classification sets, the Flores-101 release tarball for
 * translation), cache the raw rows under `cacheDir("datasets", "bloom")`, report progress, and convert
 * them to task-file items with the lm-eval-harness prompt of each task.
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  cacheDir,
  downloadFile,
  fetchJson,
  InvalidInputError,
  type OnProgress,
  pathExists,
  throwIfAborted,
  writeFileAtomic,
} from "../../core/index.js";
import type { ChoiceItem, GenerationItem, TaskItem } from "./taskFile.js";

/** Where and how datasets are fetched. */
export interface DatasetOptions {
  /** Base URL of the Hugging Face dataset viewer API (`/rows`). Defaults to `$YOMIKAI_DATASETS_SERVER` or `https://datasets-server.huggingface.co`. */
  datasetsServer?: string;
  /** URL of the Flores-101 tarball. Defaults to `$YOMIKAI_FLORES_URL` or the fbaipublicfiles release. */
  floresUrl?: string;
  /** Cache folder for raw rows. Defaults to `cacheDir("datasets", "bloom")`. */
  cacheDir?: string;
  /** Time to wait for each answer, in milliseconds. Defaults to `60_000`. */
  timeoutMs?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

type Row = Record<string, unknown>;
type Fetch = (dataset: string, config: string, split: string) => Promise<Row[]>;

/** One evaluation task of the harness. */
export interface TaskSpec {
  /** Name used by `--tasks`. */
  name: string;
  /** What it measures and where it comes from. */
  description: string;
  /** Languages it has (`--langs` picks among them). */
  langs: readonly string[];
  /** Languages run when `--langs` is not given. */
  defaultLangs: readonly string[];
  /** Loads one language's items. */
  load: (lang: string, fetchRows: Fetch, options: DatasetOptions) => Promise<TaskItem[]>;
}

const str = (v: unknown): string => (typeof v === "string" ? v : String(v ?? ""));

// XNLI, as lm-eval-harness: "premise, right? Yes|Also|No, hypothesis" scored as a whole (empty context).
const XNLI_WORDS: Record<string, [string, string, string, string]> = {
  en: ["right", "Yes", "Also", "No"],
  fr: ["correct", "Oui", "Aussi", "Non"],
  es: ["correcto", "Sí", "Asi", "No"],
  de: ["richtig", "Ja", "Auch", "Nein"],
  zh: ["正确", "是的", "所以", "不是"],
  ar: ["صحيح", "نعم", "لذا", "رقم"],
  hi: ["सही", "हाँ", "इसलिए", "नहीं"],
  sw: ["sahihi", "Ndiyo", "Hivyo", "Hapana"],
  ur: ["صحیح", "جی ہاں", "اس لئے", "نہیں"],
  vi: ["đúng", "Vâng", "Vì vậy", "Không"],
  ru: ["правильно", "Да", "Так", "Нет"],
  bg: ["правилно", "да", "така", "не"],
  el: ["σωστός", "Ναί", "Έτσι", "όχι"],
  th: ["ถูกต้อง", "ใช่", "ดังนั้น", "ไม่"],
  tr: ["doğru", "Evet", "Böylece", "Hayır"],
};

// PAWS-X, as lm-eval-harness: "sentence1, right? No|Yes, sentence2" (label 1 = paraphrase = Yes).
const PAWSX_WORDS: Record<string, [string, string, string]> = {
  en: ["right", "Yes", "No"],
  de: ["richtig", "Ja", "Nein"],
  es: ["verdad", "Sí", "No"],
  fr: ["n'est-ce pas", "Oui", "Non"],
  ja: ["ですね", "はい", "いいえ"],
  ko: ["맞죠", "예", "아니요"],
  zh: ["对吧", "是", "不是"],
};

// XCOPA: "premise because|therefore" + " choice" (first letter lower-cased), as lm-eval's COPA.
const XCOPA_CONNECTORS: Record<string, [string, string]> = {
  et: ["sest", "seetõttu"],
  ht: ["poukisa", "donk sa"],
  id: ["karena", "maka"],
  it: ["perché", "quindi"],
  qu: ["imataq", "chaymi"],
  sw: ["kwa sababu", "kwa hiyo"],
  ta: ["காரணமாக", "எனவே"],
  th: ["เพราะ", "ดังนั้น"],
  tr: ["çünkü", "bu yüzden"],
  vi: ["bởi vì", "vì vậy"],
  zh: ["因为", "所以"],
};

const FLORES_CODES: Record<string, [string, string]> = {
  en: ["eng", "English"],
  fr: ["fra", "French"],
  es: ["spa", "Spanish"],
  pt: ["por", "Portuguese"],
  ar: ["ara", "Arabic"],
  zh: ["zho_simpl", "Chinese"],
  hi: ["hin", "Hindi"],
  vi: ["vie", "Vietnamese"],
  sw: ["swh", "Swahili"],
  id: ["ind", "Indonesian"],
  bn: ["ben", "Bengali"],
  ur: ["urd", "Urdu"],
  ta: ["tam", "Tamil"],
  yo: ["yor", "Yoruba"],
  ca: ["cat", "Catalan"],
  eu: ["eus", "Basque"],
};

function lowerFirst(s: string): string {
  return s ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function hellaswagPreprocess(text: string): string {
  return text
    .trim()
    .replace(" [title]", ". ")
    .replace(/\[.*?\]/g, "")
    .replaceAll("  ", " ");
}

/** The tasks, by name. */
export const TASKS: Record<string, TaskSpec> = {
  xnli: {
    name: "xnli",
    description: "XNLI (Conneau et al. 2018) test set, 5010 pairs per language; 3-way entailment, lm-eval prompt.",
    langs: Object.keys(XNLI_WORDS),
    defaultLangs: ["en", "fr", "zh", "ar"],
    async load(lang, fetchRows) {
      const [right, yes, also, no] = XNLI_WORDS[lang] as [string, string, string, string];
      return (await fetchRows("facebook/xnli", lang, "test")).map((r): ChoiceItem => {
        const p = str(r.premise).trim();
        const h = str(r.hypothesis).trim();
        return { context: "", choices: [yes, also, no].map((w) => `${p}, ${right}? ${w}, ${h}`), gold: Number(r.label), lang };
      });
    },
  },
  xstorycloze: {
    name: "xstorycloze",
    description: "XStoryCloze (Lin et al. 2021) eval split, 1511 stories per language; pick the right ending.",
    langs: ["en", "ru", "zh", "es", "ar", "hi", "id", "te", "sw", "eu", "my"],
    defaultLangs: ["en", "zh", "ar"],
    async load(lang, fetchRows) {
      return (await fetchRows("juletxara/xstory_cloze", lang, "eval")).map(
        (r): ChoiceItem => ({
          context: [1, 2, 3, 4].map((i) => str(r[`input_sentence_${i}`]).trim()).join(" "),
          choices: [` ${str(r.sentence_quiz1).trim()}`, ` ${str(r.sentence_quiz2).trim()}`],
          gold: Number(r.answer_right_ending) - 1,
          lang,
        }),
      );
    },
  },
  xwinograd: {
    name: "xwinograd",
    description: "XWinograd (Tikhonov & Ryabinin 2021); partial scoring: the text after the blank, after each option.",
    langs: ["en", "fr", "jp", "pt", "ru", "zh"],
    defaultLangs: ["en", "fr", "zh"],
    async load(lang, fetchRows) {
      return (await fetchRows("Muennighoff/xwinograd", lang, "test")).map((r): ChoiceItem => {
        const s = str(r.sentence);
        const at = s.indexOf("_");
        const before = s.slice(0, at);
        const after = ` ${s.slice(at + 1).trim()}`;
        const options = [str(r.option1), str(r.option2)];
        return {
          context: before + options[0],
          contexts: options.map((o) => before + o),
          choices: [after, after],
          gold: Number(r.answer) - 1,
          lang,
        };
      });
    },
  },
  xcopa: {
    name: "xcopa",
    description: "XCOPA (Ponti et al. 2020) test set, 500 items per language; cause/effect, lm-eval COPA prompt.",
    langs: Object.keys(XCOPA_CONNECTORS),
    defaultLangs: ["id", "sw", "zh", "vi"],
    async load(lang, fetchRows) {
      const [because, therefore] = XCOPA_CONNECTORS[lang] as [string, string];
      return (await fetchRows("cambridgeltl/xcopa", lang, "test")).map((r): ChoiceItem => {
        const premise = str(r.premise)
          .trim()
          .replace(/[.。]$/, "");
        return {
          context: `${premise} ${r.question === "cause" ? because : therefore}`,
          choices: [` ${lowerFirst(str(r.choice1).trim())}`, ` ${lowerFirst(str(r.choice2).trim())}`],
          gold: Number(r.label),
          lang,
        };
      });
    },
  },
  pawsx: {
    name: "pawsx",
    description: "PAWS-X (Yang et al. 2019) test set, 2000 pairs per language; paraphrase or not, lm-eval prompt.",
    langs: Object.keys(PAWSX_WORDS),
    defaultLangs: ["en", "fr", "zh"],
    async load(lang, fetchRows) {
      const [right, yes, no] = PAWSX_WORDS[lang] as [string, string, string];
      return (await fetchRows("google-research-datasets/paws-x", lang, "test")).map((r): ChoiceItem => {
        const a = str(r.sentence1).trim();
        const b = str(r.sentence2).trim();
        return { context: "", choices: [no, yes].map((w) => `${a}, ${right}? ${w}, ${b}`), gold: Number(r.label), lang };
      });
    },
  },
  lambada: {
    name: "lambada",
    description:
      "LAMBADA (OpenAI's detokenized test set and its machine translations): predict the last word; acc = greedy match, plus perplexity.",
    langs: ["en", "de", "es", "fr", "it"],
    defaultLangs: ["en"],
    async load(lang, fetchRows) {
      return (await fetchRows("EleutherAI/lambada_openai", lang, "test")).map((r): ChoiceItem => {
        const t = str(r.text);
        const at = t.lastIndexOf(" ");
        return { context: t.slice(0, at), choices: [` ${t.slice(at + 1)}`], gold: 0, lang };
      });
    },
  },
  "arc-easy": {
    name: "arc-easy",
    description: "ARC-Easy (Clark et al. 2018) test set, 2376 questions; 'Question: …\\nAnswer:' prompt.",
    langs: ["en"],
    defaultLangs: ["en"],
    async load(lang, fetchRows) {
      return (await fetchRows("allenai/ai2_arc", "ARC-Easy", "test")).map((r): ChoiceItem => {
        const c = r.choices as { text: string[]; label: string[] };
        return {
          context: `Question: ${str(r.question)}\nAnswer:`,
          choices: c.text.map((t) => ` ${t}`),
          gold: c.label.indexOf(str(r.answerKey)),
          lang,
        };
      });
    },
  },
  hellaswag: {
    name: "hellaswag",
    description: "HellaSwag (Zellers et al. 2019) validation set, 10042 items; lm-eval preprocessing.",
    langs: ["en"],
    defaultLangs: ["en"],
    async load(lang, fetchRows) {
      return (await fetchRows("Rowan/hellaswag", "default", "validation")).map((r): ChoiceItem => {
        const ctxB = str(r.ctx_b);
        const ctx = `${str(r.ctx_a)} ${ctxB.charAt(0).toUpperCase()}${ctxB.slice(1)}`;
        return {
          context: hellaswagPreprocess(`${str(r.activity_label)}: ${ctx}`),
          choices: (r.endings as string[]).map((e) => ` ${hellaswagPreprocess(e)}`),
          gold: Number(r.label),
          lang,
        };
      });
    },
  },
  flores: {
    name: "flores",
    description:
      "Flores-101 devtest (Goyal et al. 2021), 1012 sentences; translation to and from English, greedy, scored by chrF (spBLEU needs the Flores SentencePiece model, not available here).",
    langs: Object.keys(FLORES_CODES)
      .filter((l) => l !== "en")
      .flatMap((l) => [`en-${l}`, `${l}-en`]),
    defaultLangs: ["en-fr", "fr-en"],
    async load(pair, _fetch, options) {
      const [src, tgt] = pair.split("-") as [string, string];
      const sources = await floresSentences(src, options);
      const targets = await floresSentences(tgt, options);
      const [, srcName] = FLORES_CODES[src] as [string, string];
      const [, tgtName] = FLORES_CODES[tgt] as [string, string];
      return sources.map(
        (s, i): GenerationItem => ({
          context: `Given the following source text in ${srcName}: ${s}, a good ${tgtName} translation is:`,
          reference: targets[i] as string,
          lang: pair,
        }),
      );
    },
  },
};

/** Every task name. */
export const TASK_NAMES = Object.keys(TASKS);

/** Looks up tasks and languages; throws a one-line error naming the unknown one and the choices. */
export function resolveTasks(tasks: readonly string[], langs?: readonly string[]): { task: TaskSpec; langs: string[] }[] {
  return tasks.map((name) => {
    const task = TASKS[name];
    if (!task) throw new InvalidInputError(`Unknown task "${name}"; choose from demo, ${TASK_NAMES.join(", ")} (or pass --task-file).`);
    let chosen: string[];
    if (!langs || langs.length === 0) chosen = [...task.defaultLangs];
    else if (name === "flores") chosen = langs.flatMap((l) => (l.includes("-") ? [l] : [`en-${l}`, `${l}-en`]));
    else chosen = langs.filter((l) => task.langs.includes(l));
    const bad = name === "flores" ? chosen.filter((l) => !task.langs.includes(l)) : [];
    if (bad.length)
      throw new InvalidInputError(
        `flores has no pair ${bad.join(", ")}; pairs are en-<lang> or <lang>-en for ${Object.keys(FLORES_CODES).join(", ")}.`,
      );
    if (chosen.length === 0)
      throw new InvalidInputError(`${name} has none of the languages ${(langs ?? []).join(", ")}; it has ${task.langs.join(", ")}.`);
    return { task, langs: chosen };
  });
}

function serverBase(o: DatasetOptions): string {
  return (o.datasetsServer ?? process.env.YOMIKAI_DATASETS_SERVER ?? "https://datasets-server.huggingface.co").replace(/\/+$/, "");
}

const PAGE = 100;

/** Fetches every row of one split through the dataset viewer's `/rows` API (100 per page), cached as JSONL. */
export function rowFetcher(options: DatasetOptions): Fetch {
  return async (dataset, config, split) => {
    const dir = options.cacheDir ?? cacheDir("datasets", "bloom");
    const file = join(dir, ...dataset.split("/"), `${config}.${split}.jsonl`);
    if (pathExists(file))
      return readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Row);
    const rows: Row[] = [];
    let total = Number.POSITIVE_INFINITY;
    const label = `download ${dataset} ${config}/${split}`;
    while (rows.length < total) {
      throwIfAborted(options.signal);
      const url = `${serverBase(options)}/rows?dataset=${encodeURIComponent(dataset)}&config=${encodeURIComponent(config)}&split=${encodeURIComponent(split)}&offset=${rows.length}&length=${PAGE}`;
      const page = await fetchJson<{ rows: { row: Row }[]; num_rows_total: number }>(url, {
        timeoutMs: options.timeoutMs ?? 60_000,
        retries: 5,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!Array.isArray(page.rows) || typeof page.num_rows_total !== "number")
        throw new InvalidInputError(`${url} did not answer with dataset rows; is ${serverBase(options)} a Hugging Face dataset viewer?`);
      total = page.num_rows_total;
      if (page.rows.length === 0) break;
      for (const r of page.rows) rows.push(r.row);
      options.onProgress?.({ kind: "step", label, done: rows.length, total, unit: "rows" });
    }
    await writeFileAtomic(file, rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
    return rows;
  };
}

/** Reads one file out of a tar archive (ustar; enough for the Flores release). */
export function tarEntry(tar: Uint8Array, name: string): Uint8Array | undefined {
  let off = 0;
  const dec = new TextDecoder();
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) return undefined;
    const field = (a: number, b: number) => dec.decode(header.subarray(a, b)).replace(/\0.*$/s, "");
    const prefix = field(345, 500);
    const entry = (prefix ? `${prefix}/` : "") + field(0, 100);
    const size = Number.parseInt(field(124, 136).trim() || "0", 8);
    if (entry === name || entry.endsWith(`/${name}`)) return tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

const FLORES_URL = "https://dl.fbaipublicfiles.com/flores101/dataset/flores101_dataset.tar.gz";

/** The 1012 devtest sentences of one Flores-101 language (downloads and caches the release once). */
export async function floresSentences(lang: string, options: DatasetOptions): Promise<string[]> {
  const code = FLORES_CODES[lang]?.[0];
  if (!code) throw new InvalidInputError(`Flores has no language "${lang}" here; choose from ${Object.keys(FLORES_CODES).join(", ")}.`);
  const dir = options.cacheDir ?? cacheDir("datasets", "bloom");
  const archive = await downloadFile(
    options.floresUrl ?? process.env.YOMIKAI_FLORES_URL ?? FLORES_URL,
    join(dir, "flores101_dataset.tar.gz"),
    {
      timeoutMs: options.timeoutMs ?? 60_000,
      check: (head) => (head[0] === 0x1f && head[1] === 0x8b ? undefined : "is not a gzip archive"),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const data = tarEntry(gunzipSync(readFileSync(archive)), `devtest/${code}.devtest`);
  if (!data) throw new InvalidInputError(`The Flores archive ${archive} has no devtest/${code}.devtest; delete it to download it again.`);
  return new TextDecoder()
    .decode(data)
    .split("\n")
    .filter((l) => l.length > 0);
}

/** Loads the items of `task` in `lang` (downloading on first use). */
export async function loadTask(task: TaskSpec, lang: string, options: DatasetOptions = {}): Promise<TaskItem[]> {
  return task.load(lang, rowFetcher(options), options);
}
