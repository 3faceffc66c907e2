/**
 * arXiv ids → the deck's summary format → slides: metadata from the arXiv API, lines and translations
 * from a language model, then `deck.md` (Marp), `deck.html` (Marp core) and `deck.pptx`, plus
 * `deck.json` with every model answer.
 * @module
 */
import { join } from "node:path";
import {
  InvalidInputError,
  makeFolder,
  type OnProgress,
  progressTask,
  throwIfAborted,
  writeFileAtomic,
  writeJsonAtomic,
} from "../../core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../lm/index.js";
import { findPaper, type Paper } from "../../papers.js";
import { type ArxivFetchOptions, fetchArxivPapers } from "./arxivClient.js";
import { paperAffiliations } from "./arxivFeed.js";
import { type Deck, type DeckPaper, exampleDeck, type PageLinkOptions, pageFor } from "./deck.js";
import { DECK_EXTRAS } from "./deckExtras.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { renderPptx } from "./pptx.js";
import { summarizePaper } from "./summarize.js";
import type { DeckLang, PromptExample } from "./summaryFormat.js";

/** Options of {@link buildDeck}. */
export interface BuildDeckOptions extends PageLinkOptions {
  /** arXiv ids (with or without version, or abs URLs). Ignored with `example`. */
  arxiv?: readonly string[];
  /** Build the seed deck's example from `papers.ts`: no model, no network. Defaults to `false`. */
  example?: boolean;
  /** Language of the lines and abstracts. Defaults to `"ja"`. */
  lang?: DeckLang;
  /**
   * The model writing the lines: a loaded {@link LanguageModel}, or a reference for `loadLanguageModel`
   * (a `.gguf` path, `hf:…`, `openai:<baseUrl>#<model>`). Required unless `example`.
   */
  model?: LanguageModel | string;
  /** llama.cpp threads when `model` is a reference. Defaults to the runtime's choice. */
  threads?: number;
  /** arXiv API options (endpoint, cache folder, rate limit). */
  arxivOptions?: Omit<ArxivFetchOptions, "onProgress" | "signal">;
  /** Deck title. Defaults to `論文読み会` / `Paper reading session` with the date. */
  title?: string;
  /** Session date, ISO. Defaults to today (UTC). */
  date?: string;
  /** Tokens the model may write per answer (lines, translation). Defaults to `320` for lines, `1024` for a translation. */
  maxTokens?: number;
  /** Seed recorded with the model calls (decoding is greedy). Defaults to `0`. */
  seed?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link buildDeck} returns. */
export interface BuiltDeck {
  deck: Deck;
  /** Papers whose lines (and, for Japanese, translation) all passed the check. */
  succeeded: number;
  /** Papers with at least one failed task. */
  failed: number;
  /** arXiv requests made (0 when everything came from the cache). */
  arxivRequests: number;
  /** Papers read from the arXiv cache. */
  arxivFromCache: number;
}

/** A worked example for the prompt: the seed deck's InstructPix2Pix lines (Contrastive Decoding's for that paper itself). */
function promptExample(lang: DeckLang, arxiv: string): PromptExample {
  const p = findPaper(arxiv === "2211.09800" ? "2210.15097" : "2211.09800") as Paper;
  return { title: p.titleEn, abstract: DECK_EXTRAS[p.arxiv]?.abstractEn ?? "", lines: lang === "ja" ? p.ja : p.en };
}

/**
 * Builds a deck. With `example`, from the seed deck's transcribed lines; otherwise from the arXiv API and
 * `model`. Failed tasks are recorded per paper (`failures`) and counted, never filled in.
 * @example
 * const { deck } = await buildDeck({ arxiv: ["2211.09800"], model: "openai:http://127.0.0.1:8000#qwen" });
 * await writeDeck(deck, "deck");
 */
