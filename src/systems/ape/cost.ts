/**
 * The cost projection printed by `--dry-run` before a search spends anything: requests per phase and
 * an estimate of the tokens (characters ÷ 4, as APE's own estimate does).
 * @module
 */
import { createRng } from "../../core/index.js";
import { defaultUcbRounds, type EstimatorName, type EstimatorOptions } from "./estimators.js";
import { proposalQuery, subsample } from "./propose.js";
import type { Task } from "./tasks.js";
import { EVAL_TEMPLATES, evalQuery, PROPOSAL_TEMPLATES } from "./templates.js";

/** Requests and tokens a search is expected to spend at most (cache hits make it less). */
export interface CostProjection {
  calls: { propose: number; score: number; test: number; total: number };
  /** Estimated prompt and completion tokens (characters ÷ 4). */
  tokens: { prompt: number; completion: number; total: number };
}

/** Options of {@link projectCost}. */
export interface CostOptions {
  candidates?: number;
  demos?: number;
  estimator?: EstimatorName;
  estimatorOptions?: Omit<EstimatorOptions, "seed" | "signal" | "onScore">;
  proposalMaxTokens?: number;
  answerMaxTokens?: number;
  testExamples?: number;
  noTest?: boolean;
}

/** Upper bound of the scoring requests of one estimator over `m` candidates. */
export function projectScoreCalls(estimator: EstimatorName, m: number, poolSize: number, o: CostOptions["estimatorOptions"] = {}): number {
  const samples = Math.min(o.samples ?? 20, poolSize);
  if (estimator === "full") return m * samples;
  if (estimator === "ucb") {
    const perRound = Math.min(m, o.promptsPerRound ?? Math.ceil(m / 5));
    const spr = Math.min(poolSize, o.samplesPerRound ?? 2);
    const confirm = Math.min(m, o.confirm ?? 6);
    return (o.rounds ?? defaultUcbRounds(m, samples, perRound, spr, confirm)) * perRound * spr + confirm * samples;
  }
  const stage = Math.max(1, o.stageSize ?? Math.ceil(samples / 5));
  const keep = o.keep ?? 0.3;
  const min = Math.max(1, o.survivors ?? 3);
  let alive = m;
  let calls = 0;
  for (let used = 0; used < samples; used += stage) {
    calls += alive * Math.min(stage, samples - used);
    if (alive > min) alive = Math.max(min, Math.ceil(alive * keep));
  }
  return calls;
}

/** Projects the requests and tokens of a search on `task` (assuming no cache hits and no duplicate proposals). */
export function projectCost(task: Task, o: CostOptions = {}): CostProjection {
  const m = o.candidates ?? 50;
  const rng = createRng("ape-cost");
  const query = proposalQuery("forward", PROPOSAL_TEMPLATES.code, subsample(task.promptGen, o.demos ?? 5, rng));
  const example = task.validation[0] ?? task.test[0];
  const evalPrompt = example ? evalQuery(EVAL_TEMPLATES["instruction-induction"], "x".repeat(60), example.input).prefix : "";
  const propose = m;
  const score = projectScoreCalls(o.estimator ?? "full", m, task.validation.length, o.estimatorOptions);
  const nTest = Math.min(o.testExamples ?? 100, task.test.length);
  const test = o.noTest ? 0 : nTest * (1 + task.human.length);
  const chars = (s: string) => Math.ceil(s.length / 4);
  const prompt = propose * chars(query) + (score + test) * chars(evalPrompt);
  const completion = propose * (o.proposalMaxTokens ?? 50) + (score + test) * (o.answerMaxTokens ?? 40);
  return {
    calls: { propose, score, test, total: propose + score + test },
    tokens: { prompt, completion, total: prompt + completion },
  };
}
