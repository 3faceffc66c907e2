/**
 * `yomikai/ape` — Automatic Prompt Engineer (Zhou et al., "Large Language Models Are Human-Level Prompt
 * Engineers", arXiv 2211.01910) on any `yomikai/lm` backend: proposals by forward or insert generation
 * and resampling, scoring by execution accuracy (the instruction-induction metrics with their exact
 * normalisation) or log-probability, the paper's adaptive filtering and the code's UCB bandit, the 24
 * instruction-induction tasks with the official loader's splits, budgets and a call cache.
 *
 * @example
 * import { apeSearch, loadTask } from "yomikai/ape";
 * import { loadLanguageModel } from "yomikai/lm";
 * const lm = await loadLanguageModel("hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q8_0.gguf");
 * const r = await apeSearch({ task: loadTask("antonyms"), proposer: lm, scorer: lm, estimator: "ucb" });
 * console.log(r.best.instruction, r.best.testScore, r.human.testScore, r.budget.calls);
 * @module
 */
export type { ApeBenchOptions, ApeBenchResult, ApeBenchRow } from "./bench.js";
export { apeBench, interquartileMean } from "./bench.js";
export type { CostOptions, CostProjection } from "./cost.js";
export { projectCost, projectScoreCalls } from "./cost.js";
export type { CandidateScore, EstimatorName, EstimatorOptions, ScoreFn } from "./estimators.js";
export { defaultUcbRounds, ESTIMATORS, estimateScores, mapLimit, ScoreBoard } from "./estimators.js";
export type { Budget, LedgerOptions } from "./ledger.js";
export { BudgetExceededError, CallLedger } from "./ledger.js";
export type { MetricName } from "./metrics.js";
export { contains, exactMatch, exactSet, f1Score, metricOf, normalizeAnswer, scoreAnswer, TASK_METRICS } from "./metrics.js";
export { APE_DEFAULTS, APE_LIMITS } from "./options.js";
export { toPromptfooConfig } from "./promptfoo.js";
export type { ProposalMode, ProposeOptions } from "./propose.js";
export { cleanProposal, proposalQuery, proposeInstructions, resampleInstruction } from "./propose.js";
export type { ScoreMethod, ScorerOptions } from "./scoring.js";
export { InstructionScorer } from "./scoring.js";
export type { SearchEvent, SearchOptions, SearchResult } from "./search.js";
export { apeSearch } from "./search.js";
export type { Example, LoadTaskOptions, Task } from "./tasks.js";
export { INSTRUCTION_INDUCTION_TASKS, loadTask, splitInduce, toExample } from "./tasks.js";
export { DEMO_TEMPLATE, EVAL_TEMPLATES, evalQuery, fill, formatDemos, PROPOSAL_TEMPLATES, RESAMPLE_TEMPLATE } from "./templates.js";
