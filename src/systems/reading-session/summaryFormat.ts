/**
 * The deck's per-paper line format — `目的: …` / `成果: …` / `方法: …` / `固有名: …` / `著者所属: …`, one
 * line each — in Japanese and English, the prompts that ask a model for it, and the strict check of the
 * model's answer.
 * @module
 */
import type { DeckSummary } from "../../papers.js";

/** Language of a deck's lines and abstracts. */
export type DeckLang = "ja" | "en";

/** The five line keys, in the deck's order. */
export const LINE_KEYS = ["aim", "result", "method", "names", "affiliations"] as const;
/** One of {@link LINE_KEYS}. */
export type LineKey = (typeof LINE_KEYS)[number];

/**
 * The line labels. Japanese: the deck's own. English: Purpose, Results, Method, Named systems,
 * Affiliations.
 */
export const LINE_LABELS: Record<DeckLang, Record<LineKey, string>> = {
  ja: { aim: "目的", result: "成果", method: "方法", names: "固有名", affiliations: "著者所属" },
  en: { aim: "Purpose", result: "Results", method: "Method", names: "Named systems", affiliations: "Affiliations" },
};

/** Words that mean "none" in the names/affiliations lines (the deck writes "-", "ー" or "なし"). */
const NONE = /^(?:-|ー|―|−|なし|無し|特になし|不明|none|n\/a|unknown|not stated)$/i;

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/g;

/** Share of the non-space characters of `text` that are kana or kanji. */
export function japaneseShare(text: string): number {
  const chars = text.replace(/\s/g, "");
  return chars.length ? (chars.match(JAPANESE)?.length ?? 0) / chars.length : 0;
}

/** The outcome of checking an answer: the lines, or the reason the answer was refused. */
export type LinesCheck = { ok: true; lines: Omit<DeckSummary, "affiliations"> & { affiliations?: string } } | { ok: false; reason: string };

/** Longest accepted line value, characters. */
export const MAX_LINE_CHARS = 400;

/**
 * Checks a model's answer against the line format: every asked label exactly once at the start of a
 * line (`Label: value`, ASCII or full-width colon, optional leading bullet), a non-empty value of at most
 * {@link MAX_LINE_CHARS} characters, no other non-blank lines, and Japanese text in the 目的/成果/方法
 * lines of a Japanese deck (30% kana/kanji, or kana grammar around Latin names) (Latin text in an English one).
 * @param keys - the labels asked for. `names` and `affiliations` may be "none" (`なし`, `-`…), which reads as `""`.
 */
export function checkLines(answer: string, lang: DeckLang, keys: readonly LineKey[]): LinesCheck {
  const labels = LINE_LABELS[lang];
  const values = new Map<LineKey, string>();
  for (const rawLine of answer.replace(/\r/g, "").split("\n")) {
    const line = rawLine.trim().replace(/^(?:[-*・•]\s*|\d+[.)]\s*)/, "");
    if (!line) continue;
    const key = keys.find((k) => new RegExp(`^\\**${escapeRegExp(labels[k])}\\**\\s*[:：]`, "i").test(line));
    if (!key) return { ok: false, reason: `a line that is not in the format: "${clip(line)}"` };
    if (values.has(key)) return { ok: false, reason: `"${labels[key]}" appears twice` };
    values.set(
      key,
      line
        .replace(/^[^:：]*[:：]\s*/, "")
        .replace(/\*+$/, "")
        .trim(),
    );
  }
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = values.get(k);
    if (v === undefined) return { ok: false, reason: `the "${labels[k]}:" line is missing` };
    if (!v) return { ok: false, reason: `the "${labels[k]}:" line is empty` };
    if (v.length > MAX_LINE_CHARS) return { ok: false, reason: `the "${labels[k]}:" line is longer than ${MAX_LINE_CHARS} characters` };
    const none = NONE.test(v);
    if ((k === "aim" || k === "result" || k === "method") && (none || !languageOk(v, lang)))
      return { ok: false, reason: `the "${labels[k]}:" line is not ${lang === "ja" ? "Japanese" : "English"} text: "${clip(v)}"` };
    out[k] = none ? "" : v;
  }
  return { ok: true, lines: out as Omit<DeckSummary, "affiliations"> & { affiliations?: string } };
}

function languageOk(text: string, lang: DeckLang): boolean {
  // Japanese: mostly kana/kanji, or Latin technical names held together by Japanese (kana) grammar.
  if (lang === "ja") return japaneseShare(text) >= 0.3 || (/[\u3040-\u30ff]/.test(text) && (text.match(JAPANESE)?.length ?? 0) >= 3);
  const letters = text.replace(/[^\p{L}]/gu, "");
  return letters.length >= 3 && (letters.match(/[A-Za-z]/g)?.length ?? 0) / letters.length >= 0.8;
}

