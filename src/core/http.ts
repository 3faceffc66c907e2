/**
 * The one HTTP client: Node's fetch with a connect/first-byte timeout and a stall timeout while the body
 * streams (own timers, cleared after use: no `AbortSignal.timeout` that the GC can collect mid-wait),
 * retries with exponential backoff and jitter on 429, 5xx and network errors (honouring `Retry-After`),
 * the caller's `AbortSignal`, and one-line errors (refused, reserved port, DNS, timeout, HTTP status with
 * a body excerpt, not JSON). {@link downloadFile} streams a file into a cache with progress and resume.
 * @module
 */
import { closeSync, createWriteStream, existsSync, openSync, readSync, renameSync, statSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import { AbortedError, ExternalError } from "./errors.js";
import { makeFolder } from "./outputPath.js";
import type { OnProgress } from "./progress.js";

/** Options of {@link httpRequest} (and the functions built on it). */
export interface HttpOptions {
  /** HTTP method. Defaults to `"GET"`, or `"POST"` when `body` is given. */
  method?: string;
  /** Request headers. Defaults to none. */
  headers?: Record<string, string>;
  /** Request body (a string is sent as is; pass `json` for a JSON body). Defaults to none. */
  body?: string | Uint8Array;
  /** A value sent as a JSON body with `content-type: application/json`. Defaults to none. */
  json?: unknown;
  /** Milliseconds to wait for the answer's headers (connect and first byte). Defaults to `30000`. */
  timeoutMs?: number;
  /** Milliseconds the body may go without a byte before the read fails. Defaults to `timeoutMs`. */
  stallMs?: number;
  /** Retries after 429, 5xx and network errors (not after timeouts). Defaults to `3`. */
  retries?: number;
  /** First backoff delay in milliseconds; doubles per retry, with jitter. Defaults to `500`. */
  backoffMs?: number;
  /** Longest wait between tries, `Retry-After` included, in milliseconds. Defaults to `60000`. */
  maxBackoffMs?: number;
  /** The short problem text of a non-2xx answer, from its status and body. Defaults to `HTTP <status>: <excerpt>`. */
  problemOf?: (status: number, body: string) => string;
  /** What a timeout message tells the user to do. Defaults to `"raise --timeout"`. */
  timeoutHint?: string;
  /** Called before each retry with the problem and the wait (e.g. to log it). */
  onRetry?: (retry: { attempt: number; delayMs: number; problem: string }) => void;
  signal?: AbortSignal;
}

/** What went wrong in an {@link HttpError}. */
export type HttpErrorKind = "refused" | "bad-port" | "dns" | "network" | "timeout" | "stall" | "status" | "not-json";

/**
 * A one-line network failure. `problem` is the short cause ("connection refused", "HTTP 503: …", "no
 * answer within 5 s; raise --timeout") for callers that wrap it in their own sentence.
 */
export class HttpError extends ExternalError {
  constructor(
    readonly url: string,
    readonly kind: HttpErrorKind,
    readonly problem: string,
    readonly attempts = 1,
    readonly status?: number,
    options: { cause?: unknown } = {},
  ) {
    super(`${url}: ${problem}${attempts > 1 ? ` (after ${attempts} attempts)` : ""}${FIX[kind]}`, options);
    this.name = "HttpError";
  }
}

const FIX: Record<HttpErrorKind, string> = {
  refused: "; check that the server is running and the address is right.",
  "bad-port": "",
  dns: "; check the host name and the network.",
  network: "; check the network and try again.",
  timeout: "",
  stall: "",
  status: ".",
  "not-json": ".",
};

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** The short excerpt of a body used in messages: whitespace collapsed, at most 200 characters. */
export function bodyExcerpt(text: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

function networkProblem(err: unknown, url: string): { kind: HttpErrorKind; problem: string; retry: boolean } {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (err as { code?: string })?.code;
  if (cause?.message === "bad port") {
    const port = new URL(url).port;
    return { kind: "bad-port", problem: `port ${port} is reserved and fetch refuses it; use another port (e.g. 8000)`, retry: false };
  }
  if (code === "ECONNREFUSED") return { kind: "refused", problem: "connection refused", retry: true };
  if (code === "ENOTFOUND") return { kind: "dns", problem: `host ${new URL(url).hostname} not found (DNS)`, retry: false };
  if (code === "EAI_AGAIN") return { kind: "dns", problem: `DNS lookup of ${new URL(url).hostname} failed`, retry: true };
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return { kind: "network", problem: "host unreachable", retry: true };
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET")
    return { kind: "network", problem: "the server closed the connection", retry: true };
  return { kind: "network", problem: (code ?? cause?.message ?? (err as Error)?.message ?? String(err)).split("\n")[0] ?? "", retry: true };
}

/** Abortable sleep: rejects with {@link AbortedError} when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or undefined. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return s >= 0 ? s * 1000 : undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/**
 * An answer whose headers have arrived. Read the body once with {@link text}, {@link json},
 * {@link bytes} or {@link chunks}; each read fails with one line when the body stalls.
 */
export class HttpResponse {
  private released = false;
  constructor(
    private readonly raw: Response,
    readonly url: string,
    private readonly controller: AbortController,
    private readonly stallMs: number,
    private readonly hint: string,
    private readonly detach: () => void,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly problemOf?: HttpOptions["problemOf"],
  ) {}
  get status(): number {
    return this.raw.status;
  }
  get ok(): boolean {
    return this.raw.ok;
  }
  get headers(): Headers {
    return this.raw.headers;
  }

  /** The body in chunks as they arrive; fails if no byte comes for `stallMs`. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    if (!this.raw.body) return this.release();
    const reader = this.raw.body.getReader();
    try {
      for (;;) {
        let timer: NodeJS.Timeout | undefined;
        const stalled = new Promise<"stall">((resolve) => {
          timer = setTimeout(() => resolve("stall"), this.stallMs);
        });
        let r: ReadableStreamReadResult<Uint8Array> | "stall";
        try {
          r = await Promise.race([reader.read(), stalled]);
        } catch (err) {
          if (this.callerSignal?.aborted) throw new AbortedError();
          const p = networkProblem(err, this.url);
          throw new HttpError(this.url, p.kind, `${p.problem} while reading the answer`, 1, this.status, { cause: err });
        } finally {
          clearTimeout(timer);
        }
        if (r === "stall") {
          this.controller.abort();
          throw new HttpError(this.url, "stall", `the answer stopped for ${seconds(this.stallMs)} mid-way; ${this.hint}`, 1, this.status);
        }
        if (r.done) return;
        yield r.value;
      }
    } finally {
      reader.cancel().catch(() => {});
      this.release();
    }
  }

  /** The whole body as bytes. */
  async bytes(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const c of this.chunks()) parts.push(c);
    return Buffer.concat(parts);
  }

  /** The whole body as UTF-8 text. */
  async text(): Promise<string> {
    return Buffer.from(await this.bytes()).toString("utf8");
  }

  /** The body parsed as JSON; anything else is an {@link HttpError} of kind `not-json`. */
  async json<T = unknown>(): Promise<T> {
    const text = await this.text();
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new HttpError(
        this.url,
        "not-json",
        `answered with something that is not JSON ("${bodyExcerpt(text).slice(0, 80)}")`,
        1,
        this.status,
        {
          cause: err,
        },
      );
    }
  }

  /** Throws a one-line {@link HttpError} (status and a body excerpt) unless the status is 2xx. */
  async assertOk(): Promise<this> {
    if (this.ok) return this;
    throw await statusError(this, 1, this.problemOf);
  }

  /** Drops the body without reading it. */
  async cancel(): Promise<void> {
    await this.raw.body?.cancel().catch(() => {});
    this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.detach();
  }
}

