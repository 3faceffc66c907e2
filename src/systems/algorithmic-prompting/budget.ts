/**
 * The token budget: the paper's ceiling of about 19 digits came from the context length (demos plus
 * the model's own long trace must fit). This counts both with the model's own tokenizer and warns
 * before a run that could not fit.
 * @module
 */
import type { LanguageModel } from "../../lm/index.js";

/** What {@link checkTokenBudget} found. */
export interface TokenBudget {
  /** Tokens of the prompt (demonstrations plus the test problem). */
  promptTokens: number;
  /** Tokens of the expected completion (the correct trace the model should write). */
  expectedTokens: number;
  /** `promptTokens + expectedTokens`. */
  totalTokens: number;
  /** The model's context in tokens (`Infinity` when the backend does not say). */
  contextSize: number;
  /** `true` when the total fits in the context. */
  fits: boolean;
  /** `true` when the counts are estimates (the backend could not tokenize: about 3 characters per token). */
  estimated: boolean;
  /** A one-line warning when it does not fit, naming the numbers and what to do. */
  warning?: string;
}

/** Characters per token assumed when a backend cannot tokenize (digit lists tokenize densely). */
export const CHARS_PER_TOKEN_ESTIMATE = 3;

/**
 * Counts the prompt and the expected completion with `model`'s tokenizer and compares their sum with
 * its context. Falls back to an estimate (marked `estimated`) when tokenizing fails, e.g. an
 * OpenAI-compatible server without a `/tokenize` route.
 */
export async function checkTokenBudget(
  model: Pick<LanguageModel, "tokenize" | "contextSize" | "name">,
  prompt: string,
  expectedCompletion: string,
): Promise<TokenBudget> {
  let promptTokens: number;
  let expectedTokens: number;
  let estimated = false;
  try {
    promptTokens = (await model.tokenize(prompt)).length;
    expectedTokens = (await model.tokenize(expectedCompletion, { addBos: false })).length;
  } catch {
    estimated = true;
    promptTokens = Math.ceil(prompt.length / CHARS_PER_TOKEN_ESTIMATE);
    expectedTokens = Math.ceil(expectedCompletion.length / CHARS_PER_TOKEN_ESTIMATE);
  }
  const totalTokens = promptTokens + expectedTokens;
  const fits = totalTokens <= model.contextSize;
  const budget: TokenBudget = { promptTokens, expectedTokens, totalTokens, contextSize: model.contextSize, fits, estimated };
  if (!fits)
    budget.warning = `${estimated ? "About " : ""}${promptTokens} prompt tokens plus ${expectedTokens} for the expected trace exceed ${model.name}'s context of ${model.contextSize} tokens: use fewer or shorter demonstrations, shorter problems, or a model with a longer context.`;
  return budget;
}
