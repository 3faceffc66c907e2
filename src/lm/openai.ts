/**
 * The OpenAI-compatible HTTP backend: `/v1/completions` (with `logprobs`) and `/v1/chat/completions`, as
 * served by vLLM, TGI, the llama.cpp server, Ollama and hosted APIs. This is also how a model too big for
 * one machine is used: a multi-GPU vLLM/TGI deployment serves it and yomikai drives it.
 *
 * Token-level calls need the server's `/tokenize` and `/detokenize` routes (vLLM, llama.cpp server).
 * Next-token distributions are top-k only (`capabilities.fullDistribution` is `false`): the server
 * returns at most `topLogprobs` entries and every other token reads `-Infinity`.
 * @module
 */
import { createHash } from "node:crypto";
import { ExternalError, HttpError, type HttpResponse, httpRequest, InvalidInputError, l2Normalize, throwIfAborted } from "../core/index.js";
import type { CompleteOptions, Completion, TextCompleter } from "./complete.js";
import { TextStreamer } from "./stream.js";
import type {
  CallOptions,
  GeneratedToken,
  GenerateOptions,
  LanguageModel,
  LanguageModelCapabilities,
  TokenDistribution,
  TokenId,
  TokenizeOptions,
} from "./types.js";

/** Options of {@link createOpenAIModel}. */
export interface OpenAIModelOptions {
  /** Server root, e.g. `http://127.0.0.1:8000` (a trailing `/v1` is accepted). */
  baseUrl: string;
  /** Model id sent in each request. */
  model: string;
  /** Bearer token. Defaults to the `OPENAI_API_KEY` environment variable, if set. */
  apiKey?: string;
  /** Milliseconds to wait for an answer to start, and for each further piece of a streamed answer. Defaults to `60000`. */
  timeoutMs?: number;
  /** Retries after 429, 5xx or network errors, with exponential backoff. Defaults to `3`. */
  retries?: number;
  /** First backoff delay in milliseconds (doubles each retry). Defaults to `500`. */
  backoffMs?: number;
  /** Entries per next-token distribution (`logprobs` / `top_logprobs`). Defaults to `20`. */
  topLogprobs?: number;
  /** Vocabulary size, when known (length of returned `logProbs`). Defaults to the largest id seen + 1, at least 1. */
  vocabSize?: number;
  /** Token id of end-of-sequence, when known. */
  eosToken?: number;
  /** The served model's context length, when known. Defaults to `Infinity`. */
  contextSize?: number;
}

/** A chat message for {@link OpenAIModel.chat}. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** The HTTP model: a {@link LanguageModel} plus text-level `complete` and `chat`. */
export interface OpenAIModel extends LanguageModel, TextCompleter {
  /** One completion of `prompt` (no streaming). */
  complete(prompt: string, options?: GenerateOptions): Promise<string>;
  /** One chat completion. */
  chat(messages: readonly ChatMessage[], options?: GenerateOptions): Promise<string>;
}

