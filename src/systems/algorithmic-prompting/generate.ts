/**
 * Greedy generation that stops as soon as the answer is over: at the blank line that separates the
 * prompt's demonstrations (the model starting the next problem), at a new `Problem:`/`Q:` line, or
 * just after the final answer — so long evaluations stay short.
 * @module
 */
import { completeText, type LanguageModel } from "../../lm/index.js";
import { stopIndex } from "./extract.js";

/**
 * Stop strings of every style: demonstrations are separated by a blank line, so a model that finished
 * its answer starts the next one with "\n\n" (or a new problem line).
 */
export const STOP_STRINGS = ["\n\n", "\nProblem:", "\nQ:", "\nQuestion:"] as const;

/** What {@link generateAnswer} returns. */
export interface GeneratedAnswer {
  /** The model's continuation, cut just after its final answer when it gave one. */
  text: string;
  /** Tokens generated. */
  tokens: number;
  /** Why generation ended: a stop string or the final answer, the model's end of text, or the token limit. */
  stop: "stop" | "eos" | "length";
}

/**
 * Greedy decoding of `prompt` with `model` (on llama.cpp through the cheap head-of-distribution path)
 * until a stop string, the end of text, or `maxTokens`; the text is then cut just after its final answer.
 */
export async function generateAnswer(
  model: LanguageModel,
  prompt: string,
  options: {
    /** Tokens to generate at most. */
    maxTokens: number;
    /**
     * The end of the prompt that belongs to the answer (e.g. `Problem: 5+7=\nAnswer:`): an answer marker
     * that starts there counts when cutting. Defaults to `""`.
     */
    lead?: string;
    signal?: AbortSignal;
  },
): Promise<GeneratedAnswer> {
  const lead = options.lead ?? "";
  const c = await completeText(model, prompt, {
    maxTokens: options.maxTokens,
    temperature: 0,
    stop: STOP_STRINGS,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const cut = stopIndex(lead + c.text);
  const text = cut >= 0 ? c.text.slice(0, Math.max(0, cut - lead.length)) : c.text;
  return { text, tokens: c.completionTokens, stop: cut >= 0 ? "stop" : c.finishReason };
}
