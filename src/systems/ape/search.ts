/**
 * APE end to end: propose instructions, estimate their scores on validation examples, optionally
 * resample around the best, then test the winner and the human instructions on held-out examples.
 * @module
 */
import { type OnProgress, progressTask, throwIfAborted } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import { type CandidateScore, type EstimatorName, type EstimatorOptions, estimateScores, mapLimit, ScoreBoard } from "./estimators.js";
import { type Budget, BudgetExceededError, CallLedger, type LedgerOptions } from "./ledger.js";
import { type ProposeOptions, proposeInstructions, resampleInstruction } from "./propose.js";
import { InstructionScorer, type ScorerOptions } from "./scoring.js";
import type { Example, Task } from "./tasks.js";

/** Streamed while a search runs (the web page shows them live). */
export type SearchEvent =
  | { kind: "candidate"; instruction: string }
  | { kind: "score"; instruction: string; validationScore: number; examples: number }
  | { kind: "test"; instruction: string; testScore: number; human: boolean };

/** Options of {@link apeSearch}. */
export interface SearchOptions {
  task: Task;
  /** The model that writes instructions. */
  proposer: LanguageModel;
  /** The model that executes (or is scored on) them. May be the same object as `proposer`. */
  scorer: LanguageModel;
  /** Proposal settings (candidates, demos, mode, template, temperature). */
  propose?: Omit<ProposeOptions, "seed" | "signal" | "onCandidate">;
  /** Scoring settings (method, template, few-shot, temperature). */
  scoring?: Omit<ScorerOptions, "seed">;
  /** `full` (every candidate on the same examples; the default), `filter` or `ucb`. */
  estimator?: EstimatorName;
  /** Estimator settings. */
  estimatorOptions?: Omit<EstimatorOptions, "seed" | "signal" | "onScore" | "concurrency">;
  /** Resampling rounds around the best candidates (iterative APE). Defaults to `0` (plain APE, the paper's default). */
  resampleRounds?: number;
  /** Best candidates resampled per round. Defaults to `5`. */
  resampleTop?: number;
  /** Variations per resampled candidate. Defaults to `3`. */
  resamplePerCandidate?: number;
  /** Test examples for the winner and the human instructions: min(this, |test|). Defaults to `100`. */
  testExamples?: number;
  /** Skip testing (no test score, no human baseline). Defaults to `false`. */
  noTest?: boolean;
  /** Seed of every random choice and sampled call. Defaults to `0`. */
  seed?: number | string;
  /** Concurrent requests (HTTP backends). Defaults to `1`. */
  concurrency?: number;
  /** Budget ceilings and the call cache. */
  ledger?: LedgerOptions | CallLedger;
  onEvent?: (event: SearchEvent) => void;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** The result; `--json` prints it. */
export interface SearchResult {
  task: string;
  best: { instruction: string; validationScore: number; testScore: number | null };
  candidates: CandidateScore[];
  human: { testScore: number | null; instructions: { instruction: string; testScore: number }[] };
  budget: Budget;
  /** Why the search ended early, if it did: the budget ceiling that was reached. */
  stoppedBy?: "max-calls" | "max-tokens";
  settings: {
    seed: number | string;
    estimator: EstimatorName;
    method: "exec" | "logprob";
    proposer: string;
    scorer: string;
    metric: string;
    testExamples: number;
  };
}

/** Mean execution accuracy of `instruction` on `examples`. */
async function testScore(
  scorer: InstructionScorer,
  instruction: string,
  examples: readonly Example[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<number> {
  const scores = await mapLimit(examples, concurrency, (e, i) => {
    throwIfAborted(signal);
    return scorer.execScore(instruction, e, `test:${i}`, signal);
  });
  return scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : 0;
}

/**
 * Runs APE on one task.
 * @example
 * const task = loadTask("antonyms");
 * const r = await apeSearch({ task, proposer: lm, scorer: lm, propose: { candidates: 20 }, estimator: "ucb" });
 * r.best.instruction; r.best.testScore; r.human.testScore; r.budget.calls;
 */
export async function apeSearch(o: SearchOptions): Promise<SearchResult> {
  const ledger = o.ledger instanceof CallLedger ? o.ledger : new CallLedger(o.ledger ?? {});
  try {
    return await search(o, ledger);
  } finally {
    await ledger.flush(); // every answered call is on disk, also when the search was cancelled
  }
}

async function search(o: SearchOptions, ledger: CallLedger): Promise<SearchResult> {
  const seed = o.seed ?? 0;
  const concurrency = o.concurrency ?? 1;
  const estimator = o.estimator ?? "full";
  const sig = o.signal ? { signal: o.signal } : {};
  const valScorer = new InstructionScorer(o.scorer, o.task.metric, o.task.promptGen, ledger, { ...o.scoring, seed });
  const execScorer = new InstructionScorer(o.scorer, o.task.metric, o.task.promptGen, ledger, { ...o.scoring, method: "exec", seed });
  let stoppedBy: SearchResult["stoppedBy"];
  const budgetStop = (err: unknown) => {
    if (err instanceof BudgetExceededError) stoppedBy = err.limit;
    else throw err;
  };

  // 1. Proposals.
  const wanted = o.propose?.candidates ?? 50;
  const proposing = progressTask(o.onProgress, "propose", wanted, "proposals");
  const instructions: string[] = [];
  await proposeInstructions(o.proposer, o.task.promptGen, ledger, {
    ...o.propose,
    seed,
    ...sig,
    onCandidate: (instruction) => {
      instructions.push(instruction);
      proposing.set(instructions.length);
      o.onEvent?.({ kind: "candidate", instruction });
    },
  }).catch(budgetStop);
  proposing.done();

  // 2. Scores on validation examples, then optional resampling rounds.
  let board = new ScoreBoard(instructions);
  const scoring = progressTask(o.onProgress, "score", undefined, "scores");
  let scored = 0;
  const estimate = async (b: ScoreBoard) =>
    estimateScores(
      estimator,
      b,
      o.task.validation.length,
      (c, e) => valScorer.score(b.instructions[c] as string, o.task.validation[e] as Example, `val:${e}`, o.signal),
      {
        ...o.estimatorOptions,
        seed,
        concurrency,
        ...sig,
        onScore: (_c, s) => {
          scoring.set(++scored);
          o.onEvent?.({ kind: "score", ...s });
        },
      },
    );
  if (!stoppedBy) await estimate(board).catch(budgetStop);
  for (let r = 0; r < (o.resampleRounds ?? 0) && !stoppedBy; r++) {
    const top = board.ranked().slice(0, o.resampleTop ?? 5);
    const fresh: string[] = [];
    try {
      for (const t of top)
        for (const v of await resampleInstruction(o.proposer, t.instruction, o.resamplePerCandidate ?? 3, ledger, {
          seed: `${seed}:${r}`,
          ...sig,
        }))
          if (!board.instructions.includes(v) && !fresh.includes(v)) {
            fresh.push(v);
            o.onEvent?.({ kind: "candidate", instruction: v });
          }
    } catch (err) {
      budgetStop(err);
    }
    if (fresh.length === 0) continue;
    const merged = new ScoreBoard([...board.instructions, ...fresh]);
    merged.sums.set(board.sums);
    merged.counts.set(board.counts);
    board = merged;
    if (!stoppedBy) await estimate(board).catch(budgetStop);
  }
  scoring.done();
  const candidates = board.ranked();
  const best = candidates[0];

  // 3. Test the winner and the human instructions on the same held-out examples.
  const nTest = Math.min(o.testExamples ?? 100, o.task.test.length);
  const testSet = o.task.test.slice(0, nTest);
  let bestTest: number | null = null;
  const humans: { instruction: string; testScore: number }[] = [];
  if (!o.noTest && !stoppedBy) {
    const testing = progressTask(o.onProgress, "test", (best ? 1 : 0) + o.task.human.length, "instructions");
    try {
      if (best) {
        bestTest = await testScore(execScorer, best.instruction, testSet, concurrency, o.signal);
        o.onEvent?.({ kind: "test", instruction: best.instruction, testScore: bestTest, human: false });
        testing.tick();
      }
      for (const h of o.task.human) {
        const s = await testScore(execScorer, h, testSet, concurrency, o.signal);
        humans.push({ instruction: h, testScore: s });
        o.onEvent?.({ kind: "test", instruction: h, testScore: s, human: true });
        testing.tick();
      }
    } catch (err) {
      budgetStop(err);
    }
    testing.done();
  }
  const humanComplete = humans.length === o.task.human.length && humans.length > 0;
  return {
    task: o.task.name,
    best: { instruction: best?.instruction ?? "", validationScore: best?.validationScore ?? 0, testScore: bestTest },
    candidates,
    human: {
      testScore: humanComplete ? humans.reduce((s, h) => s + h.testScore, 0) / humans.length : null,
      instructions: humans,
    },
    budget: { ...ledger.budget },
    ...(stoppedBy ? { stoppedBy } : {}),
    settings: {
      seed,
      estimator,
      method: o.scoring?.method ?? "exec",
      proposer: o.proposer.name,
      scorer: o.scorer.name,
      metric: o.task.metric,
      testExamples: nTest,
    },
  };
}
