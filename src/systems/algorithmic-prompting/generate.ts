/**
 * Greedy generation that stops as soon as the final answer is complete (or the model starts a problem
 * of its own), so long evaluations stay short.
 * @module
 */
import type { LanguageModel } from "../../lm/index.js";
import { stopIndex } from "./extract.js";

/** What {@link generateAnswer} returns. */
export interface GeneratedAnswer {
  /** The model's continuation, cut just after its final answer when it gave one. */
  text: string;
  /** Tokens generated. */
  tokens: number;
  /** Why generation ended: the answer was complete, the model ended its text, or the token limit. */
  stop: "answer" | "eos" | "max-tokens";
}

/**
 * Greedy decoding of `prompt` with `model` until the final answer is complete, the model stops, or
 * `maxTokens` tokens.
 */
export async function generateAnswer(
  model: LanguageModel,
  prompt: string,
  options: {
    /** Tokens to generate at most. */
    maxTokens: number;
    /**
     * The end of the prompt that belongs to the answer (e.g. `Problem: 5+7=\nAnswer:`): answer markers
     * that start there count for stopping. Defaults to `""`.
     */
    lead?: string;
    signal?: AbortSignal;
  },
): Promise<GeneratedAnswer> {
  const lead = options.lead ?? "";
  let text = "";
  let tokens = 0;
  for await (const t of model.generate(prompt, {
    maxTokens: options.maxTokens,
    temperature: 0,
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    text += t.text;
    tokens++;
    const cut = stopIndex(lead + text);
    if (cut >= 0) return { text: text.slice(0, Math.max(0, cut - lead.length)), tokens, stop: "answer" };
  }
  return { text, tokens, stop: tokens >= options.maxTokens ? "max-tokens" : "eos" };
}
