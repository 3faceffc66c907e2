/**
 * Text in, text out on any backend: one completion of a prompt with stop sequences and token counts
 * ({@link completeText}), and the log-probability of a continuation given a context
 * ({@link scoreContinuation}). The prompt-driven systems (APE, algorithmic prompting, BLOOM's
 * generation tasks, the reading session) all call these instead of looping over `generate` themselves.
 * @module
 */
import { InvalidInputError, throwIfAborted } from "../core/index.js";
import { TextStreamer } from "./stream.js";
import type { CallOptions, GenerateOptions, LanguageModel, TokenId } from "./types.js";

/** Options of {@link completeText}. */
export interface CompleteOptions extends GenerateOptions {
  /**
   * Stop before the first occurrence of any of these strings; the stop string is not part of the text.
   * Defaults to none.
   */
  stop?: readonly string[];
}

/** What {@link completeText} returns. */
export interface Completion {
  /** The generated text, cut before the first stop string. */
  text: string;
  /** Tokens of the prompt as the model saw them (from the server's `usage` for HTTP backends). */
  promptTokens: number;
  /** Tokens generated (including any cut off by a stop string). */
  completionTokens: number;
  /** Why generation ended: a stop string, the end-of-sequence token, or `maxTokens`. */
  finishReason: "stop" | "eos" | "length";
  /** `true` when an HTTP server reported no `usage` and the token counts are estimates (characters ÷ 4). */
  estimated?: boolean;
}

/** A backend that completes text itself (the OpenAI-compatible one): stop strings and usage come from the server. */
export interface TextCompleter {
  completion(prompt: string, options?: CompleteOptions): Promise<Completion>;
}

function hasCompleter(lm: LanguageModel): lm is LanguageModel & TextCompleter {
  return typeof (lm as Partial<TextCompleter>).completion === "function";
}

/** Index of the earliest stop string in `text` at or after `from`, or -1. */
function findStop(text: string, stop: readonly string[], from: number): number {
  let best = -1;
  for (const s of stop) {
    if (!s) continue;
    const i = text.indexOf(s, from);
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

/**
 * Completes `prompt` once. Greedy by default (`temperature` 0); on llama.cpp greedy decoding reads only
 * the head of each next-token distribution, which is much cheaper than the full vocabulary.
 * @example
 * const c = await completeText(lm, "Problem: 12+7=\nExplanation:", { maxTokens: 200, stop: ["\n\nProblem:"] });
 * c.text; c.completionTokens; c.finishReason; // "stop" | "eos" | "length"
 */
export async function completeText(lm: LanguageModel, prompt: string, options: CompleteOptions = {}): Promise<Completion> {
  const maxTokens = options.maxTokens ?? 128;
  if (!(Number.isInteger(maxTokens) && maxTokens >= 0))
    throw new InvalidInputError(`maxTokens must be a whole number ≥ 0, got ${maxTokens}.`);
  const stop = options.stop ?? [];
  if (hasCompleter(lm)) return lm.completion(prompt, options);
  throwIfAborted(options.signal);
  const context = await lm.tokenize(prompt);
  if (context.length === 0 && lm.eosToken !== undefined) context.push(lm.eosToken);
  const promptTokens = context.length;
  const longestStop = stop.reduce((m, s) => Math.max(m, s.length), 0);
  let text = "";
  let completionTokens = 0;
  const done = (finishReason: Completion["finishReason"]): Completion => ({ text, promptTokens, completionTokens, finishReason });
  const accept = (delta: string): boolean => {
    const from = Math.max(0, text.length - longestStop + 1);
    text += delta;
    if (stop.length === 0) return false;
    const at = findStop(text, stop, from);
    if (at < 0) return false;
    text = text.slice(0, at);
    return true;
  };
  const greedy = (options.temperature ?? 0) === 0 && lm.nextTokenHead !== undefined && options.stopAtEos !== false;
  if (greedy) {
    const streamer = new TextStreamer(lm);
    for (let i = 0; i < maxTokens; i++) {
      throwIfAborted(options.signal);
      if (context.length >= lm.contextSize) return done("length");
      const head = await (lm.nextTokenHead as NonNullable<LanguageModel["nextTokenHead"]>)(context, 1, options);
      // Ties go to the lowest token id, as `argmax` does on a full distribution.
      let token = head.tokens[0] as TokenId;
      for (let j = 1; j < head.tokens.length && head.logProbs[j] === head.logProbs[0]; j++)
        token = Math.min(token, head.tokens[j] as TokenId);
      if (token === lm.eosToken) return done("eos");
      context.push(token);
      completionTokens++;
      if (accept(await streamer.push(token))) return done("stop");
    }
    return done("length");
  }
  let n = 0;
  const stream = lm.generate(context, options);
  for await (const t of stream) {
    n++;
    completionTokens = n;
    if (accept(t.text)) {
      await stream.return(undefined);
      return done("stop");
    }
    if (context.length + n >= lm.contextSize) return done("length");
  }
  return done(n >= maxTokens ? "length" : "eos");
}

/** What {@link scoreContinuation} returns. */
export interface ContinuationScore {
  /** Σ log p(continuation tokens | context and earlier continuation tokens), natural log. */
  logProb: number;
  /** Per-token log-probabilities of the continuation. */
  tokenLogProbs: number[];
  /** Number of continuation tokens. */
  tokens: number;
  /** Number of context tokens it was scored after (including BOS, or the EOS standing in for an empty context). */
  contextTokens: number;
}

/**
 * The log-probability of `continuation` after `context`, the lm-eval-harness way: the context and the
 * continuation are tokenized separately (the context with the model's default BOS handling, the
 * continuation without), concatenated, and the continuation's tokens scored by teacher forcing. An
 * empty context scores after the end-of-sequence token, as lm-eval-harness does.
 */
export async function scoreContinuation(
  lm: LanguageModel,
  context: string,
  continuation: string,
  options: CallOptions = {},
): Promise<ContinuationScore> {
  const ctx = context ? await lm.tokenize(context) : [];
  if (ctx.length === 0) {
    if (lm.eosToken === undefined) throw new InvalidInputError(`${lm.name} has no end-of-sequence token to score an empty context after.`);
    ctx.push(lm.eosToken);
  }
  const cont = await lm.tokenize(continuation, { addBos: false });
  if (cont.length === 0) return { logProb: 0, tokenLogProbs: [], tokens: 0, contextTokens: ctx.length };
  const all = [...ctx, ...cont];
  if (all.length > lm.contextSize)
    throw new InvalidInputError(
      `Context plus continuation is ${all.length} tokens, more than the ${lm.contextSize} positions of ${lm.name}; shorten the input.`,
    );
  const tokenLogProbs = await lm.scoreTokens(all, ctx.length, options);
  return { logProb: tokenLogProbs.reduce((s, x) => s + x, 0), tokenLogProbs, tokens: cont.length, contextTokens: ctx.length };
}
