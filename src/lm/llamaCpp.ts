/**
 * The llama.cpp backend: GGUF models through `node-llama-cpp` (loaded lazily, never at import time).
 *
 * Each model keeps a pool of context sequences. A call picks the sequence whose cached tokens share the
 * longest prefix with the requested context, erases the rest and evaluates only the new tokens; batched
 * calls spread contexts over the sequences so llama.cpp decodes them in one batch.
 * @module
 */
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { AbortedError, ExternalError, FileFormatError, InvalidInputError, l2Normalize, throwIfAborted } from "../core/index.js";
import { readGgufInfo } from "./ggufInfo.js";
import { streamFromDistributions } from "./stream.js";
import type {
  CallOptions,
  GeneratedToken,
  GenerateOptions,
  LanguageModel,
  LanguageModelCapabilities,
  PartialDistribution,
  TokenDistribution,
  TokenId,
  TokenizeOptions,
} from "./types.js";

type NodeLlamaCpp = typeof import("node-llama-cpp");
type Llama = Awaited<ReturnType<NodeLlamaCpp["getLlama"]>>;
type LlamaModelHandle = Awaited<ReturnType<Llama["loadModel"]>>;
type LlamaContextHandle = Awaited<ReturnType<LlamaModelHandle["createContext"]>>;
type LlamaSequence = ReturnType<LlamaContextHandle["getSequence"]>;

/** Options of {@link loadLlamaModel}. */
export interface LlamaModelOptions extends CallOptions {
  /** CPU threads for evaluation. Defaults to (cores − 1), at least 1 and at most 8: 1 on a 2-core machine. */
  threads?: number;
  /**
   * Use a GPU: `"auto"` picks CUDA/Vulkan/Metal when node-llama-cpp ships a working binary for this
   * machine (falling back to the CPU), `false` forces the CPU. Defaults to `"auto"`; the environment
   * variable `YOMIKAI_GPU=off` makes the default `false`.
   */
  gpu?: "auto" | false;
  /** Token positions per sequence, at most the model's training context. Defaults to min(training context, 2048). */
  contextSize?: number;
  /** Sequences kept in parallel (beams evaluated in one batch). Defaults to `1`. */
  sequences?: number;
}

let llamaPromise: Promise<Llama> | undefined;
/** node-llama-cpp's `TokenBias` class, set once the module is loaded. */
let TokenBiasClass: NodeLlamaCpp["TokenBias"] | undefined;
let llamaGpu: "auto" | false | undefined;

/** The one place `node-llama-cpp` is imported. Native code loads on first use, never on `import "yomikai/lm"`. */
async function loadLlamaRuntime(gpu: "auto" | false): Promise<Llama> {
  if (llamaPromise && llamaGpu === gpu) return llamaPromise;
  llamaGpu = gpu;
  llamaPromise = (async () => {
    let mod: NodeLlamaCpp;
    try {
      mod = await import("node-llama-cpp");
    } catch (err) {
      throw new ExternalError("yomikai/lm needs node-llama-cpp 3.21.1. Install it with: npm install --save-exact node-llama-cpp@3.21.1", {
        cause: err,
      });
    }
    TokenBiasClass = mod.TokenBias;
    try {
      return await mod.getLlama({ gpu, build: "never", logLevel: mod.LlamaLogLevel.error, progressLogs: false });
    } catch (err) {
      throw new ExternalError(
        `node-llama-cpp could not load its native binary (${(err as Error).message}); reinstall node-llama-cpp@3.21.1`,
        { cause: err },
      );
    }
  })();
  llamaPromise.catch(() => {
    llamaPromise = undefined;
  });
  return llamaPromise;
}

function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism() - 1));
}

/** Smallest probability kept before the log (float32 underflows to 0 otherwise). */
export const MIN_PROB = 1e-45;
const LOG_MIN_PROB = Math.log(MIN_PROB);

/**
 * Loads a GGUF file with llama.cpp. The file is validated first: a missing, corrupt or truncated file
 * throws a one-line `YomikaiError`.
 * @example
 * const lm = await loadLlamaModel("gpt2-xl.Q8_0.gguf", { threads: 4 });
 * const ids = await lm.tokenize("The capital of France is");
 * const { logProbs } = await lm.nextTokenLogProbs(ids);
 */
