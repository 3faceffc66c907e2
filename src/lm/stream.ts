/**
 * Streaming generation built on `nextTokenLogProbs`: the shared loop behind the llama.cpp backend's
 * `generate`, and a helper for decoders that pick tokens themselves (`TextStreamer`).
 * @module
 */
import { createRng, throwIfAborted } from "../core/index.js";
import { checkSamplingOptions, pickToken } from "./sampling.js";
import type { GeneratedToken, GenerateOptions, LanguageModel, TokenId } from "./types.js";

/**
 * Turns a growing list of token ids into text deltas. Holds back a trailing incomplete UTF-8 character
 * (U+FFFD) until the token that completes it arrives.
 */
export class TextStreamer {
  private readonly tokens: TokenId[] = [];
  private emitted = "";
  private held = 0;
  constructor(private readonly model: Pick<LanguageModel, "detokenize">) {}
  /** Adds one token; returns the text it completes (possibly ""). */
  async push(token: TokenId): Promise<string> {
    this.tokens.push(token);
    const text = await this.model.detokenize(this.tokens);
    // A UTF-8 character spans at most 4 byte tokens: hold back at most 3, then emit whatever it is.
    if (text.endsWith("\uFFFD") && this.held < 3) {
      this.held++;
      return "";
    }
    this.held = 0;
    const delta = text.startsWith(this.emitted) ? text.slice(this.emitted.length) : text;
    this.emitted = text;
    return delta;
  }
  /** All text so far. */
  async text(): Promise<string> {
    return this.model.detokenize(this.tokens);
  }
}

/** The generic sampling loop: full distributions in, streamed tokens out. */
export async function* streamFromDistributions(
  model: LanguageModel,
  prompt: string | readonly TokenId[],
  options: GenerateOptions,
): AsyncGenerator<GeneratedToken> {
  checkSamplingOptions(options);
  const context = typeof prompt === "string" ? await model.tokenize(prompt) : [...prompt];
  if (context.length === 0 && model.eosToken !== undefined) context.push(model.eosToken);
  const rng = createRng(options.seed ?? 0);
  const streamer = new TextStreamer(model);
  const maxTokens = options.maxTokens ?? 128;
  for (let i = 0; i < maxTokens; i++) {
    throwIfAborted(options.signal);
    const { logProbs } = await model.nextTokenLogProbs(context, options);
    let candidates: Float32Array = logProbs;
    if (options.stopAtEos === false && model.eosToken !== undefined) {
      candidates = Float32Array.from(logProbs); // never mutate the backend's cached distribution
      candidates[model.eosToken] = Number.NEGATIVE_INFINITY;
    }
    const token = pickToken(candidates, options, rng);
    if (token === model.eosToken) return;
    context.push(token);
    yield { token, text: await streamer.push(token), logProb: logProbs[token] as number };
  }
}
