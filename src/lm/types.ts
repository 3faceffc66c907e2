/**
 * The one interface every language-model backend implements, and the value types it passes around.
 * @module
 */

/** A token id of the model's own vocabulary. */
export type TokenId = number;

/** What a backend can do; callers check before relying on a feature. */
export interface LanguageModelCapabilities {
  /**
   * `true` when {@link LanguageModel.nextTokenLogProbs} returns the whole vocabulary's distribution;
   * `false` when the backend only returns the top {@link topK} entries (hosted APIs) and every other
   * token reads `-Infinity`.
   */
  fullDistribution: boolean;
  /** For top-k-only backends: how many entries a distribution holds. Absent for full distributions. */
  topK?: number;
  /** `true` when {@link LanguageModel.embed} works (an embedding model, or pooled hidden states). */
  embeddings: boolean;
  /** `true` when the backend can return the last hidden state per position (needed by contrastive search). */
  hiddenStates: boolean;
}

/** A next-token distribution. */
export interface TokenDistribution {
  /**
   * Natural-log probabilities indexed by token id (length = the model's vocabulary size). Backends clamp
   * probabilities at 1e-45 before the log, so a full distribution never contains `-Infinity`; tokens a
   * top-k backend did not return are `-Infinity`.
   */
  logProbs: Float32Array;
  /** `true` when every entry is known (see {@link LanguageModelCapabilities.fullDistribution}). */
  complete: boolean;
}

/**
 * Part of a next-token distribution, renormalised over the tokens it holds. Ratios between its entries
 * equal the model's own (the softmax normaliser cancels), so anything that depends only on log-prob
 * differences within the step (an argmax, a softmax over the same set) is exact; absolute log-probs
 * over the whole vocabulary are not available from it.
 */
export interface PartialDistribution {
  /** Token ids (most likely first for {@link LanguageModel.nextTokenHead}; input order for {@link LanguageModel.nextTokenRestricted}). */
  tokens: TokenId[];
  /** `log p(tokens[i]) − log Σ_{t ∈ tokens} p(t)`: natural-log probabilities renormalised over `tokens`. */
  logProbs: Float64Array;
}

/** Options shared by calls that may take a while. */
export interface CallOptions {
  /** Cancels the call; it then rejects with `AbortedError`. */
  signal?: AbortSignal;
}

/** Options of {@link LanguageModel.tokenize}. */
export interface TokenizeOptions {
  /** Prepend the BOS token when the model's metadata asks for one. Defaults to `true`. */
  addBos?: boolean;
  /** Parse special-token text such as `<|endoftext|>` into the special token. Defaults to `false`. */
  special?: boolean;
}

/** How {@link LanguageModel.generate} picks each token. */
export interface SamplingOptions {
  /** Softmax temperature; `0` is greedy decoding. Defaults to `0`. */
  temperature?: number;
  /** Keep only the `topK` most likely tokens (0 = off). Defaults to `0`. */
  topK?: number;
  /** Nucleus sampling: keep the smallest set whose mass reaches `topP` (1 = off). Defaults to `1`. */
  topP?: number;
  /** Locally typical sampling mass (1 = off). Defaults to `1`. */
  typicalP?: number;
  /** Seed of the sampler (recorded by callers). Defaults to `0`. */
  seed?: number | string;
}

/** Options of {@link LanguageModel.generate}. */
export interface GenerateOptions extends CallOptions, SamplingOptions {
  /** Number of tokens to generate at most. Defaults to `128`. */
  maxTokens?: number;
  /**
   * `true`: stop when the model picks its end-of-sequence token. `false`: never pick EOS, so exactly
   * `maxTokens` tokens come out (Hugging Face's min_length = max_length; an HTTP server is sent
   * `ignore_eos`). Defaults to `true`.
   */
  stopAtEos?: boolean;
}