export async function loadLlamaModel(path: string, options: LlamaModelOptions = {}): Promise<LanguageModel> {
  const info = readGgufInfo(path);
  throwIfAborted(options.signal);
  const envGpu = process.env.YOMIKAI_GPU;
  const gpu = options.gpu ?? (envGpu === "off" || envGpu === "false" || envGpu === "0" ? false : "auto");
  const llama = await loadLlamaRuntime(gpu);
  let model: LlamaModelHandle;
  try {
    model = await llama.loadModel({ modelPath: path, ...(options.signal ? { loadSignal: options.signal } : {}) });
  } catch (err) {
    if (options.signal?.aborted) throw new AbortedError();
    throw new FileFormatError("GGUF", path, `llama.cpp could not load it: ${(err as Error).message.split("\n")[0]}`, { cause: err });
  }
  const sequences = options.sequences ?? 1;
  if (!(Number.isInteger(sequences) && sequences >= 1))
    throw new InvalidInputError(`sequences must be a whole number >= 1, got ${sequences}.`);
  const train =
    typeof info.metadata[`${info.architecture}.context_length`] === "number"
      ? (info.metadata[`${info.architecture}.context_length`] as number)
      : 2048;
  const contextSize = Math.min(options.contextSize ?? 2048, train);
  const threads = options.threads ?? defaultThreads();
  let context: LlamaContextHandle;
  try {
    context = await model.createContext({ contextSize, sequences, threads, batchSize: Math.max(512, contextSize) });
  } catch (err) {
    await model.dispose();
    throw new ExternalError(
      `llama.cpp could not create a context for ${basename(path)} (${(err as Error).message}); try a smaller contextSize`,
      { cause: err },
    );
  }
  return new LlamaCppModel(
    path,
    info.tokens.length,
    info.vocabularyFingerprint,
    model,
    context,
    sequences,
    contextSize,
    Math.min(train, 2048),
  );
}

interface SequenceSlot {
  seq: LlamaSequence;
  /** Distribution after the sequence's last token, if computed. */
  last: TokenDistribution | undefined;
  busy: boolean;
}

