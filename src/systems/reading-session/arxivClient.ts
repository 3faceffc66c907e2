/**
 * Paper metadata from the arXiv API, politely: one query per batch of ids, at least 3 s from the end
 * of one request to the start of the next (also across processes sharing a cache), and a per-id cache
 * so that a second build makes no request at all.
 * @module
 */
import { readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  bodyExcerpt,
  cacheDir,
  ExternalError,
  HttpError,
  httpRequest,
  InvalidInputError,
  makeFolder,
  type OnProgress,
  progressTask,
  sleep,
  throwIfAborted,
  writeJsonAtomic,
} from "../../core/index.js";
import { type ArxivPaper, parseArxivFeed } from "./arxivFeed.js";
import { type ArxivId, formatArxivId, parseArxivId } from "./arxivId.js";

/** The arXiv API's query endpoint. */
export const ARXIV_API = "https://export.arxiv.org/api/query";

/** Options of {@link fetchArxivPapers}. */
export interface ArxivFetchOptions {
  /** Query endpoint (a mirror or a test server). Defaults to {@link ARXIV_API}. */
  endpoint?: string;
  /** Cache folder for per-paper records. Defaults to `$YOMIKAI_CACHE/arxiv` or `~/.cache/yomikai/arxiv`. */
  cacheDir?: string;
  /** Least time from the end of one request to the start of the next, milliseconds (arXiv asks for 3 s). Defaults to `3000`. */
  minIntervalMs?: number;
  /** Per-request timeout, milliseconds. Defaults to `30000`. */
  timeoutMs?: number;
  /** Retries after a 429/5xx answer or a dropped connection, with doubling back-off. Defaults to `2`. */
  retries?: number;
  /** Ids per query. Defaults to `50`. */
  batchSize?: number;
  /** Receives a `step` event per paper (cached or fetched). */
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link fetchArxivPapers} returns. */
export interface ArxivFetchResult {
  /** The papers, in the order asked. */
  papers: ArxivPaper[];
  /** How many came from the cache. */
  fromCache: number;
  /** HTTP requests made. */
  requests: number;
}

/** The default arXiv cache folder: `<yomikai cache>/arxiv`. */
export function defaultArxivCacheDir(): string {
  return cacheDir("arxiv");
}

function cacheFile(dir: string, a: ArxivId): string {
  return join(dir, `${formatArxivId(a).replace(/\//g, "_")}.json`);
}

function readCached(dir: string, a: ArxivId): ArxivPaper | undefined {
  try {
    const v = JSON.parse(readFileSync(cacheFile(dir, a), "utf8")) as { paper?: ArxivPaper };
    return v.paper?.id === a.id ? v.paper : undefined;
  } catch {
    return undefined;
  }
}

/** Records "a request to arXiv is in flight or just ended" in `dir` (a stamp file's mtime), for every process sharing the cache. */
function stamp(dir: string): void {
  const file = join(dir, ".last-request");
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    writeFileSync(file, "");
  }
}

/** Waits until `minIntervalMs` has passed since the last stamp in `dir` (the previous request's end), then stamps. */
async function politeWait(dir: string, minIntervalMs: number, signal?: AbortSignal): Promise<void> {
  let last = 0;
  try {
    last = statSync(join(dir, ".last-request")).mtimeMs;
  } catch {}
  await sleep(last + minIntervalMs - Date.now(), signal);
  stamp(dir);
}

/** Network failures worth another try (a refused connection or an unknown host means offline or a wrong endpoint). */
const RETRIED: ReadonlySet<HttpError["kind"]> = new Set(["network", "timeout", "stall", "status"]);

