/**
 * Model resolution: a local path, an `hf:<owner>/<repo>/<file.gguf>[@revision]` reference, an
 * `http(s)://` URL, or `openai:<baseUrl>#<model>` for an OpenAI-compatible server.
 *
 * Remote files download into a cache (default `~/.cache/yomikai/models`, or `YOMIKAI_CACHE`) with
 * progress events; an interrupted download leaves `<file>.part` and the next call resumes it with an
 * HTTP Range request. Only GGUF files are kept (an HTML page served with status 200 is refused). `HF_ENDPOINT` and `HF_TOKEN` are honoured as by the Hugging Face tools.
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, type DownloadOptions, downloadFile, InvalidInputError, MissingFileError, type OnProgress } from "../core/index.js";
import { writeDemoPair } from "./gguf/index.js";
import { type LlamaModelOptions, loadLlamaModel } from "./llamaCpp.js";
import { createOpenAIModel, type OpenAIModelOptions } from "./openai.js";
import type { LanguageModel } from "./types.js";

/** Options of {@link resolveModelFile}. */
export interface ResolveOptions {
  /** Cache folder. Defaults to `$YOMIKAI_CACHE/models` or `~/.cache/yomikai/models`. */
  cacheDir?: string;
  /** Hugging Face server. Defaults to `$HF_ENDPOINT` or `https://huggingface.co`. */
  hfEndpoint?: string;
  /** Access token for gated repos. Defaults to `$HF_TOKEN`. */
  hfToken?: string;
  /**
   * Milliseconds to wait for a server to answer, and for each further piece of a download (also the
   * request timeout of `openai:` models). Defaults to `60000`.
   */
  timeoutMs?: number;
  /** Receives `download` events. */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** A parsed `hf:` reference. */
export interface HfReference {
  owner: string;
  repo: string;
  file: string;
  revision: string;
}

/** Parses `hf:<owner>/<repo>/<path/to/file.gguf>[@revision]`; throws a one-line error when malformed. */
export function parseHfReference(ref: string): HfReference {
  const m = /^hf:([^/@\s]+)\/([^/@\s]+)\/([^@\s]+\.gguf)(?:@([^\s]+))?$/.exec(ref);
  if (!m)
    throw new InvalidInputError(
      `Bad model reference "${ref}": expected hf:<owner>/<repo>/<file.gguf>[@revision], e.g. hf:ddh0/GPT-2-XL-GGUF/GPT-2-XL-q8_0.gguf.`,
    );
  return { owner: m[1] as string, repo: m[2] as string, file: m[3] as string, revision: m[4] ?? "main" };
}

function downloadOptions(o: ResolveOptions): DownloadOptions {
  return {
    check: checkGgufDownload,
    timeoutMs: o.timeoutMs ?? 60_000,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
}

/** The model cache: `<cache>/models` ({@link cacheDir}). */
export function defaultCacheDir(): string {
  return cacheDir("models");
}

/** The folder the shipped KJV demo pair is copied into (`yomikai cd demo-models`, the web page, `demo` model references): `<cache>/models/demo`. */
export function lmDemoDir(): string {
  return cacheDir("models", "demo");
}

/**
 * Turns a model reference into a local file path, downloading it into the cache when needed. `demo`
 * (or `demo:expert`) and `demo:amateur` name the demo pair of `cd demo-models`, written into
 * {@link lmDemoDir} on first use (no download).
 * @example await resolveModelFile("hf:ddh0/GPT-2-XL-GGUF/GPT-2-XL-q8_0.gguf", { onProgress })
 */
export async function resolveModelFile(ref: string, options: ResolveOptions = {}): Promise<string> {
  const cache = options.cacheDir ?? defaultCacheDir();
  const demo = /^demo(?::(expert|amateur))?$/.exec(ref);
  if (demo) {
    const pair = writeDemoPair(options.cacheDir ? join(options.cacheDir, "demo") : lmDemoDir());
    return demo[1] === "amateur" ? pair.amateur : pair.expert;
  }
  if (ref.startsWith("hf:")) {
    const h = parseHfReference(ref);
    const endpoint = (options.hfEndpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
    const url = `${endpoint}/${h.owner}/${h.repo}/resolve/${encodeURIComponent(h.revision)}/${h.file.split("/").map(encodeURIComponent).join("/")}`;
    const dest = join(cache, "hf", h.owner, h.repo, h.revision, h.file);
    const token = options.hfToken ?? process.env.HF_TOKEN;
    return downloadFile(url, dest, { ...downloadOptions(options), ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  }
  if (/^https?:\/\//.test(ref)) {
    const u = new URL(ref);
    const dest = join(cache, "url", u.host, ...u.pathname.split("/").filter(Boolean));
    return downloadFile(ref, dest, downloadOptions(options));
  }
  if (!existsSync(ref))
    throw new MissingFileError(
      ref,
      "Model file",
      "Pass a .gguf path, hf:<owner>/<repo>/<file.gguf>, an https:// URL, or demo for the built-in demo model",
    );
  return ref;
}

/**
 * Accepts only a GGUF file into the model cache: a web page (HTML, e.g. a login or error page served
 * with status 200) or a file without the GGUF magic is refused and deleted.
 */
export function checkGgufDownload(head: Uint8Array, contentType: string | null): string | undefined {
  const start = Buffer.from(head).toString("latin1");
  if (contentType?.includes("text/html") || /^\s*</.test(start)) return "is a web page, not a model file (a login, error or landing page?)";
  if (head.length > 0 && start.slice(0, 4) !== "GGUF")
    return `is not a GGUF model file (it starts with ${JSON.stringify(start.slice(0, 4))}, not "GGUF")`;
  return undefined;
}

/** Options of {@link loadLanguageModel}: llama.cpp options, resolution options and HTTP options. */
export interface LoadModelOptions extends LlamaModelOptions, Omit<ResolveOptions, "signal"> {
  /** Extra options for `openai:` references. */
  openai?: Partial<OpenAIModelOptions>;
}

/**
 * Opens any model reference: `openai:<baseUrl>#<model>` → the HTTP backend; anything else is resolved
 * to a GGUF file ({@link resolveModelFile}) and loaded with llama.cpp.
 * @example const lm = await loadLanguageModel("hf:ddh0/GPT-2-XL-GGUF/GPT-2-XL-q8_0.gguf");
 */
export async function loadLanguageModel(ref: string, options: LoadModelOptions = {}): Promise<LanguageModel> {
  if (ref.startsWith("openai:")) {
    const m = /^openai:(https?:\/\/[^#\s]+)#(.+)$/.exec(ref);
    if (!m)
      throw new InvalidInputError(
        `Bad model reference "${ref}": expected openai:<baseUrl>#<model>, e.g. openai:http://127.0.0.1:8000#gpt2-xl.`,
      );
    return createOpenAIModel({
      baseUrl: m[1] as string,
      model: m[2] as string,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...options.openai,
    });
  }
  const path = await resolveModelFile(ref, options);
  return loadLlamaModel(path, options);
}
