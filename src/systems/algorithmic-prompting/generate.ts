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
  options: { maxTokens: number; signal?: AbortSignal },
): Promise<GeneratedAnswer> {
  let text = "";
  let tokens = 0;
  for await (const t of model.generate(prompt, {
    maxTokens: options.maxTokens,
    temperature: 0,
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    text += t.text;
    tokens++;
    const cut = stopIndex(text);
    if (cut >= 0) return { text: text.slice(0, cut), tokens, stop: "answer" };
  }
  return { text, tokens, stop: tokens >= options.maxTokens ? "max-tokens" : "eos" };
}
