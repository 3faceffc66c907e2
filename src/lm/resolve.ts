/**
 * Model resolution: a local path, an `hf:<owner>/<repo>/<file.gguf>[@revision]` reference, an
 * `http(s)://` URL, or `openai:<baseUrl>#<model>` for an OpenAI-compatible server.
 *
 * Remote files download into a cache (default `~/.cache/yomikai/models`, or `YOMIKAI_CACHE`) with
 * progress events; an interrupted download leaves `<file>.part` and the next call resumes it with an
 * HTTP Range request. `HF_ENDPOINT` and `HF_TOKEN` are honoured as by the Hugging Face tools.
 * @module
 */
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { AbortedError, ExternalError, InvalidInputError, MissingFileError, type OnProgress, throwIfAborted } from "../core/index.js";
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

/** Default cache folder. */
export function defaultCacheDir(): string {
  return process.env.YOMIKAI_CACHE ? join(process.env.YOMIKAI_CACHE, "models") : join(homedir(), ".cache", "yomikai", "models");
}

/**
 * Turns a model reference into a local file path, downloading it into the cache when needed. `demo`
 * (or `demo:expert`) and `demo:amateur` name the demo pair of `cd demo-models`, written into
 * `<cache>/demo` on first use (no download).
 * @example await resolveModelFile("hf:ddh0/GPT-2-XL-GGUF/GPT-2-XL-q8_0.gguf", { onProgress })
 */
export async function resolveModelFile(ref: string, options: ResolveOptions = {}): Promise<string> {
  const cache = options.cacheDir ?? defaultCacheDir();
  const demo = /^demo(?::(expert|amateur))?$/.exec(ref);
  if (demo) {
    const pair = writeDemoPair(join(cache, "demo"));
    return demo[1] === "amateur" ? pair.amateur : pair.expert;
  }
  if (ref.startsWith("hf:")) {
    const h = parseHfReference(ref);
    const endpoint = (options.hfEndpoint ?? process.env.HF_ENDPOINT ?? "https://huggingface.co").replace(/\/+$/, "");
    const url = `${endpoint}/${h.owner}/${h.repo}/resolve/${encodeURIComponent(h.revision)}/${h.file.split("/").map(encodeURIComponent).join("/")}`;
    const dest = join(cache, "hf", h.owner, h.repo, h.revision, h.file);
    const token = options.hfToken ?? process.env.HF_TOKEN;
    return downloadFile(url, dest, { ...options, ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}) });
  }
  if (/^https?:\/\//.test(ref)) {
    const u = new URL(ref);
    const dest = join(cache, "url", u.host, ...u.pathname.split("/").filter(Boolean));
    return downloadFile(ref, dest, options);
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
 * Downloads `url` to `dest` unless it is already there. Resumes from `dest.part` with a Range request;
 * writes `dest` only once complete (rename), so a cached file is always whole.
 */
export async function downloadFile(
  url: string,
  dest: string,
  options: ResolveOptions & { headers?: Record<string, string> } = {},
): Promise<string> {
  if (existsSync(dest)) return dest;
  mkdirSync(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  throwIfAborted(options.signal);
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { ...options.headers, ...(have > 0 ? { range: `bytes=${have}-` } : {}) },
      ...(options.signal ? { signal: options.signal } : {}),
      redirect: "follow",
    });
  } catch (err) {
    if (options.signal?.aborted) throw new AbortedError();
    throw new ExternalError(
      `Could not download ${url} (${(err as Error).message}); check the network or copy the file and pass its path.`,
      { cause: err },
    );
  }
  if (res.status === 401 || res.status === 403)
    throw new ExternalError(`${url} needs access (HTTP ${res.status}); set HF_TOKEN to a token that can read this repo.`);
  if (res.status === 404) throw new ExternalError(`${url} does not exist (HTTP 404); check the owner, repo, file name and revision.`);
  if (res.status === 416 && have > 0) {
    renameSync(part, dest);
    return dest;
  }
  if (!res.ok || !res.body) throw new ExternalError(`Download of ${url} failed (HTTP ${res.status}).`);
  const resumed = res.status === 206 && have > 0;
  if (!resumed && have > 0) unlinkSync(part);
  const start = resumed ? have : 0;
  const length = Number(res.headers.get("content-length") ?? Number.NaN);
  const total = Number.isFinite(length) ? start + length : undefined;
  const file = dest.split("/").pop() ?? dest;
  const out = createWriteStream(part, { flags: resumed ? "a" : "w" });
  let loaded = start;
  options.onProgress?.({ kind: "download", label: "download", file, loaded, ...(total !== undefined ? { total } : {}) });
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      throwIfAborted(options.signal);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      loaded += chunk.length;
      options.onProgress?.({ kind: "download", label: "download", file, loaded, ...(total !== undefined ? { total } : {}) });
    }
  } catch (err) {
    await new Promise((r) => out.end(r));
    if (options.signal?.aborted) throw new AbortedError("Download cancelled; run again to resume.");
    throw new ExternalError(`Download of ${url} broke off at ${loaded} bytes (${(err as Error).message}); run again to resume.`, {
      cause: err,
    });
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if (total !== undefined && loaded !== total)
    throw new ExternalError(`Download of ${url} stopped at ${loaded} of ${total} bytes; run again to resume.`);
  renameSync(part, dest);
  options.onProgress?.({ kind: "done", label: "download" });
  return dest;
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
    return createOpenAIModel({ baseUrl: m[1] as string, model: m[2] as string, ...options.openai });
  }
  const path = await resolveModelFile(ref, options);
  return loadLlamaModel(path, options);
}
