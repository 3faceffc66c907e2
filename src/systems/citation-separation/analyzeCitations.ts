/**
 * The analysis entry points: ingest OpenAlex works (files or objects), assign regions, resolve in-set
 * citations with the chosen engine, then compute the matrix, shares, ratios, homophily, yearly
 * series and bootstrap intervals.
 * @module
 */
import { InvalidInputError, type OnProgress, unknownName } from "../../core/index.js";
import { CLASS_MIXED, CLASS_UNASSIGNED, PAPER_POLICIES, type PaperPolicy, type UnassignedReason } from "./assignRegion.js";
import { type BootstrapMethod, bootstrapIntervals } from "./bootstrap.js";
import type { CitationCore, EdgeCounts } from "./citationCore.js";
import { isAssigned } from "./citationCore.js";
import { type DuckDbEngineOptions, DuckDbReferenceSink } from "./duckdbEngine.js";
import { GraphReferenceSink } from "./graphEngine.js";
import { type IngestStats, type InvalidLine, ingestFiles, inputBytes, WorkCollector } from "./ingest.js";
import { MemoryReferenceSink } from "./memoryEngine.js";
import {
  assortativity,
  columnShares,
  eiIndex,
  finiteOrNull,
  type RegionMatrix,
  type RegionRecord,
  ratios,
  rowShares,
  toRegionMatrix,
  toRegionRecord,
} from "./metrics.js";
import { createMultinationalList, type MultinationalList, type MultinationalMode } from "./multinationals.js";
import { CITATION_DEFAULTS } from "./options.js";
import { createRegionMap, REGIONS, type Region, type RegionMap, regionMapToJson } from "./regions.js";
import type { UniversityCountries } from "./universities.js";

/** How in-set citations are resolved. */
export type EngineName = "auto" | "memory" | "duckdb" | "graph";

/** Every engine name. */
export const ENGINES: readonly EngineName[] = ["auto", "memory", "duckdb", "graph"];

