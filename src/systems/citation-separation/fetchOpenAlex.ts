/**
 * A thin OpenAlex client for one job: every work of a venue (one or more OpenAlex source ids) in a
 * year range, written as JSONL. Cursor paging, the polite pool (`mailto`), an on-disk cache of pages
 * (so an interrupted run resumes without refetching), retries with back-off on 429/5xx/network
 * errors, progress, and an output file that appears only when complete.
 * @module
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  bodyExcerpt,
  ExternalError,
  HttpError,
  httpRequest,
  InvalidInputError,
  type OnProgress,
  progressTask,
  throwIfAborted,
  unknownName,
  writeFileAtomic,
  cacheDir as yomikaiCacheDir,
} from "../../core/index.js";
import { AtomicLineWriter } from "./atomicLines.js";

/** Venues known by name → OpenAlex source ids. */
export const VENUES: Record<string, { name: string; sources: string[] }> = {
  neurips: {
    name: "Advances in Neural Information Processing Systems (NeurIPS)",
    // ids seen for NeurIPS proceedings in OpenAlex; pass --source to override
    sources: ["S4306420609", "S4363606243", "S4393916742"],
  },
};

/** The fields requested from OpenAlex (`select=`). */
export const OPENALEX_FIELDS = ["id", "title", "publication_year", "authorships", "referenced_works"];

