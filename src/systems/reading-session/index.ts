/**
 * `yomikai/reading-session` — the reading session itself: arXiv ids → the seed deck's summary format
 * (目的 / 成果 / 方法 / 固有名 / 著者所属, or Purpose / Results / Method / Named systems / Affiliations)
 * → slides as Marp Markdown, HTML (Marp core) and PowerPoint. Metadata comes from the arXiv API (cached,
 * rate-limited), lines and translations from any `yomikai/lm` model, checked and retried once, failures
 * reported per paper. The seed deck's ten papers are the built-in example (no model, no network).
 *
 * @example
 * import { buildDeck, writeDeck } from "yomikai/reading-session";
 * const { deck } = await buildDeck({ example: true });                       // the seed deck, offline
 * const files = await writeDeck(deck, "deck");                               // deck.md, deck.html, deck.pptx, deck.json
 * const built = await buildDeck({ arxiv: ["2211.09800"], model: "model.gguf", lang: "en" });
 * console.log(built.succeeded, built.failed);
 * @module
 */
export type { ArxivFetchOptions, ArxivFetchResult } from "./arxivClient.js";
export { ARXIV_API, defaultArxivCacheDir, fetchArxivPapers } from "./arxivClient.js";
export type { ArxivAuthor, ArxivPaper } from "./arxivFeed.js";
export { ARXIV_NS, ATOM_NS, paperAffiliations, parseArxivFeed } from "./arxivFeed.js";
export type { ArxivId } from "./arxivId.js";
export { findArxivIds, formatArxivId, parseArxivId, tryParseArxivId } from "./arxivId.js";
export type { BuildDeckOptions, BuiltDeck, DeckFiles } from "./build.js";
export { buildDeck, writeDeck } from "./build.js";
export type { Deck, DeckPaper, PageLinkOptions } from "./deck.js";
export { exampleDeck, pageFor } from "./deck.js";
export type { RenderedHtml } from "./html.js";
export { renderHtml } from "./html.js";
export { DECK_STYLE, DECK_WORDS, escapeMarkdown, renderMarkdown } from "./markdown.js";
export type { PickOptions, PickResult, TrendingFormat, TrendingPaper } from "./pick.js";
export { detectFormat, pickPapers, scoreOf } from "./pick.js";
export { renderPptx } from "./pptx.js";
export type { ModelAttempt, PaperSummary, SummarizeOptions } from "./summarize.js";
export { summarizePaper } from "./summarize.js";
export type { DeckLang, LineKey, LinesCheck, PromptExample, TranslationCheck } from "./summaryFormat.js";
export { checkLines, checkTranslation, LINE_KEYS, LINE_LABELS, linesPrompt, translationPrompt } from "./summaryFormat.js";
export type { XmlElement } from "./xml.js";
export { parseXml } from "./xml.js";
