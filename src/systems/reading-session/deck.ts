/**
 * The deck as data — a title slide, an agenda, one slide per paper in the seed deck's format — and the
 * built-in example: the seed deck's ten papers with their transcribed lines (no model, no network).
 * @module
 */
import { type DeckSummary, findPaper, papers, deck as seedDeck } from "../../papers.js";
import { findSystem } from "../../registry.js";
import { DECK_ABSTRACTS_JA } from "./deckAbstracts.js";
import { DECK_EXTRAS } from "./deckExtras.js";
import type { ModelAttempt } from "./summarize.js";
import type { DeckLang } from "./summaryFormat.js";

/** One paper's slide. */
export interface DeckPaper {
  /** Position in the deck, from 1. */
  number: number;
  /** arXiv id without version. */
  arxiv: string;
  /** The version shown, e.g. `"v1"`. */
  version: string;
  /** The abstract page. */
  url: string;
  /** The title shown (Japanese for the example's Japanese deck, else the paper's own). */
  title: string;
  /** The paper's own title when {@link title} is a translation. */
  originalTitle?: string;
  authors: string[];
  /** `true` when more authors exist than {@link authors} lists. */
  moreAuthors: boolean;
  /** First-version date (ISO 8601), when known. */
  published?: string;
  /** The abstract shown on the slide. */
  abstract: string;
  /**
   * What {@link abstract} is: `"translated"` by the model, `"original"` (English deck, or a failed
   * translation — then labelled on the slide), or `"deck"` (the example's transcribed text).
   */
  abstractKind: "translated" | "original" | "deck";
  /** `true` when the model saw a shortened abstract (small context). */
  abstractTruncated?: boolean;
  /** The five lines; absent when the model's answers failed the check twice. */
  lines?: DeckSummary;
  /** Where the affiliations line comes from. */
  affiliationsFrom: "feed" | "model" | "deck" | "none";
  /** What failed for this paper, one line each (`"lines: …"`, `"translation: …"`). Empty when nothing did. */
  failures: string[];
  /** The runnable yomikai page for this paper, when it has one. */
  page?: string;
  /** The model calls made for this paper (absent for the example). */
  attempts?: ModelAttempt[];
}

/** A whole deck. */
export interface Deck {
  title: string;
  /** Second line of the title slide. */
  subtitle: string;
  /** ISO date of the session. */
  date: string;
  lang: DeckLang;
  /** `"example"`: the seed deck's transcribed lines; `"arxiv"`: built from the arXiv API and a model. */
  source: "example" | "arxiv";
  /** The model that wrote the lines, when one did. */
  model?: string;
  /** Sampling seed of the model calls. */
  seed?: number;
  papers: DeckPaper[];
}

/** Where a paper's runnable page lives. */
export interface PageLinkOptions {
  /** Root of the yomikai web app (`yomikai serve`). Defaults to `http://127.0.0.1:8080`. */
  pageBaseUrl?: string;
}

/** The runnable page URL for an arXiv id, when the seed deck's paper with that id has an available system (`src/registry.ts`). */
export function pageFor(arxiv: string, o: PageLinkOptions = {}): string | undefined {
  const system = findSystem(findPaper(arxiv)?.slug ?? "");
  if (system?.status !== "available") return undefined;
  return `${(o.pageBaseUrl ?? "http://127.0.0.1:8080").replace(/\/+$/, "")}${system.page}`;
}

/** The seed deck's papers with the given arXiv ids (all ten when `ids` is empty). */
export function seedPapers(ids: readonly string[] = []) {
  if (!ids.length) return [...papers];
  return ids.map((id) => findPaper(id)).filter((p) => p !== undefined);
}

/**
 * The built-in example: the seed deck's ten papers (or those among `ids`), with the lines transcribed in
 * `papers.ts` and the deck's own Japanese abstracts (English renderings for `lang: "en"`).
 */
export function exampleDeck(lang: DeckLang, o: PageLinkOptions & { ids?: readonly string[] } = {}): Deck {
  const chosen = seedPapers(o.ids);
  return {
    title: lang === "ja" ? seedDeck.titleJa : "AI paper reading session, December 2022",
    subtitle: `${seedDeck.author} — ${seedDeck.presenters}`,
    date: seedDeck.date,
    lang,
    source: "example",
    papers: chosen.map((p, i) => {
      const extra = DECK_EXTRAS[p.arxiv];
      const page = pageFor(p.arxiv, o);
      return {
        number: i + 1,
        arxiv: p.arxiv,
        version: p.arxivVersion,
        url: `https://arxiv.org/abs/${p.arxiv}${p.arxivVersion}`,
        title: lang === "ja" ? p.titleJa : p.titleEn,
        ...(lang === "ja" ? { originalTitle: p.titleEn } : {}),
        authors: extra?.authors ?? [],
        moreAuthors: extra?.moreAuthors ?? false,
        abstract: (lang === "ja" ? DECK_ABSTRACTS_JA[p.arxiv] : extra?.abstractEn) ?? "",
        abstractKind: "deck",
        lines: lang === "ja" ? p.ja : p.en,
        affiliationsFrom: (lang === "ja" ? p.ja : p.en).affiliations ? "deck" : "none",
        failures: [],
        ...(page ? { page } : {}),
      };
    }),
  };
}