/** Options of {@link analyzeCitationFiles} and {@link analyzeWorks}. */
export interface AnalyzeOptions {
  /** Paper → region rule. Defaults to `"unanimous"`. */
  policy?: PaperPolicy;
  /** Inclusive publication-year window of the paper set; works outside it are not in the set. Defaults to all years. */
  years?: [number, number];
  /** Country → region table. Defaults to {@link createRegionMap}`({ chinaIncludes })`. */
  regionMap?: RegionMap;
  /** With the default region map: extra codes counted as China (`HK`, `MO`, `TW`). Defaults to none. */
  chinaIncludes?: readonly string[];
  /** Multinationals list. Defaults to the built-in list. */
  multinationals?: MultinationalList;
  /** `"keep"`, `"drop-affiliation"` (the paper's choice) or `"drop-paper"`. Defaults to `"keep"`. */
  multinationalMode?: MultinationalMode;
  /**
   * Fill missing institution countries from names (see `loadUniversityCountries`). Defaults to none:
   * an institution without `country_code` stays unresolved.
   */
  universities?: UniversityCountries;
  /** Engine. `"auto"` uses DuckDB when the input is larger than `largeInputBytes`, else memory. Defaults to `"auto"`. */
  engine?: EngineName;
  /** Input size (bytes) from which `"auto"` picks DuckDB. Defaults to 2 GiB. */
  largeInputBytes?: number;
  /** DuckDB settings for the duckdb engine. */
  duckdb?: DuckDbEngineOptions;
  /** Bootstrap replicates (0 = no intervals). Defaults to 1000. */
  bootstrap?: number;
  /** Resampling scheme of the bootstrap (see `BootstrapMethod`). Defaults to `"auto"`. */
  bootstrapMethod?: BootstrapMethod;
  /** Seed of the bootstrap. Defaults to 1. */
  seed?: number | string;
  /** Invalid lines kept as examples. Defaults to 20. */
  maxInvalidSamples?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Paper counts by bucket (fractional policy: region counts are weight sums). */
export interface PaperCounts {
  us: number;
  cn: number;
  eu: number;
  other: number;
  mixed: number;
  unassigned: number;
}

/** A [lower, upper] interval, or null when undefined. */
export type Interval = [number, number] | null;

/** One year of the series (by the citing paper's publication year). */
export interface YearResult {
  year: number;
  papers: PaperCounts;
  /** Share of each region among the year's assigned papers. */
  paperShares: RegionRecord<number | null>;
  matrix: RegionMatrix<number>;
  shares: RegionMatrix<number | null>;
  ratios: RegionMatrix<number | null>;
  ci?: { shares: RegionMatrix<Interval>; ratios: RegionMatrix<Interval> };
}

/** The full result (the CLI's `--json`). */
export interface CitationAnalysis {
  settings: {
    policy: PaperPolicy;
    years: [number, number] | null;
    multinationals: MultinationalMode;
    multinationalNames: readonly string[];
    regionMap: { source: string; regions: Record<Region, string[]> };
    engine: Exclude<EngineName, "auto">;
    /** Input files and their sizes in bytes (empty for in-memory works). */
    inputs: { path: string; bytes: number }[];
    /** Source of the name → country fallback, or null when countries come from OpenAlex only. */
    fillCountries: string | null;
    bootstrap: number;
    seed: number | string;
  };
  papers: PaperCounts;
  unassignedReasons: Record<UnassignedReason, number>;
  /** Fractional policy: papers whose weight is split over more than one region. */
  multiRegion: number;
  /** π: each region's share of the assigned papers of the set (the cited pool). */
  pool: RegionRecord<number | null>;
  /** C[citing][cited]: citations between assigned in-set works. */
  matrix: RegionMatrix<number>;
  /** Row shares S = C / row sum. */
  shares: RegionMatrix<number | null>;
  /** Column shares (who cites region b). */
  columnShares: RegionMatrix<number | null>;
  /** Observed ÷ expected: S[a][b] / π_b. */
  ratios: RegionMatrix<number | null>;
  homophily: { assortativity: number | null; eiIndex: RegionRecord<number | null> };
  ci: {
    level: number;
    replicates: number;
    seed: number | string;
    /** `multinomial` (n draws per replicate) or `poisson` (Poisson(1) copies of each paper). */
    method: "multinomial" | "poisson";
    shares: RegionMatrix<Interval>;
    ratios: RegionMatrix<Interval>;
    eiIndex: RegionRecord<Interval>;
    assortativity: Interval;
  } | null;
  years: YearResult[];
  edges: EdgeCounts;
  input: IngestStats;
  /** Institutions whose country was filled in from their name (`universities` option). */
  countriesFilled: number;
  /** Lines skipped: malformed JSON, not an object, or no id. */
  invalidLines: number;
  invalidSamples: InvalidLine[];
}

function validate(options: AnalyzeOptions): void {
  if (options.policy && !PAPER_POLICIES.includes(options.policy)) throw unknownName("policy", options.policy, PAPER_POLICIES);
  if (options.engine && !ENGINES.includes(options.engine)) throw unknownName("engine", options.engine, ENGINES);
  const y = options.years;
  if (y && (!Number.isInteger(y[0]) || !Number.isInteger(y[1]) || y[0] > y[1]))
    throw new InvalidInputError(`years must be two whole years, first ≤ last; got ${y.join("-")}.`);
  const b = options.bootstrap;
  if (b !== undefined && (!Number.isInteger(b) || b < 0)) throw new InvalidInputError(`bootstrap must be a whole number ≥ 0; got ${b}.`);
}

function makeCollector(options: AnalyzeOptions, sink: ConstructorParameters<typeof WorkCollector>[1]): WorkCollector {
  return new WorkCollector(
    {
      assign: {
        policy: options.policy ?? CITATION_DEFAULTS.policy,
        regionMap: options.regionMap ?? createRegionMap({ chinaIncludes: options.chinaIncludes ?? [] }),
        multinationals: options.multinationals ?? createMultinationalList(),
        multinationalMode: options.multinationalMode ?? "keep",
        ...(options.universities ? { countryFallback: options.universities.countryOf, fillStats: { filled: 0 } } : {}),
      },
      ...(options.years ? { years: options.years } : {}),
      ...(options.maxInvalidSamples !== undefined ? { maxInvalidSamples: options.maxInvalidSamples } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    sink,
  );
}

async function runEngine(
  engine: Exclude<EngineName, "auto">,
  options: AnalyzeOptions,
  feed: (collector: WorkCollector) => Promise<void>,
): Promise<{ core: CitationCore; collector: WorkCollector }> {
  const pass = { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  if (engine === "duckdb") {
    const sink = await DuckDbReferenceSink.open(options.duckdb);
    try {
      const collector = makeCollector(options, sink);
      await feed(collector);
      return { core: await sink.resolve(collector.table(), pass), collector };
    } finally {
      sink.close();
    }
  }
  if (engine === "graph") {
    const sink = new GraphReferenceSink();
    const collector = makeCollector(options, sink);
    await feed(collector);
    return { core: sink.resolve(collector.table()), collector };
  }
  const sink = new MemoryReferenceSink();
  const collector = makeCollector(options, sink);
  await feed(collector);
  return { core: sink.resolve(collector.table(), pass), collector };
}

/**
 * Analyses OpenAlex works stored as JSONL files (`.gz` allowed).
 * @example
 * const result = await analyzeCitationFiles(["works.jsonl"], { policy: "unanimous", years: [2012, 2021] });
 * result.shares.us.cn; // share of US papers' in-set citations that go to Chinese papers
 */
export async function analyzeCitationFiles(paths: readonly string[], options: AnalyzeOptions = {}): Promise<CitationAnalysis> {
  validate(options);
  if (paths.length === 0) throw new InvalidInputError("No input files: pass at least one OpenAlex works JSONL file.");
  let engine = options.engine ?? "auto";
  if (engine === "auto") engine = (await inputBytes(paths)) > (options.largeInputBytes ?? 2 * 1024 ** 3) ? "duckdb" : "memory";
  const { core, collector } = await runEngine(engine, options, (c) => ingestFiles(paths, c, options));
  const inputs = await Promise.all(paths.map(async (path) => ({ path, bytes: await inputBytes([path]) })));
  return summarise(core, collector, engine, options, inputs);
}

/** Analyses OpenAlex work objects already in memory (each element is one work; non-objects are counted as invalid). */
export async function analyzeWorks(works: Iterable<unknown>, options: AnalyzeOptions = {}): Promise<CitationAnalysis> {
  validate(options);
  const engine = options.engine === undefined || options.engine === "auto" ? "memory" : options.engine;
  const { core, collector } = await runEngine(engine, options, async (c) => {
    let line = 0;
    for (const w of works) c.addRecord(w, "<memory>", ++line);
  });
  return summarise(core, collector, engine, options);
}

function countPapers(core: CitationCore, filter?: (i: number) => boolean): { counts: PaperCounts; multi: number } {
  const { table } = core;
  const counts: PaperCounts = { us: 0, cn: 0, eu: 0, other: 0, mixed: 0, unassigned: 0 };
  let multi = 0;
  for (let i = 0; i < table.n; i++) {
    if (filter && !filter(i)) continue;
    const c = table.cls[i] as number;
    if (c < 4) counts[REGIONS[c] as Region]++;
    else if (c === CLASS_MIXED) counts.mixed++;
    else if (c === CLASS_UNASSIGNED) counts.unassigned++;
    else {
      multi++;
      REGIONS.forEach((r, k) => {
        counts[r] += table.weights[4 * i + k] as number;
      });
    }
  }
  return { counts, multi };
}

function poolOf(counts: PaperCounts): Float64Array {
  const total = counts.us + counts.cn + counts.eu + counts.other;
  return Float64Array.from(REGIONS, (r) => (total > 0 ? counts[r] / total : Number.NaN));
}

function intervalMatrix(pairs: Float64Array): RegionMatrix<Interval> {
  const out = {} as RegionMatrix<Interval>;
  REGIONS.forEach((a, i) => {
    out[a] = {} as Record<Region, Interval>;
    REGIONS.forEach((b, j) => {
      const k = 4 * i + j;
      const lo = pairs[2 * k] as number;
      const hi = pairs[2 * k + 1] as number;
      out[a][b] = Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
    });
  });
  return out;
}

function intMatrix(m: Float64Array): RegionMatrix<number> {
  return toRegionMatrix(m) as RegionMatrix<number>;
}

/** Builds the result from an engine's output. */
function summarise(
  core: CitationCore,
  collector: WorkCollector,
  engine: Exclude<EngineName, "auto">,
  options: AnalyzeOptions,
  inputs: { path: string; bytes: number }[] = [],
): CitationAnalysis {
  const { table, out } = core;
  const matrix = new Float64Array(16);
  const byYear = new Map<number, Float64Array>();
  for (let i = 0; i < table.n; i++) {
    const c = table.cls[i] as number;
    if (!isAssigned(c)) continue;
    const y = table.years[i] as number;
    let ym = byYear.get(y);
    if (!ym) {
      ym = new Float64Array(16);
      byYear.set(y, ym);
    }
    for (let a = 0; a < 4; a++) {
      const w = table.weights[4 * i + a] as number;
      if (w === 0) continue;
      for (let b = 0; b < 4; b++) {
        const v = w * (out[4 * i + b] as number);
        matrix[4 * a + b] = (matrix[4 * a + b] as number) + v;
        ym[4 * a + b] = (ym[4 * a + b] as number) + v;
      }
    }
  }
  const { counts, multi } = countPapers(core);
  const pool = poolOf(counts);
  const shares = rowShares(matrix);
  const ratioM = ratios(shares, pool);
  const replicates = options.bootstrap ?? CITATION_DEFAULTS.bootstrap;
  const seed = options.seed ?? CITATION_DEFAULTS.seed;
  const boot =
    replicates > 0
      ? bootstrapIntervals(core, pool, {
          replicates,
          seed,
          ...(options.bootstrapMethod ? { method: options.bootstrapMethod } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        })
      : null;
  const yearsPresent = new Set<number>();
  for (let i = 0; i < table.n; i++) if ((table.years[i] as number) > 0) yearsPresent.add(table.years[i] as number);
  const years: YearResult[] = [...yearsPresent]
    .sort((a, b) => a - b)
    .map((year) => {
      const ym = byYear.get(year) ?? new Float64Array(16);
      const { counts: yc } = countPapers(core, (i) => table.years[i] === year);
      const ys = rowShares(ym);
      const assigned = yc.us + yc.cn + yc.eu + yc.other;
      const result: YearResult = {
        year,
        papers: yc,
        paperShares: toRegionRecord(Float64Array.from(REGIONS, (r) => (assigned > 0 ? yc[r] / assigned : Number.NaN))),
        matrix: intMatrix(ym),
        shares: toRegionMatrix(ys),
        ratios: toRegionMatrix(ratios(ys, pool)),
      };
      const bs = boot?.yearShares.get(year);
      const br = boot?.yearRatios.get(year);
      if (bs && br) result.ci = { shares: intervalMatrix(bs), ratios: intervalMatrix(br) };
      return result;
    });
  const stats = collector.stats;
  const assign = {
    policy: options.policy ?? CITATION_DEFAULTS.policy,
    multinationalMode: options.multinationalMode ?? "keep",
    multinationals: options.multinationals ?? createMultinationalList(),
    regionMap: options.regionMap ?? createRegionMap({ chinaIncludes: options.chinaIncludes ?? [] }),
  };
  const ei = eiIndex(matrix);
  return {
    settings: {
      policy: assign.policy,
      years: options.years ?? null,
      multinationals: assign.multinationalMode,
      multinationalNames: assign.multinationalMode === "keep" ? [] : assign.multinationals.names,
      regionMap: { source: assign.regionMap.source, regions: regionMapToJson(assign.regionMap) },
      engine,
      inputs,
      fillCountries: options.universities?.source ?? null,
      bootstrap: replicates,
      seed,
    },
    papers: counts,
    unassignedReasons: table.unassignedReasons,
    multiRegion: multi,
    pool: toRegionRecord(pool),
    matrix: intMatrix(matrix),
    shares: toRegionMatrix(shares),
    columnShares: toRegionMatrix(columnShares(matrix)),
    ratios: toRegionMatrix(ratioM),
    homophily: { assortativity: finiteOrNull(assortativity(matrix)), eiIndex: toRegionRecord(ei) },
    ci: boot
      ? {
          level: boot.level,
          replicates: boot.replicates,
          seed: boot.seed,
          method: boot.method,
          shares: intervalMatrix(boot.shares),
          ratios: intervalMatrix(boot.ratios),
          eiIndex: Object.fromEntries(
            REGIONS.map((r, i) => {
              const lo = boot.eiIndex[2 * i] as number;
              const hi = boot.eiIndex[2 * i + 1] as number;
              return [r, Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null];
            }),
          ) as RegionRecord<Interval>,
          assortativity:
            Number.isFinite(boot.assortativity[0] as number) && Number.isFinite(boot.assortativity[1] as number)
              ? [boot.assortativity[0] as number, boot.assortativity[1] as number]
              : null,
        }
      : null,
    years,
    edges: core.edges,
    input: stats,
    countriesFilled: collector.options.assign.fillStats?.filled ?? 0,
    invalidLines: stats.malformedJson + stats.notAnObject + stats.missingId,
    invalidSamples: collector.invalidSamples,
  };
}
