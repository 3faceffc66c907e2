import { UsageError } from "../../../core/index.js";
import { fetchOpenAlexWorks, VENUES } from "../../../systems/citation-separation/index.js";
import { defineCommand, outputFile, outputFolder } from "../../framework.js";
import { timeoutFlag, timeoutMs } from "../../networkFlags.js";
import { parseYears } from "./parseYears.js";

/** `yomikai citations fetch`. */
export const FetchCommand = defineCommand({
  name: "fetch",
  summary: "Download a venue's works from the OpenAlex API as JSONL (cursor paging, polite mailto, cache, retries).",
  usage: "--venue neurips --years 2012-2021 --out works.jsonl [--mailto you@example.org]",
  description: `Known venues: ${Object.entries(VENUES)
    .map(([k, v]) => `${k} (${v.sources.join(", ")})`)
    .join(
      "; ",
    )}. Any other venue: --source with its OpenAlex source id(s). Pages are cached, so an interrupted run resumes where it stopped; the output file appears only when complete.`,
  flags: {
    venue: { type: "string", description: "Venue name.", choices: Object.keys(VENUES), placeholder: "NAME" },
    source: { type: "strings", description: "OpenAlex source id(s) instead of --venue.", placeholder: "S123,S456" },
    years: { type: "string", description: "Publication years.", placeholder: "FIRST-LAST" },
    out: { type: "string", description: "Output JSONL.", required: true, placeholder: "FILE" },
    mailto: { type: "string", description: "Your e-mail for OpenAlex's polite pool (default: $OPENALEX_MAILTO).", placeholder: "EMAIL" },
    "api-key": { type: "string", description: "OpenAlex API key (default: $OPENALEX_API_KEY).", placeholder: "KEY" },
    "api-url": { type: "string", description: "API base URL.", default: "https://api.openalex.org", placeholder: "URL" },
    "cache-dir": {
      type: "string",
      description: "Page cache folder (default: $YOMIKAI_CACHE/openalex or ~/.cache/yomikai/openalex).",
      placeholder: "DIR",
    },
    cache: { type: "boolean", description: "Use the page cache (--no-cache to refetch everything).", default: true },
    "per-page": { type: "number", description: "Works per page.", default: 200, integer: true, min: 1, max: 200 },
    "max-works": { type: "number", description: "Stop after this many works.", integer: true, min: 1 },
    retries: { type: "number", description: "Retries per page on 429/5xx/network errors.", default: 5, integer: true, min: 0, max: 20 },
    "retry-delay": {
      type: "number",
      description: "First back-off delay in seconds (doubles each retry; Retry-After wins).",
      default: 1,
      min: 0,
    },
    ...timeoutFlag,
  },
  examples: [
    "yomikai citations fetch --venue neurips --years 2012-2021 --out neurips.jsonl --mailto you@example.org",
    "yomikai citations fetch --source S4306420609 --years 2020 --out neurips2020.jsonl --max-works 500",
    "yomikai citations fetch --venue neurips --years 2019-2021 --out w.jsonl --no-cache --json",
  ],
  docs: "docs/citation-separation.md",
  async run({ flags, progress, print, log, printJson, signal }) {
    if (!flags.venue && flags.source.length === 0)
      throw new UsageError("Name a venue (--venue neurips) or OpenAlex source ids (--source S4306420609).");
    if (!URL.canParse(flags.apiUrl) || !/^https?:$/.test(new URL(flags.apiUrl).protocol))
      throw new UsageError(`--api-url "${flags.apiUrl}" is not an http(s) URL; pass e.g. --api-url https://api.openalex.org.`);
    const years = parseYears(flags.years);
    outputFile(flags.out);
    if (flags.cacheDir) outputFolder(flags.cacheDir, "--cache-dir");
    const mailto = flags.mailto ?? process.env.OPENALEX_MAILTO;
    if (!mailto) log("hint: pass --mailto you@example.org (or set OPENALEX_MAILTO) to use OpenAlex's faster polite pool.");
    const result = await fetchOpenAlexWorks({
      ...(flags.venue ? { venue: flags.venue } : {}),
      ...(flags.source.length ? { sources: flags.source } : {}),
      ...(years ? { years } : {}),
      out: flags.out,
      ...(mailto ? { mailto } : {}),
      ...(flags.apiKey ? { apiKey: flags.apiKey } : {}),
      apiUrl: flags.apiUrl,
      ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
      noCache: !flags.cache,
      perPage: flags.perPage,
      ...(flags.maxWorks !== undefined ? { maxWorks: flags.maxWorks } : {}),
      retries: flags.retries,
      retryDelayMs: flags.retryDelay * 1000,
      timeoutMs: timeoutMs(flags),
      onProgress: progress,
      signal,
    });
    if (flags.json) {
      printJson(result);
      return;
    }
    print(
      `wrote ${result.works} works to ${result.out} (${result.pages} pages, ${result.cachedPages} from cache, ${result.retries} retries; OpenAlex reported ${result.reported ?? "?"})`,
    );
    print(
      `next: yomikai citations analyze --input ${result.out}${years ? ` --years ${years.join("-")}` : ""} --exclude-multinationals --report ${result.out.replace(/\.jsonl(\.gz)?$/, "")}.html`,
    );
  },
});