export async function buildDeck(o: BuildDeckOptions): Promise<BuiltDeck> {
  const lang = o.lang ?? "ja";
  if (o.example) {
    const deck = exampleDeck(lang, { ...o, ...(o.arxiv?.length ? { ids: o.arxiv } : {}) });
    if (!deck.papers.length)
      throw new InvalidInputError("None of the given ids is one of the seed deck's ten papers; drop --arxiv to build all ten.");
    return { deck, succeeded: deck.papers.length, failed: 0, arxivRequests: 0, arxivFromCache: 0 };
  }
  if (!o.arxiv?.length) throw new InvalidInputError("No arXiv ids: pass --arxiv ID[,ID…], or --example for the seed deck.");
  if (!o.model) throw new InvalidInputError("No model: pass --model MODEL (a .gguf path, hf:… or openai:<url>#<model>), or --example.");
  const fetched = await fetchArxivPapers(o.arxiv, {
    ...o.arxivOptions,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const lm =
    typeof o.model === "string"
      ? await loadLanguageModel(o.model, {
          ...(o.threads ? { threads: o.threads } : {}),
          ...(o.onProgress ? { onProgress: o.onProgress } : {}),
        })
      : o.model;
  const date = o.date ?? new Date().toISOString().slice(0, 10);
  const deck: Deck = {
    title: o.title ?? (lang === "ja" ? `論文読み会 ${date}` : `Paper reading session, ${date}`),
    subtitle: `arXiv: ${fetched.papers.map((p) => p.id).join(", ")}`,
    date,
    lang,
    source: "arxiv",
    model: lm.name,
    seed: o.seed ?? 0,
    papers: [],
  };
  const progress = progressTask(o.onProgress, "summaries", fetched.papers.length, "papers");
  let succeeded = 0;
  try {
    for (const [i, meta] of fetched.papers.entries()) {
      throwIfAborted(o.signal);
      const affiliations = paperAffiliations(meta).join(", ");
      const s = await summarizePaper(lm, meta.title, meta.abstract, {
        lang,
        feedAffiliations: affiliations,
        example: promptExample(lang, meta.id),
        ...(o.maxTokens ? { maxTokens: o.maxTokens } : {}),
        seed: o.seed ?? 0,
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const failures = [
        ...(s.linesFailure ? [`lines: ${s.linesFailure}`] : []),
        ...(s.translationFailure ? [`translation: ${s.translationFailure}`] : []),
      ];
      if (!failures.length) succeeded++;
      const page = pageFor(meta.id, o);
      const paper: DeckPaper = {
        number: i + 1,
        arxiv: meta.id,
        version: meta.version,
        url: meta.url,
        title: meta.title,
        authors: meta.authors.map((a) => a.name),
        moreAuthors: false,
        published: meta.published,
        abstract: s.translation ?? meta.abstract,
        abstractKind: s.translation ? "translated" : "original",
        ...(s.abstractTruncated ? { abstractTruncated: true } : {}),
        ...(s.lines ? { lines: s.lines } : {}),
        affiliationsFrom: s.affiliationsFrom,
        failures,
        ...(page ? { page } : {}),
        attempts: s.attempts,
      };
      deck.papers.push(paper);
      progress.tick(1, failures.length ? `${meta.id}: failed` : meta.id);
    }
  } finally {
    if (typeof o.model === "string") await lm.close();
  }
  progress.done();
  return {
    deck,
    succeeded,
    failed: deck.papers.length - succeeded,
    arxivRequests: fetched.requests,
    arxivFromCache: fetched.fromCache,
  };
}

/** Paths written by {@link writeDeck}. */
export interface DeckFiles {
  markdown: string;
  html: string;
  pptx: string;
  json: string;
  /** Slides in the deck (title + agenda + papers). */
  slides: number;
}

/** Writes `deck.md`, `deck.html`, `deck.pptx` and `deck.json` into `dir` (created if missing), each atomically. */
export async function writeDeck(deck: Deck, dir: string): Promise<DeckFiles> {
  makeFolder(dir);
  const markdown = renderMarkdown(deck);
  const html = renderHtml(markdown, deck.title, deck.lang);
  const pptx = await renderPptx(deck);
  const files = {
    markdown: join(dir, "deck.md"),
    html: join(dir, "deck.html"),
    pptx: join(dir, "deck.pptx"),
    json: join(dir, "deck.json"),
    slides: html.slides,
  };
  await writeFileAtomic(files.markdown, markdown);
  await writeFileAtomic(files.html, html.html);
  await writeFileAtomic(files.pptx, pptx);
  await writeJsonAtomic(files.json, deck);
  return files;
}