/** The outcome of checking a translation. */
export type TranslationCheck = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Checks a translated abstract: non-empty, Japanese (at least 30% kana/kanji), and of a plausible length
 * for the source (between 10% and 150% of its characters), after dropping a leading label such as `翻訳:`.
 */
export function checkTranslation(answer: string, source: string): TranslationCheck {
  const text = answer
    .trim()
    .replace(/^(?:翻訳|和訳|日本語訳|要旨|概要)\s*[:：]\s*/, "")
    .replace(/\s*\n\s*/g, " ")
    .trim();
  if (!text) return { ok: false, reason: "the translation is empty" };
  if (japaneseShare(text) < 0.3) return { ok: false, reason: `the translation is not Japanese text: "${clip(text)}"` };
  const ratio = text.length / Math.max(1, source.length);
  if (ratio < 0.1) return { ok: false, reason: `the translation is too short (${text.length} characters for ${source.length})` };
  if (ratio > 1.5) return { ok: false, reason: `the translation is too long (${text.length} characters for ${source.length})` };
  return { ok: true, text };
}

/** A worked example for the prompt: one paper's lines in the format. */
export interface PromptExample {
  title: string;
  abstract: string;
  lines: DeckSummary;
}

/** What a prompt is built from. */
export interface LinesPromptInput {
  lang: DeckLang;
  title: string;
  abstract: string;
  /** The labels to ask for (affiliations only when the feed lacks them). */
  keys: readonly LineKey[];
  /** A worked example, omitted for small contexts. */
  example?: PromptExample;
  /** Why the previous answer was refused (for the one retry). */
  previousProblem?: string;
}

function formatLines(lines: DeckSummary, lang: DeckLang, keys: readonly LineKey[]): string {
  const none = lang === "ja" ? "なし" : "none";
  return keys.map((k) => `${LINE_LABELS[lang][k]}: ${lines[k] || none}`).join("\n");
}

/** The instruction asking for the lines. The answer is expected right after it. */
export function linesPrompt(p: LinesPromptInput): string {
  const L = LINE_LABELS[p.lang];
  const format = p.keys.map((k) => `${L[k]}: …`).join("\n");
  if (p.lang === "ja") {
    return [
      "論文の題名と概要を読み、勉強会スライドの要約を日本語で書いてください。",
      `次の${p.keys.length}行だけを、この形式のまま1行ずつ答えてください(ほかの文は書かない)。`,
      format,
      `${L.names}は論文が名付けた手法・モデル・データセットの名前(なければ「なし」)。${p.keys.includes("affiliations") ? `${L.affiliations}は著者の所属機関(わからなければ「不明」)。` : ""}`,
      ...(p.example
        ? ["", "例:", `題名: ${p.example.title}`, `概要: ${p.example.abstract}`, formatLines(p.example.lines, "ja", p.keys)]
        : []),
      ...(p.previousProblem ? ["", `注意: 前の回答は形式に合いませんでした(${p.previousProblem})。形式どおりに答えてください。`] : []),
      "",
      `題名: ${p.title}`,
      `概要: ${p.abstract}`,
      "",
    ].join("\n");
  }
  return [
    "Read the paper's title and abstract and write the reading-group slide summary in English.",
    `Answer with exactly these ${p.keys.length} lines, one line each, in this format (nothing else):`,
    format,
    `${L.names}: the names the paper gives its methods, models or datasets ("none" if none).${p.keys.includes("affiliations") ? ` ${L.affiliations}: the authors' institutions ("unknown" if not known).` : ""}`,
    ...(p.example
      ? ["", "Example:", `Title: ${p.example.title}`, `Abstract: ${p.example.abstract}`, formatLines(p.example.lines, "en", p.keys)]
      : []),
    ...(p.previousProblem ? ["", `Note: the previous answer did not follow the format (${p.previousProblem}). Follow it exactly.`] : []),
    "",
    `Title: ${p.title}`,
    `Abstract: ${p.abstract}`,
    "",
  ].join("\n");
}

/** The instruction asking for a Japanese translation of an abstract. */
export function translationPrompt(title: string, abstract: string, previousProblem?: string): string {
  return [
    "次の英語の論文概要を自然な日本語に翻訳してください。翻訳文だけを答えてください。",
    ...(previousProblem ? [`注意: 前の回答は使えませんでした(${previousProblem})。`] : []),
    "",
    `題名: ${title}`,
    `概要: ${abstract}`,
    "",
  ].join("\n");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