class LlamaCppModel implements LanguageModel {
  readonly backend = "llama.cpp";
  readonly capabilities: LanguageModelCapabilities = { fullDistribution: true, embeddings: true, hiddenStates: false };
  readonly name: string;
  readonly eosToken: TokenId | undefined;
  private readonly slots: SequenceSlot[];
  private embeddingContext: Promise<Awaited<ReturnType<LlamaModelHandle["createEmbeddingContext"]>>> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly path: string,
    readonly vocabSize: number,
    readonly vocabularyFingerprint: string,
    private readonly model: LlamaModelHandle,
    private readonly context: LlamaContextHandle,
    sequences: number,
    readonly contextSize: number,
    private readonly embeddingContextSize: number,
  ) {
    this.name = basename(path);
    this.eosToken = model.tokens.eos ?? undefined;
    this.slots = Array.from({ length: sequences }, () => ({ seq: context.getSequence(), last: undefined, busy: false }));
  }

  private check() {
    if (this.closed) throw new InvalidInputError(`Model ${this.name} was closed.`);
  }

  async tokenize(text: string, options: TokenizeOptions = {}): Promise<TokenId[]> {
    this.check();
    const tokens = this.model.tokenize(text, options.special ?? false) as number[];
    const bos = this.model.tokens.bos;
    const wantsBos = options.addBos !== false && this.model.tokens.shouldPrependBosToken && bos != null;
    return wantsBos && tokens[0] !== bos ? [bos as number, ...tokens] : tokens;
  }

  async detokenize(tokens: readonly TokenId[]): Promise<string> {
    this.check();
    this.checkIds(tokens);
    return this.model.detokenize(tokens as never, false);
  }

  private checkIds(tokens: readonly TokenId[]) {
    for (const t of tokens)
      if (!(Number.isInteger(t) && t >= 0 && t < this.vocabSize))
        throw new InvalidInputError(`Token id ${t} is outside ${this.name}'s vocabulary (0..${this.vocabSize - 1}).`);
  }

  /** Runs `fn` after earlier calls finished: sequences are shared state. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async nextTokenLogProbs(context: readonly TokenId[], options: CallOptions = {}): Promise<TokenDistribution> {
    return this.nextTokenLogProbsBatch([context], options).then((r) => r[0] as TokenDistribution);
  }

  async nextTokenLogProbsBatch(contexts: readonly (readonly TokenId[])[], options: CallOptions = {}): Promise<TokenDistribution[]> {
    this.check();
    for (const c of contexts) this.checkContext(c);
    return this.serial(async () => {
      const out = new Array<TokenDistribution>(contexts.length);
      for (let start = 0; start < contexts.length; start += this.slots.length) {
        throwIfAborted(options.signal);
        const wave = contexts.slice(start, start + this.slots.length);
        const assigned = this.assign(wave);
        const results = await Promise.all(wave.map((ctx, i) => this.evaluateOn(assigned[i] as SequenceSlot, ctx)));
        results.forEach((r, i) => {
          out[start + i] = r;
        });
      }
      return out;
    });
  }

  /** Gives each context the free slot with the longest common prefix. */
  private assign(contexts: readonly (readonly TokenId[])[]): SequenceSlot[] {
    const free = new Set(this.slots);
    const order = contexts.map((_, i) => i);
    const result = new Array<SequenceSlot>(contexts.length);
    for (const i of order) {
      const ctx = contexts[i] as readonly TokenId[];
      // Prefer a slot whose whole cache ctx extends (longest first), then an empty slot, then the
      // longest common prefix: so interleaved callers on one model do not keep evicting each other.
      let best: SequenceSlot | undefined;
      let bestKey = -1;
      for (const s of free) {
        const cached = s.seq.contextTokens;
        const len = commonPrefix(cached, ctx);
        const key = cached.length === 0 ? this.contextSize + 1 : len === cached.length ? this.contextSize + 2 + len : len;
        if (key > bestKey) {
          best = s;
          bestKey = key;
        }
      }
      free.delete(best as SequenceSlot);
      result[i] = best as SequenceSlot;
    }
    return result;
  }

  /** The full distribution after `ctx`, if `slot` holds it already. */
  private cached(slot: SequenceSlot, ctx: readonly TokenId[]): TokenDistribution | undefined {
    const c = slot.seq.contextTokens;
    return slot.last && c.length === ctx.length && commonPrefix(c, ctx) === ctx.length ? slot.last : undefined;
  }

  private async evaluateOn(slot: SequenceSlot, ctx: readonly TokenId[]): Promise<TokenDistribution> {
    const hit = this.cached(slot, ctx);
    if (hit) return hit;
    const probs = await this.sampleAfter(slot, ctx, { probabilities: true });
    const n = this.vocabSize;
    const logProbs = new Float32Array(n);
    // node-llama-cpp gives the whole vocabulary (sorted, boxed, in a Map); fill only if entries are missing.
    if (probs.size < n) logProbs.fill(LOG_MIN_PROB);
    probs.forEach((p, token) => {
      if (token < n) logProbs[token] = p > MIN_PROB ? Math.log(p) : LOG_MIN_PROB;
    });
    slot.last = { logProbs, complete: true };
    return slot.last;
  }

  /**
   * Brings `slot` to `ctx` (re-evaluating at least its last token) and samples after it with the given
   * `generateNext` request; returns node-llama-cpp's probabilities Map (what is left after the sampler chain).
   */
  private async sampleAfter(
    slot: SequenceSlot,
    ctx: readonly TokenId[],
    generateNext: Record<string, unknown>,
  ): Promise<Map<number, number>> {
    const cached = slot.seq.contextTokens;
    let keep = commonPrefix(cached, ctx);
    if (keep === ctx.length) keep--; // re-evaluate the last token to get its output
    if (keep < cached.length) await slot.seq.eraseContextTokenRanges([{ start: keep, end: cached.length }]);
    const fresh = ctx.slice(keep) as number[];
    const input = fresh.map((t, i) => (i === fresh.length - 1 ? [t, { generateNext }] : t));
    slot.last = undefined;
    let res: Awaited<ReturnType<LlamaSequence["controlledEvaluate"]>>;
    try {
      res = await slot.seq.controlledEvaluate(input as never);
    } catch (err) {
      await slot.seq.clearHistory().catch(() => undefined);
      throw new ExternalError(`llama.cpp evaluation failed for ${this.name}: ${(err as Error).message}`, { cause: err });
    }
    const probs = res[fresh.length - 1]?.next.probabilities;
    if (!probs) throw new ExternalError(`llama.cpp returned no distribution for ${this.name}.`);
    return probs as Map<number, number>;
  }

  private checkContext(c: readonly TokenId[]) {
    if (c.length === 0) throw new InvalidInputError("The context is empty: pass at least one token (e.g. the BOS token).");
    if (c.length > this.contextSize)
      throw new InvalidInputError(
        `The context has ${c.length} tokens, more than the ${this.contextSize} positions ${this.name} was opened with; shorten the prompt or generate fewer tokens (or open it with a larger contextSize, up to its training context).`,
      );
    this.checkIds(c);
  }

  /** Top-k size tried first by {@link nextTokenHead}; grows when a head fills it, shrinks back slowly. */
  private headK = 64;
  /** Logit bias used by {@link nextTokenRestricted}; grows when it did not lift every token above the rest. */
  private restrictBias = 32;

  async nextTokenHead(context: readonly TokenId[], minRatio: number, options: CallOptions = {}): Promise<PartialDistribution> {
    this.check();
    if (!(minRatio > 0 && minRatio <= 1)) throw new InvalidInputError(`minRatio must be in (0, 1], got ${minRatio}.`);
    this.checkContext(context);
    return this.serial(async () => {
      throwIfAborted(options.signal);
      const slot = this.assign([context])[0] as SequenceSlot;
      const hit = this.cached(slot, context);
      if (hit) {
        // Already evaluated with its full distribution: read the head off it, no decode.
        let max = Number.NEGATIVE_INFINITY;
        for (const v of hit.logProbs) if (v > max) max = v;
        const cut = max + Math.log(minRatio);
        const ids: number[] = [];
        hit.logProbs.forEach((v, t) => {
          if (v >= cut) ids.push(t);
        });
        ids.sort((a, b) => (hit.logProbs[b] as number) - (hit.logProbs[a] as number) || a - b);
        return renormalised(ids, hit.logProbs);
      }
      for (;;) {
        const k = Math.min(this.headK, this.vocabSize);
        // Sampler chain at temperature > 0: top-k (partial sort), top-p 1 (off), min-p (the head), temperature 1
        // (logits unchanged), dist (picks a token we ignore). The Map holds the head, most likely first,
        // renormalised over it.
        const probs = await this.sampleAfter(slot, context, {
          probabilities: true,
          options: { temperature: 1, topK: k, topP: 1, minP: minRatio, seed: 0 },
        });
        if (probs.size < k || k >= this.vocabSize) {
          if (probs.size * 8 < this.headK) this.headK = Math.max(64, this.headK >> 1);
          return partialFrom([...probs.keys()], probs);
        }
        this.headK = Math.min(this.vocabSize, k * 8); // the head may go on past k: re-evaluate with a larger k
      }
    });
  }

  async nextTokenRestricted(
    context: readonly TokenId[],
    tokens: readonly TokenId[],
    options: CallOptions = {},
  ): Promise<PartialDistribution> {
    this.check();
    this.checkContext(context);
    const wanted = [...new Set(tokens)];
    if (wanted.length === 0) throw new InvalidInputError("nextTokenRestricted needs at least one token.");
    this.checkIds(wanted);
    // node-llama-cpp never biases end-of-generation tokens: restrict the full distribution instead.
    const eog = wanted.some((t) => this.model.isEogToken(t as never)) || !TokenBiasClass;
    return this.serial(async () => {
      throwIfAborted(options.signal);
      const slot = this.assign([context])[0] as SequenceSlot;
      const viaFull = eog || this.cached(slot, context) !== undefined;
      for (let attempt = 0; !viaFull && attempt < 3; attempt++) {
        // An equal logit bias on the wanted tokens lifts them above all others; top-k = |wanted| keeps
        // exactly them, and the softmax over them has the model's own ratios (the bias cancels).
        const bias = new (TokenBiasClass as NodeLlamaCpp["TokenBias"])(this.model.tokenizer);
        bias.set(wanted as never, { logit: this.restrictBias });
        const probs = await this.sampleAfter(slot, context, {
          probabilities: true,
          options: { temperature: 1, topK: wanted.length, topP: 1, minP: 0, seed: 0, tokenBias: bias },
        });
        if (probs.size === wanted.length && wanted.every((t) => probs.has(t))) return partialFrom(wanted, probs);
        this.restrictBias *= 16;
      }
      return renormalised(wanted, (await this.evaluateOn(slot, context)).logProbs);
    });
  }

  async scoreTokens(tokens: readonly TokenId[], from = 1, options: CallOptions = {}): Promise<number[]> {
    this.check();
    if (!(from >= 1 && from <= tokens.length)) throw new InvalidInputError(`from must be in 1..${tokens.length}, got ${from}.`);
    this.checkIds(tokens);
    return this.serial(async () => {
      throwIfAborted(options.signal);
      const slot = this.slots[0] as SequenceSlot;
      await slot.seq.clearHistory();
      slot.last = undefined;
      const input = tokens.map((t, i) => (i >= from - 1 && i < tokens.length - 1 ? [t, { generateNext: { probabilities: true } }] : t));
      const res = await slot.seq.controlledEvaluate(input as never);
      const out: number[] = [];
      for (let i = from; i < tokens.length; i++) {
        const p = res[i - 1]?.next.probabilities?.get(tokens[i] as never) ?? 0;
        out.push(Math.log(Math.max(p, MIN_PROB)));
      }
      return out;
    });
  }

  generate(prompt: string | readonly TokenId[], options: GenerateOptions = {}): AsyncGenerator<GeneratedToken> {
    this.check();
    return streamFromDistributions(this, prompt, options);
  }

  async embed(text: string, options: CallOptions = {}): Promise<Float32Array> {
    this.check();
    throwIfAborted(options.signal);
    this.embeddingContext ??= this.model.createEmbeddingContext({
      contextSize: this.embeddingContextSize,
      threads: this.context.currentThreads,
    });
    const ec = await this.embeddingContext;
    // Texts longer than the embedding context are embedded from their first tokens.
    const tokens = (await this.tokenize(text)).slice(0, this.embeddingContextSize - 1);
    const e = await ec.getEmbeddingFor(tokens.length > 0 ? (tokens as never) : text);
    return l2Normalize(Float32Array.from(e.vector));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    if (this.embeddingContext) await (await this.embeddingContext).dispose().catch(() => undefined);
    await this.context.dispose();
    await this.model.dispose();
  }
}

/** A {@link PartialDistribution} of `tokens` from probabilities that node-llama-cpp renormalised over them. */
function partialFrom(tokens: number[], probs: Map<number, number>): PartialDistribution {
  const logProbs = new Float64Array(tokens.length);
  tokens.forEach((t, i) => {
    logProbs[i] = Math.log(Math.max(probs.get(t) ?? 0, MIN_PROB));
  });
  return { tokens, logProbs };
}

/** A {@link PartialDistribution} of `tokens` renormalised from full-vocabulary log-probs. */
function renormalised(tokens: number[], logProbs: Float32Array): PartialDistribution {
  let max = Number.NEGATIVE_INFINITY;
  for (const t of tokens) max = Math.max(max, logProbs[t] as number);
  let sum = 0;
  for (const t of tokens) sum += Math.exp((logProbs[t] as number) - max);
  const z = max + Math.log(sum);
  return { tokens, logProbs: Float64Array.from(tokens, (t) => (logProbs[t] as number) - z) };
}

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
