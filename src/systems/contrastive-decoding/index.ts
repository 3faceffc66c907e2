/**
 * `yomikai/contrastive-decoding` — Contrastive Decoding (Li et al. 2022, arXiv 2210.15097): decode with
 * a large "expert" LM while subtracting a small "amateur" LM's log-probabilities, restricted to the
 * expert's plausible tokens; with greedy, beam and sampling search, the O'Brien & Lewis (2023) logit form,
 * expert-only baselines (greedy, top-k, nucleus, typical), the paper's metrics and a resumable benchmark.
 *
 * @example
 * import { loadLanguageModel } from "yomikai/lm";
 * import { generateContrastive } from "yomikai/contrastive-decoding";
 * const expert = await loadLanguageModel("gpt2-xl.Q8_0.gguf");
 * const amateur = await loadLanguageModel("gpt2.Q8_0.gguf");
 * const r = await generateContrastive(expert, amateur, "The city of Kyoto", { alpha: 0.1, amateurTemperature: 0.5, maxTokens: 64 });
 * console.log(r.text, r.steps[0]); // { token, expertLogProb, amateurLogProb, score, plausibleSetSize, … }
 * @module
 */

export { cosine } from "../../core/index.js";
export type { BaselineName, BaselineOptions } from "./baselines.js";
export { BASELINES, baselineSampling, decodeBaseline } from "./baselines.js";
export type { BenchmarkOptions, BenchmarkResult, BenchRecord, MethodSummary } from "./benchmark.js";
export { DEFAULT_METHODS, runBenchmark, summarize } from "./benchmark.js";
export type { DatasetName, LoadDatasetOptions, PromptItem } from "./datasets.js";
export { DATASET_URLS, DATASETS, loadDataset, parseItems, sampleDataset } from "./datasets.js";
export type { AmateurContext, ContrastiveOptions, ContrastiveResult, ContrastiveStep, DistributionMode } from "./decode.js";
export { checkPair, contrastiveDecode, generateContrastive, PRESETS } from "./decode.js";
export type { MauveOptions } from "./metrics.js";
export { coherence, diversity, mauve, repetitionStats, repN } from "./metrics.js";
export type { Objective, ObjectiveForm, ObjectiveOptions, ScoredToken } from "./objective.js";
export { plausibleSet, resolveObjective, scoreHead, scoreStep } from "./objective.js";
export { CD_CHOICES, CD_DEFAULTS, CD_LIMITS } from "./options.js";