/** One polite GET of the feed through the core HTTP client; retries 429/5xx, timeouts and dropped connections. */
async function getFeed(url: string, o: ArxivFetchOptions, dir: string): Promise<string> {
  const retries = o.retries ?? 2;
  const origin = new URL(url).origin;
  const minInterval = o.minIntervalMs ?? 3000;
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(o.signal);
    await politeWait(dir, minInterval, o.signal);
    try {
      const res = await httpRequest(url, {
        retries: 0,
        timeoutMs: o.timeoutMs ?? 30_000,
        headers: { "user-agent": "yomikai (reading-session deck builder)" },
        timeoutHint: "arXiv may be busy; try again later",
        ...(o.signal ? { signal: o.signal } : {}),
      });
      const body = await res.text();
      stamp(dir);
      if (res.ok) return body;
      throw new ExternalError(`The arXiv API at ${origin} answered HTTP ${res.status}: ${bodyExcerpt(body)}`);
    } catch (err) {
      stamp(dir);
      if (!(err instanceof HttpError)) throw err;
      if (RETRIED.has(err.kind) && attempt < retries) {
        await sleep(Math.max(minInterval, 1000 * 2 ** attempt), o.signal);
        continue;
      }
      if (err.kind === "status") throw new ExternalError(`The arXiv API at ${origin} answered ${err.problem}`, { cause: err });
      throw new ExternalError(
        `Cannot reach the arXiv API at ${origin} (${err.problem}): check the network connection, or pass --arxiv-endpoint URL for a mirror; papers fetched before are read from the cache.`,
        { cause: err },
      );
    }
  }
}

/**
 * Fetches metadata for `ids` (`"2211.09800"`, `"2211.09800v1"`, URLs…), reading the cache first and
 * asking the API only for the rest, in batches.
 * @throws InvalidInputError for a malformed id or an id arXiv does not know; ExternalError when offline.
 * @example const { papers } = await fetchArxivPapers(["2211.09800", "2210.15097"]);
 */
export async function fetchArxivPapers(ids: readonly string[], options: ArxivFetchOptions = {}): Promise<ArxivFetchResult> {
  const wanted = ids.map(parseArxivId);
  if (!wanted.length) throw new InvalidInputError("No arXiv ids given: pass at least one, e.g. 2211.09800.");
  const endpoint = options.endpoint ?? ARXIV_API;
  if (!/^https?:\/\//.test(endpoint)) throw new InvalidInputError(`The arXiv endpoint must be an http(s) URL; got "${endpoint}".`);
  const dir = options.cacheDir ?? defaultArxivCacheDir();
  const found = new Map<string, ArxivPaper>();
  let fromCache = 0;
  let requests = 0;
  const progress = progressTask(options.onProgress, "arXiv metadata", wanted.length, "papers");
  const step = () => progress.tick();
  const missing: ArxivId[] = [];
  for (const a of wanted) {
    const key = formatArxivId(a);
    if (found.has(key) || missing.some((m) => formatArxivId(m) === key)) continue;
    const cached = readCached(dir, a);
    if (cached) {
      found.set(key, cached);
      fromCache++;
      step();
    } else missing.push(a);
  }
  if (missing.length) makeFolder(dir);
  const size = options.batchSize ?? 50;
  for (let i = 0; i < missing.length; i += size) {
    const batch = missing.slice(i, i + size);
    const url = `${endpoint}${endpoint.includes("?") ? "&" : "?"}id_list=${batch.map(formatArxivId).join(",")}&max_results=${batch.length}`;
    const xml = await getFeed(url, options, dir);
    requests++;
    const papers = parseArxivFeed(xml);
    for (const a of batch) {
      const p = papers.find((x) => x.id === a.id && (!a.version || x.version === a.version));
      if (!p) throw new InvalidInputError(`arXiv has no paper ${formatArxivId(a)}: check the id (e.g. https://arxiv.org/abs/${a.id}).`);
      found.set(formatArxivId(a), p);
      await writeJsonAtomic(cacheFile(dir, a), { fetchedAt: new Date().toISOString(), endpoint, paper: p });
      step();
    }
  }
  progress.done();
  return { papers: wanted.map((a) => found.get(formatArxivId(a)) as ArxivPaper), fromCache, requests };
}