/** One streamed token of {@link LanguageModel.generate}. */
export interface GeneratedToken {
  /** The token id (`-1` when an HTTP backend streams text without ids). */
  token: TokenId;
  /** Text newly completed by this token (may be empty while a multi-byte character is incomplete). */
  text: string;
  /** Log-probability of the token under the model's unmodified distribution, when known. */
  logProb?: number;
}

/**
 * A language model, whatever runs it. Create one with `loadLlamaModel` (GGUF through llama.cpp) or
 * `createOpenAIModel` (an OpenAI-compatible HTTP endpoint), or `loadLanguageModel` for either by name.
 *
 * Every method that evaluates takes token ids of the model's own vocabulary; use {@link tokenize} first.
 */
export interface LanguageModel {
  /** Display name (file name or endpoint model id). */
  readonly name: string;
  /** Which backend runs it: `"llama.cpp"` or `"openai"`. */
  readonly backend: string;
  readonly capabilities: LanguageModelCapabilities;
  /** Number of token ids (length of every {@link TokenDistribution.logProbs}). */
  readonly vocabSize: number;
  /** Token positions available per sequence (prompt plus generated tokens); `Infinity` when unknown. */
  readonly contextSize: number;
  /** End-of-sequence token, if the model has one. */
  readonly eosToken: TokenId | undefined;
  /**
   * A hash of the vocabulary (every token's text in id order). Two models can be contrasted token by
   * token only when their fingerprints are equal.
   */
  readonly vocabularyFingerprint: string;

  /** Text → token ids, with the model's own tokenizer and default special-token handling. */
  tokenize(text: string, options?: TokenizeOptions): Promise<TokenId[]>;
  /** Token ids → text. */
  detokenize(tokens: readonly TokenId[]): Promise<string>;
  /**
   * The distribution of the token that follows `context` (which must be non-empty). Backends reuse
   * cached state for the longest common prefix with earlier calls, so extending a context by one token
   * costs one token of compute.
   */
  nextTokenLogProbs(context: readonly TokenId[], options?: CallOptions): Promise<TokenDistribution>;
  /**
   * {@link nextTokenLogProbs} for several contexts at once (beams). Backends evaluate them together in
   * one batch where they can; the result is in input order and equals calling one at a time.
   */
  nextTokenLogProbsBatch(contexts: readonly (readonly TokenId[])[], options?: CallOptions): Promise<TokenDistribution[]>;
  /**
   * The head of the next-token distribution: every token with p(x) ≥ `minRatio` · max p, most likely
   * first, renormalised over that set (see {@link PartialDistribution}). Far cheaper than
   * {@link nextTokenLogProbs} on large vocabularies: nothing outside the head crosses into JavaScript.
   * Optional: backends without it leave it undefined (callers use {@link nextTokenLogProbs}).
   */
  nextTokenHead?(context: readonly TokenId[], minRatio: number, options?: CallOptions): Promise<PartialDistribution>;
  /**
   * The next-token distribution restricted to `tokens` (deduplicated, in input order) and renormalised
   * over them: exact ratios among them, whatever their rank in the vocabulary. Optional, like
   * {@link nextTokenHead}.
   */
  nextTokenRestricted?(context: readonly TokenId[], tokens: readonly TokenId[], options?: CallOptions): Promise<PartialDistribution>;
  /**
   * Teacher-forced log-probabilities: for each `i >= from`, log p(tokens[i] | tokens[<i]). `from`
   * defaults to 1 and must be at least 1.
   */
  scoreTokens(tokens: readonly TokenId[], from?: number, options?: CallOptions): Promise<number[]>;
  /** Streams a continuation of `prompt` (text or token ids). Abort with `options.signal`. */
  generate(prompt: string | readonly TokenId[], options?: GenerateOptions): AsyncGenerator<GeneratedToken>;
  /** A unit-length embedding of `text` (requires `capabilities.embeddings`); long texts are embedded from their first tokens. */
  embed(text: string, options?: CallOptions): Promise<Float32Array>;
  /** Frees native memory and sockets. The model is unusable afterwards. */
  close(): Promise<void>;
}
