/** Flags and helpers shared by the `ape` commands. */
import { join } from "node:path";
import { type OnProgress, UsageError } from "../../../core/index.js";
import { defaultCacheDir, type LanguageModel, loadLanguageModel } from "../../../lm/index.js";
import { APE_DEFAULTS, APE_LIMITS, ESTIMATORS, type EstimatorName, type SearchOptions } from "../../../systems/ape/index.js";

/** Flags of a search, shared by `ape search` and `ape bench`. */
export const searchFlags = {
  proposer: {
    type: "string",
    description:
      "Model that writes instructions: a .gguf path, hf:<owner>/<repo>/<file.gguf>, openai:<baseUrl>#<model>, or demo (the built-in demo model: mechanics only, no download).",
    default: "demo",
    placeholder: "M",
  },
  scorer: {
    type: "string",
    description: "Model that executes the instructions (same forms as --proposer).",
    default: "demo",
    placeholder: "M",
  },
  candidates: {
    type: "number",
    description: "Instruction proposals to request (duplicates dropped).",
    ...APE_LIMITS.candidates,
    default: APE_DEFAULTS.candidates,
  },
  demos: { type: "number", description: "Demonstrations per proposal query.", ...APE_LIMITS.demos, default: APE_DEFAULTS.demos },
  method: {
    type: "string",
    description: "Search score: execution accuracy or log-probability of the answer.",
    choices: ["exec", "logprob"],
    default: "exec",
  },
  estimator: {
    type: "string",
    description: "full: every candidate on the same examples; filter: the paper's adaptive filtering; ucb: the code's UCB bandit.",
    choices: ESTIMATORS,
    default: "full",
  },
  mode: { type: "string", description: "Proposal mode.", choices: ["forward", "insert"], default: "forward" },
  template: {
    type: "string",
    description: "Forward proposal template: code (APE's script), paper (Table 5), or your own with [full_DEMO] and [APE].",
    default: "code",
    placeholder: "T",
  },
  "eval-template": {
    type: "string",
    description: "Evaluation template: instruction-induction, zero-shot, few-shot, or your own with [PROMPT], [INPUT], [OUTPUT].",
    default: "instruction-induction",
    placeholder: "T",
  },
  samples: {
    type: "number",
    description: "Validation examples per candidate (the full set of full/filter).",
    ...APE_LIMITS.samples,
    default: APE_DEFAULTS.samples,
  },
  "proposal-temperature": {
    type: "number",
    description: "Proposer's sampling temperature.",
    ...APE_LIMITS.proposalTemperature,
    default: APE_DEFAULTS.proposalTemperature,
  },
  "eval-temperature": {
    type: "number",
    description: "Scorer's temperature (0 = greedy; APE's code used 0.7).",
    ...APE_LIMITS.evalTemperature,
    default: APE_DEFAULTS.evalTemperature,
  },
  "resample-rounds": {
    type: "number",
    description: "Iterative Monte-Carlo rounds around the best candidates (0 = plain APE).",
    ...APE_LIMITS.resampleRounds,
    default: APE_DEFAULTS.resampleRounds,
  },
  "test-examples": {
    type: "number",
    description: "Test examples for the winner and the human instructions.",
    ...APE_LIMITS.testExamples,
    default: APE_DEFAULTS.testExamples,
  },
  "no-test": { type: "boolean", description: "Skip testing (no test scores, no human baseline)." },
  seed: { type: "string", description: "Seed of every random choice and sampled call (recorded).", default: "0", placeholder: "S" },
  "max-calls": {
    type: "number",
    description: "Most model requests to send (the search stops there and reports what it has).",
    ...APE_LIMITS.maxCalls,
  },
  "max-tokens": { type: "number", description: "Most prompt + completion tokens to spend.", ...APE_LIMITS.maxTokens },
  concurrency: {
    type: "number",
    description: "Requests in flight at once (HTTP backends; llama.cpp runs one at a time).",
    ...APE_LIMITS.concurrency,
    default: APE_DEFAULTS.concurrency,
  },
  cache: {
    type: "string",
    description: "Call cache JSONL: answered calls are never sent again, so a rerun resumes for free (default: <cache>/ape/calls.jsonl).",
    placeholder: "FILE",
  },
  "no-cache": { type: "boolean", description: "Send every call, keep nothing." },
  "dry-run": { type: "boolean", description: "Print the projected calls and tokens, then stop." },
  threads: { type: "number", description: "CPU threads per GGUF model (default: cores − 1).", integer: true, min: 1, max: 256 },
} as const;

/** The parsed search flags. */
export interface SearchFlags {
  proposer: string;
  scorer: string;
  candidates: number;
  demos: number;
  method: string;
  estimator: string;
  mode: string;
  template: string;
  evalTemplate: string;
  samples: number;
  proposalTemperature: number;
  evalTemperature: number;
  resampleRounds: number;
  testExamples: number;
  noTest: boolean;
  seed: string;
  maxCalls?: number | undefined;
  maxTokens?: number | undefined;
  concurrency: number;
  cache?: string | undefined;
  noCache: boolean;
  threads?: number | undefined;
}

/** The call cache file the flags name (undefined with --no-cache). */
export function cacheFileOf(flags: SearchFlags): string | undefined {
  if (flags.noCache) {
    if (flags.cache) throw new UsageError("--cache and --no-cache contradict each other: pass one.");
    return undefined;
  }
  return flags.cache ?? join(defaultCacheDir().replace(/models$/, ""), "ape", "calls.jsonl");
}

/** Search options from the flags (the task and models are added by the caller). */
export function searchOptionsOf(flags: SearchFlags): Omit<SearchOptions, "task" | "proposer" | "scorer"> {
  const seed = /^-?\d+$/.test(flags.seed) ? Number(flags.seed) : flags.seed;
  return {
    propose: {
      candidates: flags.candidates,
      demos: flags.demos,
      mode: flags.mode as "forward" | "insert",
      template: flags.template,
      temperature: flags.proposalTemperature,
    },
    scoring: { method: flags.method as "exec" | "logprob", template: flags.evalTemplate, temperature: flags.evalTemperature },
    estimator: flags.estimator as EstimatorName,
    estimatorOptions: { samples: flags.samples },
    resampleRounds: flags.resampleRounds,
    testExamples: flags.testExamples,
    noTest: flags.noTest,
    seed,
    concurrency: flags.concurrency,
  };
}

/** Opens proposer and scorer (one model when both name the same). */
export async function openModels(
  flags: SearchFlags,
  progress: OnProgress,
  signal: AbortSignal,
): Promise<{ proposer: LanguageModel; scorer: LanguageModel; close(): Promise<void> }> {
  const common = { signal, onProgress: progress, contextSize: 4096, ...(flags.threads !== undefined ? { threads: flags.threads } : {}) };
  const proposer = await loadLanguageModel(flags.proposer, common);
  let scorer = proposer;
  try {
    if (flags.scorer !== flags.proposer) scorer = await loadLanguageModel(flags.scorer, common);
  } catch (err) {
    await proposer.close();
    throw err;
  }
  return {
    proposer,
    scorer,
    close: async () => {
      if (scorer !== proposer) await scorer.close();
      await proposer.close();
    },
  };
}
