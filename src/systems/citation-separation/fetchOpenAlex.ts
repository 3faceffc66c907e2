/**
 * A thin OpenAlex client for one job: every work of a venue (one or more OpenAlex source ids) in a
 * year range, written as JSONL. Cursor paging, the polite pool (`mailto`), an on-disk cache of pages
 * (so an interrupted run resumes without refetching), retries with back-off on 429/5xx/network
 * errors, progress, and an output file that appears only when complete.
 * @module
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import {
  ExternalError,
  InvalidInputError,
  type OnProgress,
  progressTask,
  throwIfAborted,
  unknownName,
  writeFileAtomic,
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
  /** Page cache folder. Defaults to `~/.cache/yomikai/openalex`. */
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
  /** Per-request timeout in ms. Defaults to 60,000. */
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
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
  const cacheDir = options.cacheDir ?? join(homedir(), ".cache", "yomikai", "openalex");
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
    let lastProblem = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      throwIfAborted(options.signal);
      if (attempt > 0) result.retries++;
      let wait = Math.min(60_000, baseDelay * 2 ** attempt);
      try {
        const res = await fetch(full, {
          headers: { "User-Agent": `yomikai citation-separation${mailto ? ` (mailto:${mailto})` : ""}`, Accept: "application/json" },
          signal: options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
        });
        const text = await res.text();
        if (res.ok) {
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
        }
        let message = text.slice(0, 200);
        try {
          const j = JSON.parse(text) as { message?: string; error?: string };
          message = j.message ?? j.error ?? message;
        } catch {}
        lastProblem = `HTTP ${res.status}: ${message}`;
        if (res.status !== 429 && res.status < 500) throw new ExternalError(`OpenAlex refused the query (${lastProblem}). Query: ${url}`);
        const ra = Number(res.headers.get("retry-after"));
        if (Number.isFinite(ra) && ra >= 0 && res.headers.get("retry-after") !== null) wait = ra * 1000;
      } catch (err) {
        if (err instanceof ExternalError) throw err;
        throwIfAborted(options.signal);
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        if (cause?.message === "bad port")
          throw new ExternalError(
            `fetch refuses the port of ${apiUrl} (reserved ports such as 1 or 9 are blocked); pass an --api-url with another port.`,
          );
        lastProblem =
          (err as Error).name === "TimeoutError"
            ? `no answer within ${timeoutMs} ms`
            : `${(err as Error).message}${cause?.code ? ` (${cause.code})` : cause?.message ? `: ${cause.message}` : ""} at ${apiUrl}`;
      }
      if (attempt < retries) {
        options.onProgress?.({
          kind: "log",
          label: "openalex",
          message: `OpenAlex: ${lastProblem}; retrying in ${(wait / 1000).toFixed(1)} s`,
        });
        await sleep(wait, options.signal);
      }
    }
    const tries = `${retries + 1} ${retries === 0 ? "try" : "tries"}`;
    throw new ExternalError(
      lastProblem.startsWith("HTTP 429")
        ? `OpenAlex kept rate-limiting after ${tries} (${lastProblem}). Wait, pass --mailto (polite pool) or --api-key, or raise --retries, then rerun: pages already fetched are cached.`
        : lastProblem.startsWith("HTTP ")
          ? `OpenAlex kept failing after ${tries} (${lastProblem}). Rerun later or raise --retries: pages already fetched are cached.`
          : `OpenAlex did not answer after ${tries} (${lastProblem}). Check the connection or --api-url, then rerun: pages already fetched are cached.`,
    );
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
