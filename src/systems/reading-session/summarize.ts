/**
 * One paper through the language model: the deck's lines (checked, retried once with the reason, then
 * reported as failed — never filled in) and, for a Japanese deck, the abstract translated (same rule).
 * @module
 */
import { completeText, type LanguageModel } from "../../lm/index.js";
import type { DeckSummary } from "../../papers.js";
import {
  checkLines,
  checkTranslation,
  type DeckLang,
  LINE_LABELS,
  type LineKey,
  linesPrompt,
  type PromptExample,
  translationPrompt,
} from "./summaryFormat.js";

/** Options of {@link summarizePaper}. */
export interface SummarizeOptions {
  lang: DeckLang;
  /** Author affiliations from the feed; the model is asked for them only when this is empty. */
  feedAffiliations: string;
  /** A worked example for the prompt (used when the model's context holds it). */
  example?: PromptExample;
  /**
   * Tokens the model may write per answer: the lines, and the translation. Defaults to `320` for the
   * lines and `1024` for a translation (each at most a quarter / a third of a finite context).
   */
  maxTokens?: number;
  /** Sampling seed, recorded in the deck. Defaults to `0` (greedy decoding is used, so it rarely matters). */
  seed?: number;
  signal?: AbortSignal;
}

/** One model call's record, kept in the deck's JSON for inspection. */
export interface ModelAttempt {
  task: "lines" | "translation";
  /** 1 or 2. */
  attempt: number;
  /** The model's raw answer (clipped to 2,000 characters). */
  answer: string;
  /** Why it was refused; absent when accepted. */
  problem?: string;
}

/** The outcome for one paper. */
export interface PaperSummary {
  /** The checked lines, or undefined when both attempts failed. */
  lines?: DeckSummary;
  /** Why the lines failed (the last attempt's problem). */
  linesFailure?: string;
  /** Where the affiliations line came from. */
  affiliationsFrom: "feed" | "model" | "none";
  /** The translated abstract (Japanese decks), or undefined when not asked or failed. */
  translation?: string;
  /** Why the translation failed. */
  translationFailure?: string;
  /** `true` when the abstract was shortened to fit the model's context. */
  abstractTruncated: boolean;
  attempts: ModelAttempt[];
}

/**
 * Runs a prompt: a chat turn for HTTP models that offer one (instruction-tuned servers), else a plain
 * greedy completion with `prefix` already written, stopped at the first blank line (end of the block).
 */
async function ask(lm: LanguageModel, prompt: string, prefix: string, maxTokens: number, o: SummarizeOptions): Promise<string> {
  const chat = (lm as { chat?: (m: { role: "user"; content: string }[], g: object) => Promise<string> }).chat;
  const gen = { maxTokens, temperature: 0, seed: o.seed ?? 0, ...(o.signal ? { signal: o.signal } : {}) };
  if (typeof chat === "function") return chat.call(lm, [{ role: "user", content: prompt }], gen);
  const c = await completeText(lm, prompt + prefix, { ...gen, stop: ["\n\n"] });
  return prefix + c.text;
}

/**
 * Shortens `abstract` until `build(abstract)` plus `reserve` answer tokens fits the model's context.
 * Models with an unknown (infinite) context are not tokenized.
 */
async function fit(
  lm: LanguageModel,
  abstract: string,
  reserve: number,
  build: (abstract: string) => string,
): Promise<{ prompt: string; truncated: boolean } | { error: string }> {
  if (!Number.isFinite(lm.contextSize)) return { prompt: build(abstract), truncated: false };
  let text = abstract;
  for (let i = 0; i < 6; i++) {
    const prompt = build(text);
    const n = (await lm.tokenize(prompt)).length;
    const budget = lm.contextSize - reserve;
    if (n <= budget) return { prompt, truncated: text !== abstract };
    const fixed = n - (await lm.tokenize(text, { addBos: false })).length;
    if (fixed >= budget || text.length < 40)
      return { error: `the prompt does not fit the model's context of ${lm.contextSize} tokens even without the abstract` };
    const keep = Math.floor((text.length * (budget - fixed)) / (n - fixed) / 1.05);
    text = `${text.slice(0, Math.max(0, keep)).trimEnd()}…`;
  }
  return { error: `the abstract could not be shortened to fit the model's context of ${lm.contextSize} tokens` };
}

