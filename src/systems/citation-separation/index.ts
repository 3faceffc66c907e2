/**
 * Citation separation ("One Venue, Two Conferences", arXiv 2211.12424): how much papers from US,
 * Chinese and European institutions at a venue cite each other versus themselves. Reads OpenAlex
 * works (JSONL files or the live API), assigns each paper a region by a chosen policy, counts
 * citations between works of the set, and reports the region × region matrix, row shares,
 * observed ÷ expected ratios, homophily (E-I index, assortativity), yearly series and bootstrap
 * intervals. A memory engine, a DuckDB engine for large inputs and a graphology engine share one
 * result format.
 *
 * @example
 * import { analyzeCitationFiles } from "yomikai/citation-separation";
 * const r = await analyzeCitationFiles(["works.jsonl"], { policy: "unanimous", years: [2012, 2021], multinationalMode: "drop-affiliation" });
 * console.log(r.papers, r.ratios.us.cn, r.ci?.ratios.us.cn);
 * @module
 */
export {
  type AnalyzeOptions,
  analyzeCitationFiles,
  analyzeWorks,
  type CitationAnalysis,
  ENGINES,
  type EngineName,
  type Interval,
  type PaperCounts,
  type YearResult,
} from "./analyzeCitations.js";
export {
  type AssignContext,
  type Assignment,
  assignRegion,
  CLASS_MIXED,
  CLASS_UNASSIGNED,
  CLASS_WEIGHTED,
  PAPER_POLICIES,
  type PaperPolicy,
  UNASSIGNED_REASONS,
  type UnassignedReason,
} from "./assignRegion.js";
export { AtomicLineWriter } from "./atomicLines.js";
export { type BootstrapIntervals, type BootstrapMethod, bootstrapIntervals, quantileSorted } from "./bootstrap.js";
export type { CitationCore, EdgeCounts } from "./citationCore.js";
export type { DuckDbEngineOptions } from "./duckdbEngine.js";
export {
  type FetchWorksOptions,
  type FetchWorksResult,
  fetchOpenAlexWorks,
  OPENALEX_FIELDS,
  VENUES,
  worksPageUrl,
} from "./fetchOpenAlex.js";
export { GraphReferenceSink, type PaperGraph, type PaperNode, type RegionEdge, regionGraph } from "./graphEngine.js";
export { type IngestStats, type InvalidLine, type InvalidReason, WorkCollector } from "./ingest.js";
export { assortativity, columnShares, eiIndex, type RegionMatrix, type RegionRecord, ratios, rowShares } from "./metrics.js";
export {
  createMultinationalList,
  DEFAULT_MULTINATIONALS,
  loadMultinationalList,
  type MultinationalList,
  type MultinationalMode,
} from "./multinationals.js";
export { numericWorkKey, type OpenAlexAuthorship, type OpenAlexInstitution, type OpenAlexWork, WorkKeyInterner } from "./openalex.js";
export { CITATION_CHOICES, CITATION_DEFAULTS, CITATION_LIMITS } from "./options.js";
export {
  CHINA_OPTIONAL,
  createRegionMap,
  EU_EXTRA,
  EU27,
  isCountryCode,
  loadRegionMap,
  normaliseCountry,
  REGIONS,
  type Region,
  type RegionMap,
  type RegionMapOptions,
  regionMapFromJson,
  regionMapToJson,
} from "./regions.js";
export { ratioHeatmapSvg, renderReportHtml, type SeriesKind, settingsLine, shareHeatmapSvg, yearlySeriesSvg } from "./report.js";
export {
  createSyntheticDataset,
  type SyntheticDataset,
  type SyntheticOptions,
  type SyntheticTruth,
  syntheticWorkObjects,
  writeSyntheticWorks,
} from "./synthetic.js";
export {
  BUNDLED_UNIVERSITIES,
  loadUniversityCountries,
  normaliseInstitutionName,
  UNIVERSITY_ALIASES,
  type UniversityCountries,
  universityCountriesFromRecords,
} from "./universities.js";