async function statusError(res: HttpResponse, attempts: number, problemOf?: HttpOptions["problemOf"]): Promise<HttpError> {
  let body = "";
  try {
    body = await res.text();
  } catch {
    // the status alone says enough
  }
  const excerpt = bodyExcerpt(body);
  const problem = problemOf?.(res.status, body) ?? `HTTP ${res.status}${excerpt ? `: ${excerpt}` : ""}`;
  return new HttpError(res.url, "status", problem, attempts, res.status);
}

const retryableStatus = (status: number) => status === 429 || status >= 500;

/**
 * Sends one request, retrying 429, 5xx and network errors with exponential backoff and jitter
 * (`Retry-After` wins). Returns once the headers are in, for any status that is not retried (check
 * `ok`, or call {@link HttpResponse.assertOk}); throws a one-line {@link HttpError} when the tries run
 * out, when nothing answers within `timeoutMs`, or at once for a reserved port or an unknown host, and
 * {@link AbortedError} when `signal` fires.
 * @example
 * const res = await httpRequest("http://127.0.0.1:8000/v1/models", { timeoutMs: 5000 });
 * const models = await (await res.assertOk()).json();
 */
export async function httpRequest(url: string | URL, options: HttpOptions = {}): Promise<HttpResponse> {
  const href = url.toString();
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stallMs = options.stallMs ?? timeoutMs;
  const retries = options.retries ?? 3;
  const hint = options.timeoutHint ?? "raise --timeout";
  const headers = { ...options.headers };
  let body: string | Uint8Array | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["content-type"] ??= "application/json";
  }
  const method = options.method ?? (body === undefined ? "GET" : "POST");
  const caller = options.signal;
  let last: HttpError | undefined;
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (caller?.aborted) throw new AbortedError();
    // One controller per try, held by the response object and by the timer closure (strong references).
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    caller?.addEventListener("abort", onAbort, { once: true });
    const detach = () => caller?.removeEventListener("abort", onAbort);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve("timeout");
      }, timeoutMs);
    });
    let delayMs: number | undefined;
    try {
      const sent = fetch(href, {
        method,
        headers,
        ...(body !== undefined ? { body: body as BodyInit } : {}),
        signal: controller.signal,
        redirect: "follow",
      });
      sent.catch(() => {}); // when the timer wins the race, the aborted fetch rejects unobserved
      const raw = await Promise.race([sent, timedOut]);
      if (raw === "timeout") throw new HttpError(href, "timeout", `no answer within ${seconds(timeoutMs)}; ${hint}`);
      const res = new HttpResponse(raw, href, controller, stallMs, hint, detach, caller, options.problemOf);
      if (!retryableStatus(res.status) || attempt === retries) {
        if (retryableStatus(res.status)) throw await statusError(res, attempt + 1, options.problemOf);
        return res;
      }
      last = await statusError(res, attempt + 1, options.problemOf);
      const wanted = retryAfterMs(res.headers.get("retry-after"));
      if (wanted !== undefined) delayMs = wanted;
    } catch (err) {
      detach();
      if (caller?.aborted) throw new AbortedError();
      if (err instanceof HttpError) throw err;
      const p = networkProblem(err, href);
      last = new HttpError(href, p.kind, p.problem, attempt + 1, undefined, { cause: err });
      if (!p.retry || attempt === retries) throw last;
    } finally {
      clearTimeout(timer);
    }
    const base = (options.backoffMs ?? 500) * 2 ** attempt;
    const jittered = base / 2 + (Math.random() * base) / 2;
    const wait = Math.min(options.maxBackoffMs ?? 60_000, delayMs ?? jittered);
    options.onRetry?.({ attempt: attempt + 1, delayMs: wait, problem: last?.problem ?? "" });
    await sleep(wait, caller);
  }
  throw last ?? new HttpError(href, "network", "no attempt was made");
}