const clipAnswer = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}…` : s);

/**
 * Summarises one paper in the deck's line format with `lm`: each task is tried twice (the retry is told
 * what was wrong) and then reported as failed.
 */
export async function summarizePaper(lm: LanguageModel, title: string, abstract: string, o: SummarizeOptions): Promise<PaperSummary> {
  const keys: LineKey[] = ["aim", "result", "method", "names", ...(o.feedAffiliations ? [] : (["affiliations"] as const))];
  const attempts: ModelAttempt[] = [];
  const maxTokens = Math.min(o.maxTokens ?? 320, Number.isFinite(lm.contextSize) ? Math.floor(lm.contextSize / 4) : 4096);
  const result: PaperSummary = { affiliationsFrom: o.feedAffiliations ? "feed" : "none", abstractTruncated: false, attempts };
  const prefix = `${LINE_LABELS[o.lang].aim}:`;

  let problem: string | undefined;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const build = (withExample: boolean) => (a: string) =>
      linesPrompt({
        lang: o.lang,
        title,
        abstract: a,
        keys,
        ...(o.example && withExample ? { example: o.example } : {}),
        ...(problem ? { previousProblem: problem } : {}),
      });
    // The worked example goes in only when it fits beside the whole abstract.
    let fitted = o.example ? await fit(lm, abstract, maxTokens + 8, build(true)) : undefined;
    if (!fitted || "error" in fitted || fitted.truncated) fitted = await fit(lm, abstract, maxTokens + 8, build(false));
    if ("error" in fitted) {
      problem = fitted.error;
      attempts.push({ task: "lines", attempt, answer: "", problem });
      break;
    }
    result.abstractTruncated ||= fitted.truncated;
    const answer = await ask(lm, fitted.prompt, prefix, maxTokens, o);
    const check = checkLines(answer, o.lang, keys);
    if (check.ok) {
      attempts.push({ task: "lines", attempt, answer: clipAnswer(answer) });
      const aff = o.feedAffiliations || check.lines.affiliations || "";
      result.lines = { ...check.lines, affiliations: aff };
      result.affiliationsFrom = o.feedAffiliations ? "feed" : aff ? "model" : "none";
      problem = undefined;
      break;
    }
    problem = check.reason;
    attempts.push({ task: "lines", attempt, answer: clipAnswer(answer), problem });
  }
  if (problem) result.linesFailure = problem;

  if (o.lang === "ja") {
    let tProblem: string | undefined;
    const tMax = Math.min(o.maxTokens ?? 1024, Number.isFinite(lm.contextSize) ? Math.floor(lm.contextSize / 3) : 1024);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const fitted = await fit(lm, abstract, tMax + 8, (a) => translationPrompt(title, a, tProblem));
      if ("error" in fitted) {
        tProblem = fitted.error;
        attempts.push({ task: "translation", attempt, answer: "", problem: tProblem });
        break;
      }
      result.abstractTruncated ||= fitted.truncated;
      const answer = await ask(lm, fitted.prompt, "", tMax, o);
      const check = checkTranslation(answer, abstract);
      if (check.ok) {
        attempts.push({ task: "translation", attempt, answer: clipAnswer(answer) });
        result.translation = check.text;
        tProblem = undefined;
        break;
      }
      tProblem = check.reason;
      attempts.push({ task: "translation", attempt, answer: clipAnswer(answer), problem: tProblem });
    }
    if (tProblem) result.translationFailure = tProblem;
  }
  return result;
}