/** Options of {@link fetchOpenAlexWorks}. */
export interface FetchWorksOptions {
  /** A venue name from {@link VENUES} (e.g. `"neurips"`). One of `venue` or `sources` is needed. */
  venue?: string;
  /** OpenAlex source ids (`S…`), used instead of the venue's. */
  sources?: readonly string[];
  /** Inclusive publication-year range. Defaults to all years. */
  years?: [number, number];
  /** Output JSONL path (written atomically). */
  out: string;
  /** E-mail for OpenAlex's polite pool. Defaults to `$OPENALEX_MAILTO`. */
  mailto?: string;
  /** OpenAlex API key, if you have one. Defaults to `$OPENALEX_API_KEY`. */
  apiKey?: string;
  /** API base URL. Defaults to `https://api.openalex.org`. */
  apiUrl?: string;
  /** Page cache folder. Defaults to `<cache>/openalex` (`$YOMIKAI_CACHE/openalex` or `~/.cache/yomikai/openalex`). */
  cacheDir?: string;
  /** Skip the cache (neither read nor written). Defaults to `false`. */
  noCache?: boolean;
  /** Works per page (1–200). Defaults to 200. */
  perPage?: number;
  /** Stop after this many works. Defaults to no limit. */
  maxWorks?: number;
  /** Retries per request on 429, 5xx and network errors. Defaults to 5. */
  retries?: number;
  /** First back-off delay in ms (doubles each retry, capped at 60 s; `Retry-After` wins). Defaults to 1000. */
  retryDelayMs?: number;
  /** Milliseconds to wait for an answer to start, and for each further piece of a page. Defaults to 60,000. */
  timeoutMs?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Summary of a fetch. */
export interface FetchWorksResult {
  out: string;
  works: number;
  pages: number;
  cachedPages: number;
  retries: number;
  /** Works OpenAlex reported for the query (`meta.count` of the first page). */
  reported: number | null;
  sources: string[];
  years: [number, number] | null;
  /** The first page's URL, without mailto and api_key. */
  query: string;
}

interface Page {
  meta?: { count?: number; next_cursor?: string | null };
  results?: unknown[];
}

/** OpenAlex's own message from an error body (`{"error", "message"}`), else the body's first characters. */
function openAlexProblem(status: number, body: string): string {
  let message = bodyExcerpt(body);
  try {
    const j = JSON.parse(body) as { message?: string; error?: string };
    message = j.message ?? j.error ?? message;
  } catch {}
  return `HTTP ${status}: ${message}`;
}

/** Builds the `/works` URL of one page. `secret` params (mailto, api_key) are added separately. */
export function worksPageUrl(
  apiUrl: string,
  sources: readonly string[],
  years: [number, number] | undefined,
  perPage: number,
  cursor: string,
): URL {
  const url = new URL(`${apiUrl.replace(/\/+$/, "")}/works`);
  const filters = [`primary_location.source.id:${sources.join("|")}`];
  if (years) filters.push(`publication_year:${years[0]}-${years[1]}`);
  url.searchParams.set("filter", filters.join(","));
  url.searchParams.set("select", OPENALEX_FIELDS.join(","));
  url.searchParams.set("per-page", String(perPage));
  url.searchParams.set("cursor", cursor);
  return url;
}

/** Fetches every matching work into `options.out`. */
export async function fetchOpenAlexWorks(options: FetchWorksOptions): Promise<FetchWorksResult> {
  let sources = options.sources?.length ? [...options.sources] : undefined;
  if (!sources) {
    if (!options.venue) throw new InvalidInputError("Name a venue (--venue neurips) or OpenAlex source ids (--source S4306420609).");
    const v = VENUES[options.venue.toLowerCase()];
    if (!v) throw unknownName("venue", options.venue, Object.keys(VENUES));
    sources = v.sources;
  }
  for (const s of sources)
    if (!/^S\d+$/i.test(s)) throw new InvalidInputError(`"${s}" is not an OpenAlex source id (they look like S4306420609).`);
  const perPage = options.perPage ?? 200;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200) throw new InvalidInputError(`perPage must be 1–200; got ${perPage}.`);
  const apiUrl = options.apiUrl ?? "https://api.openalex.org";
  if (!URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol))
    throw new InvalidInputError(`API URL "${apiUrl}" is not an http(s) URL; pass e.g. --api-url https://api.openalex.org.`);
  const mailto = options.mailto ?? process.env.OPENALEX_MAILTO;
  const apiKey = options.apiKey ?? process.env.OPENALEX_API_KEY;
  const cacheDir = options.cacheDir ?? yomikaiCacheDir("openalex");
  const retries = options.retries ?? 5;
  const baseDelay = options.retryDelayMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const result: FetchWorksResult = {
    out: options.out,
    works: 0,
    pages: 0,
    cachedPages: 0,
    retries: 0,
    reported: null,
    sources,
    years: options.years ?? null,
    query: worksPageUrl(apiUrl, sources, options.years, perPage, "*").toString(),
  };

  const getPage = async (url: URL): Promise<Page> => {
    const key = createHash("sha256").update(url.toString()).digest("hex").slice(0, 32);
    const cachePath = join(cacheDir, `${key}.json`);
    if (!options.noCache) {
      try {
        const page = JSON.parse(await readFile(cachePath, "utf8")) as Page;
        if (page && Array.isArray(page.results)) {
          result.cachedPages++;
          return page;
        }
      } catch {
        // not cached (or a damaged entry): fetch it
      }
    }
    const full = new URL(url);
    if (mailto) full.searchParams.set("mailto", mailto);
    if (apiKey) full.searchParams.set("api_key", apiKey);
    const tries = (n: number) => `${n} ${n === 1 ? "try" : "tries"}`;
    let text: string;
    try {
      const res = await httpRequest(full, {
        headers: { "User-Agent": `yomikai citation-separation${mailto ? ` (mailto:${mailto})` : ""}`, Accept: "application/json" },
        retries,
        backoffMs: baseDelay,
        timeoutMs,
        problemOf: openAlexProblem,
        onRetry: ({ delayMs, problem }) => {
          result.retries++;
          options.onProgress?.({
            kind: "log",
            label: "openalex",
            message: `OpenAlex: ${problem}; retrying in ${(delayMs / 1000).toFixed(1)} s`,
          });
        },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (!res.ok) {
        const problem = await res.assertOk().then(
          () => "",
          (err: HttpError) => err.problem,
        );
        throw new ExternalError(`OpenAlex refused the query (${problem}). Query: ${url}`);
      }
      text = await res.text();
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (err.kind === "bad-port")
        throw new ExternalError(
          `fetch refuses the port of ${apiUrl} (reserved ports such as 1 or 9 are blocked); pass an --api-url with another port.`,
        );
      if (err.kind === "timeout" || err.kind === "stall")
        throw new ExternalError(`OpenAlex at ${apiUrl}: ${err.problem}, or rerun later: pages already fetched are cached.`, { cause: err });
      if (err.status === 429)
        throw new ExternalError(
          `OpenAlex kept rate-limiting after ${tries(err.attempts)} (${err.problem}). Wait, pass --mailto (polite pool) or --api-key, or raise --retries, then rerun: pages already fetched are cached.`,
        );
      if (err.kind === "status")
        throw new ExternalError(
          `OpenAlex kept failing after ${tries(err.attempts)} (${err.problem}). Rerun later or raise --retries: pages already fetched are cached.`,
        );
      throw new ExternalError(
        `OpenAlex did not answer after ${tries(err.attempts)} (${err.problem} at ${apiUrl}). Check the connection or --api-url, then rerun: pages already fetched are cached.`,
        { cause: err },
      );
    }
    let page: Page;
    try {
      page = JSON.parse(text) as Page;
    } catch {
      throw new ExternalError(`OpenAlex returned a page that is not JSON (${url}); try again later.`);
    }
    if (!page || !Array.isArray(page.results))
      throw new ExternalError(`OpenAlex returned an unexpected page (no "results" array) for ${url}.`);
    if (!options.noCache) await writeFileAtomic(cachePath, text);
    return page;
  };

  const writer = await AtomicLineWriter.open(options.out);
  let progress: ReturnType<typeof progressTask> | undefined;
  const seen = new Set<string>();
  try {
    let cursor: string | null | undefined = "*";
    while (cursor) {
      throwIfAborted(options.signal);
      const page = await getPage(worksPageUrl(apiUrl, sources, options.years, perPage, cursor));
      result.pages++;
      if (result.reported === null) {
        result.reported = typeof page.meta?.count === "number" ? page.meta.count : null;
        const total =
          options.maxWorks !== undefined && result.reported !== null
            ? Math.min(options.maxWorks, result.reported)
            : (options.maxWorks ?? result.reported ?? undefined);
        progress = progressTask(options.onProgress, "fetch works", total, "works");
      }
      const results = page.results ?? [];
      for (const w of results) {
        const id = (w as { id?: unknown })?.id;
        if (typeof id === "string") {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        await writer.write(JSON.stringify(w));
        result.works++;
        if (options.maxWorks !== undefined && result.works >= options.maxWorks) break;
      }
      progress?.set(result.works);
      if (results.length === 0 || (options.maxWorks !== undefined && result.works >= options.maxWorks)) break;
      cursor = page.meta?.next_cursor;
    }
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  progress?.done();
  return result;
}