/**
 * GETs (or, with `json`/`body`, POSTs) `url` and parses the JSON answer; a non-2xx status or a body
 * that is not JSON is a one-line {@link HttpError}.
 * @example const page = await fetchJson<{ results: unknown[] }>("https://api.openalex.org/works?filter=…", { timeoutMs: 30_000 });
 */
export async function fetchJson<T = unknown>(url: string | URL, options: HttpOptions = {}): Promise<T> {
  const res = await httpRequest(url, options);
  await res.assertOk();
  return res.json<T>();
}

/** Options of {@link downloadFile}. */
export interface DownloadOptions extends Omit<HttpOptions, "method" | "body" | "json"> {
  /**
   * Checks the finished file before it is kept: gets its first bytes (up to 64) and the answer's
   * content type; returns a problem (e.g. "is a web page, not a model") to delete it and fail. Defaults to none.
   */
  check?: (head: Uint8Array, contentType: string | null) => string | undefined;
  /** Receives `download` events (label `"download"`). */
  onProgress?: OnProgress;
}

function readHead(path: string): Uint8Array {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, 64, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Downloads `url` to `dest` unless a good copy is already there. Streams into `dest.part` with progress,
 * resumes a `.part` with a Range request, and renames to `dest` only when complete and accepted by
 * `check` — so the cache only ever holds whole, checked files. A cached file that fails `check` is
 * deleted and fetched again.
 * @example await downloadFile("https://example.org/m.gguf", "/cache/m.gguf", { onProgress, timeoutMs: 30_000 })
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions = {}): Promise<string> {
  if (existsSync(dest)) {
    const problem = options.check?.(readHead(dest), null);
    if (!problem) return dest;
    unlinkSync(dest);
  }
  makeFolder(dirname(dest));
  const part = `${dest}.part`;
  const have = existsSync(part) ? statSync(part).size : 0;
  const res = await httpRequest(url, { ...options, headers: { ...options.headers, ...(have > 0 ? { range: `bytes=${have}-` } : {}) } });
  const fail = (problem: string): never => {
    if (existsSync(part)) unlinkSync(part);
    throw new ExternalError(`${url} ${problem}; it was not kept. Check the address, or copy the file and pass its path.`);
  };
  if (res.status === 401 || res.status === 403) {
    await res.cancel();
    throw new ExternalError(`${url} needs access (HTTP ${res.status}); set HF_TOKEN to a token that can read this repo.`);
  }
  if (res.status === 404) {
    await res.cancel();
    throw new ExternalError(`${url} does not exist (HTTP 404); check the owner, repo, file name and revision.`);
  }
  const contentType = res.headers.get("content-type");
  if (res.status === 416 && have > 0) {
    await res.cancel();
    const problem = options.check?.(readHead(part), null);
    if (problem) fail(problem);
    renameSync(part, dest);
    return dest;
  }
  await res.assertOk();
  const early = options.check && contentType?.includes("text/html") ? options.check(new Uint8Array(), contentType) : undefined;
  if (early) {
    await res.cancel();
    fail(early);
  }
  const resumed = res.status === 206 && have > 0;
  if (!resumed && have > 0) unlinkSync(part);
  const start = resumed ? have : 0;
  const length = Number(res.headers.get("content-length") ?? Number.NaN);
  const total = Number.isFinite(length) ? start + length : undefined;
  const file = dest.split("/").pop() ?? dest;
  const out = createWriteStream(part, { flags: resumed ? "a" : "w" });
  let loaded = start;
  const progress = () =>
    options.onProgress?.({ kind: "download", label: "download", file, loaded, ...(total !== undefined ? { total } : {}) });
  progress();
  try {
    for await (const chunk of res.chunks()) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      loaded += chunk.length;
      progress();
    }
  } catch (err) {
    await new Promise((r) => out.end(r));
    if (err instanceof AbortedError) throw new AbortedError("Download cancelled; run again to resume.");
    const why = err instanceof HttpError ? err.problem : (err as Error).message;
    throw new ExternalError(`Download of ${url} broke off at ${loaded} bytes (${why}); run again to resume.`, { cause: err });
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  if (total !== undefined && loaded !== total)
    throw new ExternalError(`Download of ${url} stopped at ${loaded} of ${total} bytes; run again to resume.`);
  const problem = options.check?.(readHead(part), contentType);
  if (problem) fail(problem);
  renameSync(part, dest);
  options.onProgress?.({ kind: "done", label: "download" });
  return dest;
}
