/**
 * Scoring one item the lm-eval-harness way. A choice's score is Σ log p(choice tokens | context
 * tokens), the context and the choice tokenized separately and concatenated (`scoreContinuation` in
 * `yomikai/lm`). `pred` is the argmax of the scores, `predNorm` the argmax of score ÷ the choice's
 * length in characters (Unicode code points, as Python's `len`); ties go to the lowest index. On
 * llama.cpp the choices reuse the context's KV cache: the context is evaluated once per item.
 * @module
 */
import { throwIfAborted } from "../../core/index.js";
import { type CallOptions, completeText, type LanguageModel, scoreContinuation, type TokenId } from "../../lm/index.js";
import { type ChrfStats, chrfFromStats, chrfStats } from "./chrf.js";
import type { ChoiceItem, GenerationItem } from "./taskFile.js";

/** What scoring one multiple-choice item gives. */
export interface ChoiceResult {
  /** Σ log p(choice | context) per choice, natural log. */
  scores: number[];
  /** Index of the highest score (lowest index on ties). */
  pred: number;
  /** Index of the highest score ÷ choice length in characters (lowest index on ties). */
  predNorm: number;
  gold: number;
  /** Tokens scored per choice. */
  tokens: number[];
  /** Single-choice (LAMBADA-style) items only: whether greedy decoding reproduces the choice token by token. */
  greedy?: boolean;
}

/** Index of the largest value; ties go to the lowest index. */
export function argmaxLowest(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** Length in characters as Python counts them (code points), which lm-eval's `acc_norm` divides by. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Whether each token of `continuation` is the model's most likely next token (lm-eval's `is_greedy`). */
async function isGreedy(
  lm: LanguageModel,
  context: readonly TokenId[],
  continuation: readonly TokenId[],
  options: CallOptions,
): Promise<boolean> {
  const ctx = [...context];
  for (const t of continuation) {
    throwIfAborted(options.signal);
    if (lm.nextTokenHead) {
      const head = await lm.nextTokenHead(ctx, 1, options);
      if (Math.min(...head.tokens) !== t) return false;
    } else {
      const { logProbs } = await lm.nextTokenLogProbs(ctx, options);
      if (argmaxLowest(Array.from(logProbs)) !== t) return false;
    }
    ctx.push(t);
  }
  return true;
}

/**
 * Scores a multiple-choice item: one log-likelihood per choice, `pred` and `predNorm`.
 * @example
 * const r = await scoreChoiceItem(lm, { context: "Question: 2+2?\nAnswer:", choices: [" 4", " 5"], gold: 0 });
 * r.scores; r.pred === r.gold;
 */
export async function scoreChoiceItem(lm: LanguageModel, item: ChoiceItem, options: CallOptions = {}): Promise<ChoiceResult> {
  const scores: number[] = [];
  const tokens: number[] = [];
  for (let i = 0; i < item.choices.length; i++) {
    throwIfAborted(options.signal);
    const s = await scoreContinuation(lm, item.contexts?.[i] ?? item.context, item.choices[i] as string, options);
    scores.push(s.logProb);
    tokens.push(s.tokens);
  }
  const normed = scores.map((s, i) => s / Math.max(1, charLength(item.choices[i] as string)));
  const result: ChoiceResult = { scores, pred: argmaxLowest(scores), predNorm: argmaxLowest(normed), gold: item.gold, tokens };
  if (item.choices.length === 1) {
    const ctx = item.context ? await lm.tokenize(item.context) : lm.eosToken !== undefined ? [lm.eosToken] : [];
    const cont = await lm.tokenize(item.choices[0] as string, { addBos: false });
    result.greedy = ctx.length > 0 && (await isGreedy(lm, ctx, cont, options));
  }
  return result;
}

/** Options of {@link generateItem}. */
export interface GenerationOptions extends CallOptions {
  /** Tokens to generate at most. Defaults to `64`. */
  maxTokens?: number;
  /** Stop sequences (not part of the output). Defaults to `["\n"]`. */
  stop?: readonly string[];
}

/** What a generation item gives. */
export interface GenerationResult {
  /** The model's output, cut before the first stop sequence and trimmed. */
  output: string;
  reference: string;
  /** Sentence-level chrF (0–100). */
  chrf: number;
  /** chrF statistics, summed over items for the corpus score. */
  stats: ChrfStats;
  finishReason: string;
}

/** Greedy generation with stop sequences, scored by chrF against the reference. */
export async function generateItem(lm: LanguageModel, item: GenerationItem, options: GenerationOptions = {}): Promise<GenerationResult> {
  const c = await completeText(lm, item.context, {
    maxTokens: options.maxTokens ?? 64,
    stop: options.stop ?? ["\n"],
    temperature: 0,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const output = c.text.trim();
  const stats = chrfStats(output, item.reference);
  return { output, reference: item.reference, chrf: chrfFromStats(stats), stats, finishReason: c.finishReason };
}