/** Connects to an OpenAI-compatible server. No request is made until a method is called. */
export function createOpenAIModel(options: OpenAIModelOptions): OpenAIModel {
  if (!/^https?:\/\//.test(options.baseUrl))
    throw new InvalidInputError(`baseUrl must start with http:// or https://, got "${options.baseUrl}".`);
  return new HttpModel(options);
}

class HttpModel implements OpenAIModel {
  readonly backend = "openai";
  readonly capabilities: LanguageModelCapabilities;
  readonly name: string;
  readonly eosToken: number | undefined;
  readonly contextSize: number;
  readonly vocabularyFingerprint: string;
  private readonly root: string;
  private maxSeen = 0;

  constructor(private readonly o: OpenAIModelOptions) {
    this.root = o.baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
    this.name = o.model;
    this.eosToken = o.eosToken;
    this.contextSize = o.contextSize ?? Number.POSITIVE_INFINITY;
    this.capabilities = { fullDistribution: false, topK: o.topLogprobs ?? 20, embeddings: true, hiddenStates: false };
    this.vocabularyFingerprint = createHash("sha256").update(`openai:${this.root}:${o.model}`).digest("hex").slice(0, 16);
  }

  get vocabSize(): number {
    return this.o.vocabSize ?? Math.max(1, this.maxSeen + 1);
  }

  /** POST `path` with JSON through the shared client (timeouts, retries); errors become one line naming the route. */
  private async post(path: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse> {
    const retries = this.o.retries ?? 3;
    const headers: Record<string, string> = {};
    const key = this.o.apiKey ?? process.env.OPENAI_API_KEY;
    if (key) headers.authorization = `Bearer ${key}`;
    const url = `${this.root}${path}`;
    let res: HttpResponse;
    try {
      res = await httpRequest(url, {
        json: body,
        headers,
        retries,
        backoffMs: this.o.backoffMs ?? 500,
        timeoutMs: this.o.timeoutMs ?? 60_000,
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (err.kind === "bad-port")
        throw new ExternalError(
          `${url}: port ${new URL(this.root).port} is reserved and fetch refuses it; serve the model on another port (e.g. 8000).`,
        );
      if (err.kind === "timeout") throw err;
      throw new ExternalError(`${url} failed after ${err.attempts} attempts (${err.problem}); check that the server is running.`, {
        cause: err,
      });
    }
    if (res.ok) return res;
    const problem = await res.assertOk().then(
      () => "",
      (err: HttpError) => err.problem,
    );
    if (res.status === 404)
      throw new ExternalError(
        `${url} does not exist (HTTP 404); is this an OpenAI-compatible server${path.includes("tokenize") ? " with a /tokenize route (vLLM, llama.cpp server)" : ""}?`,
      );
    throw new ExternalError(`${url} refused the request (${problem}).`);
  }

  private async postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const res = await this.post(path, body, signal);
    try {
      return await res.json<T>();
    } catch (err) {
      if (err instanceof HttpError && err.kind === "not-json")
        throw new ExternalError(`${this.root}${path} answered with something that is not JSON.`, { cause: err });
      throw err;
    }
  }

  async tokenize(text: string, options: TokenizeOptions = {}): Promise<TokenId[]> {
    const r = await this.postJson<{ tokens?: (number | { id: number })[] }>("/tokenize", {
      model: this.o.model,
      prompt: text,
      content: text,
      add_special_tokens: options.addBos !== false,
    });
    if (!Array.isArray(r.tokens)) throw new ExternalError(`${this.root}/tokenize answered without a "tokens" array.`);
    const ids = r.tokens.map((t) => (typeof t === "number" ? t : t.id));
    for (const id of ids) this.maxSeen = Math.max(this.maxSeen, id);
    return ids;
  }

  async detokenize(tokens: readonly TokenId[]): Promise<string> {
    const r = await this.postJson<{ prompt?: string; content?: string }>("/detokenize", { model: this.o.model, tokens });
    const text = r.prompt ?? r.content;
    if (typeof text !== "string") throw new ExternalError(`${this.root}/detokenize answered without text.`);
    return text;
  }

  private async tokenIdOf(key: string): Promise<number | undefined> {
    const m = /^token_id:(\d+)$/.exec(key);
    if (m) return Number(m[1]);
    const ids = await this.tokenize(key, { addBos: false });
    return ids.length === 1 ? ids[0] : undefined;
  }

  async nextTokenLogProbs(context: readonly TokenId[], options: CallOptions = {}): Promise<TokenDistribution> {
    if (context.length === 0) throw new InvalidInputError("The context is empty: pass at least one token.");
    const k = this.capabilities.topK ?? 20;
    const r = await this.postJson<{ choices?: { logprobs?: { top_logprobs?: Record<string, number>[] } }[] }>(
      "/v1/completions",
      { model: this.o.model, prompt: context, max_tokens: 1, temperature: 0, logprobs: k, return_tokens_as_token_ids: true },
      options.signal,
    );
    const top = r.choices?.[0]?.logprobs?.top_logprobs?.[0];
    if (!top) throw new ExternalError(`${this.root}/v1/completions returned no top_logprobs; the server must support "logprobs".`);
    const entries: [number, number][] = [];
    for (const [key, lp] of Object.entries(top)) {
      const id = await this.tokenIdOf(key);
      if (id !== undefined) {
        entries.push([id, lp]);
        this.maxSeen = Math.max(this.maxSeen, id);
      }
    }
    const logProbs = new Float32Array(this.vocabSize).fill(Number.NEGATIVE_INFINITY);
    for (const [id, lp] of entries) if (id < logProbs.length) logProbs[id] = lp;
    return { logProbs, complete: false };
  }

  async nextTokenLogProbsBatch(contexts: readonly (readonly TokenId[])[], options: CallOptions = {}): Promise<TokenDistribution[]> {
    return Promise.all(contexts.map((c) => this.nextTokenLogProbs(c, options)));
  }

  async scoreTokens(tokens: readonly TokenId[], from = 1, options: CallOptions = {}): Promise<number[]> {
    if (!(from >= 1 && from <= tokens.length)) throw new InvalidInputError(`from must be in 1..${tokens.length}, got ${from}.`);
    const r = await this.postJson<{ choices?: { logprobs?: { token_logprobs?: (number | null)[] } }[] }>(
      "/v1/completions",
      { model: this.o.model, prompt: tokens, max_tokens: 1, echo: true, logprobs: 0, temperature: 0 },
      options.signal,
    );
    const lps = r.choices?.[0]?.logprobs?.token_logprobs;
    if (!lps) throw new ExternalError(`${this.root}/v1/completions ignored "echo"; this server cannot score prompts.`);
    return lps.slice(from, tokens.length).map((v) => v ?? Number.NEGATIVE_INFINITY);
  }

  private body(options: GenerateOptions) {
    return {
      model: this.o.model,
      max_tokens: options.maxTokens ?? 128,
      temperature: options.temperature ?? 0,
      ...(options.topP !== undefined ? { top_p: options.topP } : {}),
      ...(options.topK ? { top_k: options.topK } : {}),
      ...(options.typicalP !== undefined ? { typical_p: options.typicalP } : {}),
      ...(options.seed !== undefined
        ? {
            seed:
              typeof options.seed === "number"
                ? options.seed
                : Number.parseInt(createHash("sha256").update(options.seed).digest("hex").slice(0, 8), 16),
          }
        : {}),
      ...(options.stopAtEos === false ? { ignore_eos: true } : {}),
    };
  }

  async *generate(prompt: string | readonly TokenId[], options: GenerateOptions = {}): AsyncGenerator<GeneratedToken> {
    const res = await this.post(
      "/v1/completions",
      { ...this.body(options), prompt, stream: true, logprobs: 1, return_tokens_as_token_ids: true },
      options.signal,
    );
    const decoder = new TextDecoder();
    let buffer = "";
    const streamer = new TextStreamer(this);
    for await (const chunk of res.chunks()) {
      throwIfAborted(options.signal);
      buffer += decoder.decode(chunk, { stream: true });
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return;
        let event: { choices?: { text?: string; logprobs?: { tokens?: string[]; token_logprobs?: number[] } }[] };
        try {
          event = JSON.parse(data);
        } catch {
          throw new ExternalError(`${this.root} sent a malformed stream event: ${data.slice(0, 80)}`);
        }
        const c = event.choices?.[0];
        if (!c) continue;
        const ids = (c.logprobs?.tokens ?? []).map((t) => /^token_id:(\d+)$/.exec(t)?.[1]);
        if (ids.length > 0 && ids.every((x) => x !== undefined)) {
          for (let i = 0; i < ids.length; i++) {
            const token = Number(ids[i]);
            const lp = c.logprobs?.token_logprobs?.[i];
            yield { token, text: await streamer.push(token), ...(lp !== undefined ? { logProb: lp } : {}) };
          }
        } else if (c.text) {
          yield { token: -1, text: c.text };
        }
      }
    }
  }

  async complete(prompt: string, options: GenerateOptions = {}): Promise<string> {
    return (await this.completion(prompt, options)).text;
  }

  async completion(prompt: string, options: CompleteOptions = {}): Promise<Completion> {
    const stop = (options.stop ?? []).filter(Boolean);
    const r = await this.postJson<{
      choices?: { text?: string; finish_reason?: string | null }[];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
    }>("/v1/completions", { ...this.body(options), prompt, ...(stop.length ? { stop: stop.slice(0, 4) } : {}) }, options.signal);
    const choice = r.choices?.[0];
    let text = choice?.text;
    if (typeof text !== "string") throw new ExternalError(`${this.root}/v1/completions answered without choices[0].text.`);
    // Servers accept at most 4 stop strings; any further ones (and servers that ignore "stop") are cut here.
    let cut = -1;
    for (const s of stop) {
      const i = text.indexOf(s);
      if (i >= 0 && (cut < 0 || i < cut)) cut = i;
    }
    if (cut >= 0) text = text.slice(0, cut);
    const usage = r.usage;
    const known = typeof usage?.prompt_tokens === "number" && typeof usage?.completion_tokens === "number";
    // A server reports "stop" both for its end-of-sequence token and for a stop string it cut (and
    // removed): with stop strings asked for, "stop" is taken as a stop string.
    const finishReason: Completion["finishReason"] =
      cut >= 0
        ? "stop"
        : choice?.finish_reason === "length"
          ? "length"
          : choice?.finish_reason === "stop" && stop.length > 0
            ? "stop"
            : "eos";
    return {
      text,
      promptTokens: known ? (usage?.prompt_tokens as number) : Math.ceil(prompt.length / 4),
      completionTokens: known ? (usage?.completion_tokens as number) : Math.ceil((choice?.text ?? "").length / 4),
      finishReason,
      ...(known ? {} : { estimated: true }),
    };
  }

  async chat(messages: readonly ChatMessage[], options: GenerateOptions = {}): Promise<string> {
    const r = await this.postJson<{ choices?: { message?: { content?: string } }[] }>(
      "/v1/chat/completions",
      { ...this.body(options), messages },
      options.signal,
    );
    const text = r.choices?.[0]?.message?.content;
    if (typeof text !== "string") throw new ExternalError(`${this.root}/v1/chat/completions answered without choices[0].message.content.`);
    return text;
  }

  async embed(text: string, options: CallOptions = {}): Promise<Float32Array> {
    const r = await this.postJson<{ data?: { embedding?: number[] }[] }>(
      "/v1/embeddings",
      { model: this.o.model, input: text },
      options.signal,
    );
    const e = r.data?.[0]?.embedding;
    if (!Array.isArray(e)) throw new ExternalError(`${this.root}/v1/embeddings answered without data[0].embedding.`);
    return l2Normalize(Float32Array.from(e));
  }

  async close(): Promise<void> {}
}
