/**
 * Expert-only decoding baselines, run without the amateur attached (fixing the authors' issue #15):
 * greedy, top-k, nucleus and typical sampling through the runtime's shared samplers.
 *
 * Contrastive search (Su et al. 2022) is not offered: it needs the last hidden state of every candidate
 * token, and no backend here exposes hidden states (`capabilities.hiddenStates` is `false`).
 * @module
 */
import { InvalidInputError, unknownName } from "../../core/index.js";
import type { LanguageModel, SamplingOptions } from "../../lm/index.js";

/** Baseline names. */
export const BASELINES = ["greedy", "top-k", "nucleus", "typical"] as const;
export type BaselineName = (typeof BASELINES)[number];

/** Options of {@link decodeBaseline}. */
export interface BaselineOptions {
  /** Tokens to generate at most. Defaults to `256`. */
  maxTokens?: number;
  /** k of top-k. Defaults to `50` (the paper's baseline). */
  k?: number;
  /** p of nucleus and typical sampling. Defaults to `0.95`. */
  p?: number;
  /** Sampling seed. Defaults to `0`. */
  seed?: number | string;
  /** `true`: stop at EOS; `false`: ban EOS and produce exactly `maxTokens` (the paper's fixed length). Defaults to `true`. */
  stopAtEos?: boolean;
  signal?: AbortSignal;
  /** Called with each text delta as it is produced. */
  onText?: (text: string) => void;
}

/** The sampler settings of a baseline. */
export function baselineSampling(method: string, o: BaselineOptions = {}): SamplingOptions {
  switch (method) {
    case "greedy":
      return { temperature: 0 };
    case "top-k":
      return { temperature: 1, topK: o.k ?? 50, seed: o.seed ?? 0 };
    case "nucleus":
      return { temperature: 1, topP: o.p ?? 0.95, seed: o.seed ?? 0 };
    case "typical":
      return { temperature: 1, typicalP: o.p ?? 0.95, seed: o.seed ?? 0 };
    case "contrastive-search":
      throw new InvalidInputError(
        "Contrastive search needs hidden states, which the llama.cpp and HTTP backends do not expose; use contrastive decoding (cd) instead.",
      );
    default:
      throw unknownName("baseline", method, BASELINES);
  }
}

/** Decodes `prompt` with the expert alone. Returns the generated token ids and text. */
export async function decodeBaseline(
  model: LanguageModel,
  prompt: string | readonly number[],
  method: BaselineName,
  o: BaselineOptions = {},
): Promise<{ text: string; tokens: number[] }> {
  const sampling = baselineSampling(method, o);
  const tokens: number[] = [];
  let text = "";
  for await (const t of model.generate(prompt, {
    ...sampling,
    maxTokens: o.maxTokens ?? 256,
    stopAtEos: o.stopAtEos ?? true,
    ...(o.signal ? { signal: o.signal } : {}),
  })) {
    tokens.push(t.token);
    text += t.text;
    if (t.text) o.onText?.(t.text);
  }
  if (tokens.every((t) => t >= 0)) text = await model.detokenize(tokens);
  return { text, tokens };
}
