/**
 * Efficient score estimation (APE §3.2): score every candidate on the same examples (`full`), the
 * paper's adaptive filtering (`filter`), or the authors' code's UCB bandit (`ucb`).
 * @module
 */
import { createRng, InvalidInputError, throwIfAborted } from "../../core/index.js";

/** Estimator names. */
export type EstimatorName = "full" | "filter" | "ucb";
export const ESTIMATORS: readonly EstimatorName[] = ["full", "filter", "ucb"];

/** Running score of one candidate. */
export interface CandidateScore {
  instruction: string;
  /** Mean score over the examples it was scored on (0 when never scored, as the code's bandit reports). */
  validationScore: number;
  /** Examples it was scored on. */
  examples: number;
}

/** Scores one candidate (by index) on one validation example (by index). */
export type ScoreFn = (candidate: number, example: number) => Promise<number>;

/** Options of {@link estimateScores}. */
export interface EstimatorOptions {
  /** Validation examples per candidate for `full`, and the full set of `filter`. Defaults to min(20, pool). */
  samples?: number;
  /** Seed of the example draws and of the bandit's first round. Defaults to `0`. */
  seed?: number | string;
  /** Concurrent score calls (HTTP backends). Defaults to `1`. */
  concurrency?: number;
  /** `filter`: examples per stage (the full set is split into stages). Defaults to ⌈samples / 5⌉. */
  stageSize?: number;
  /** `filter`: fraction of candidates kept after each stage. Defaults to `0.3`. */
  keep?: number;
  /** `filter`: stop filtering at this many survivors. Defaults to `3`. */
  survivors?: number;
  /** `ucb`: rounds. Defaults to what keeps the calls near 35% of `full`'s. */
  rounds?: number;
  /** `ucb`: candidates scored per round. Defaults to ⌈candidates / 5⌉. */
  promptsPerRound?: number;
  /** `ucb`: fresh examples per chosen candidate per round. Defaults to `2`. */
  samplesPerRound?: number;
  /** `ucb`: the best candidates by mean that finish the full set of `samples` examples at the end. Defaults to `6`. */
  confirm?: number;
  /** `ucb`: exploration constant c. Defaults to `1` (the code's). */
  c?: number;
  /** Called after each scored (candidate, example). */
  onScore?: (candidate: number, score: CandidateScore) => void;
  signal?: AbortSignal;
}

/** Runs `fn` over `items` with at most `limit` in flight; rejects on the first failure. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Accumulated scores: kept outside the estimator so a run stopped by its budget keeps what it scored. */
export class ScoreBoard {
  readonly sums: Float64Array;
  readonly counts: Uint32Array;
  constructor(readonly instructions: readonly string[]) {
    this.sums = new Float64Array(instructions.length);
    this.counts = new Uint32Array(instructions.length);
  }
  add(i: number, score: number): void {
    this.sums[i] = (this.sums[i] as number) + score;
    this.counts[i] = (this.counts[i] as number) + 1;
  }
  mean(i: number): number {
    const n = this.counts[i] as number;
    return n === 0 ? 0 : (this.sums[i] as number) / n;
  }
  entry(i: number): CandidateScore {
    return { instruction: this.instructions[i] as string, validationScore: this.mean(i), examples: this.counts[i] as number };
  }
  /** Candidates by mean, best first (ties: more examples, then earlier proposal). */
  ranked(): CandidateScore[] {
    return [...this.instructions.keys()]
      .sort((a, b) => this.mean(b) - this.mean(a) || (this.counts[b] as number) - (this.counts[a] as number) || a - b)
      .map((i) => this.entry(i));
  }
}

/** Default UCB rounds: about 38% of the exhaustive calls, less the finalists' confirmation. */
export function defaultUcbRounds(candidates: number, samples: number, perRound: number, samplesPerRound: number, confirm = 6): number {
  const budget = 0.38 * candidates * samples - Math.min(candidates, confirm) * samples;
  return Math.max(1, Math.floor(budget / (perRound * samplesPerRound)));
}

/**
 * Scores the candidates of `board` with the chosen estimator, adding to the board as it goes.
 * `poolSize` is the number of validation examples `score` can be asked about.
 */
export async function estimateScores(
  name: EstimatorName,
  board: ScoreBoard,
  poolSize: number,
  score: ScoreFn,
  o: EstimatorOptions = {},
): Promise<void> {
  const m = board.instructions.length;
  if (m === 0) return;
  if (poolSize === 0) throw new InvalidInputError("The validation pool is empty: nothing to score candidates on.");
  const rng = createRng(`ape-estimate:${o.seed ?? 0}`);
  const samples = Math.min(o.samples ?? 20, poolSize);
  const fullSet = rng.shuffle([...Array(poolSize).keys()]).slice(0, samples);
  const limit = o.concurrency ?? 1;
  const run = async (pairs: [number, number][]) => {
    await mapLimit(pairs, limit, async ([c, e]) => {
      throwIfAborted(o.signal);
      const s = await score(c, e);
      board.add(c, s);
      o.onScore?.(c, board.entry(c));
    });
  };
  if (name === "full") {
    await run([...Array(m).keys()].flatMap((c) => fullSet.map((e) => [c, e] as [number, number])));
    return;
  }
  if (name === "filter") {
    const stage = Math.max(1, o.stageSize ?? Math.ceil(samples / 5));
    const keep = o.keep ?? 0.3;
    const minSurvivors = Math.max(1, o.survivors ?? 3);
    let alive = [...Array(m).keys()];
    let used = 0;
    while (used < samples) {
      const chunk = fullSet.slice(used, used + stage);
      used += chunk.length;
      await run(alive.flatMap((c) => chunk.map((e) => [c, e] as [number, number])));
      if (alive.length <= minSurvivors) continue; // survivors finish the full set
      const sorted = [...alive].sort((a, b) => board.mean(b) - board.mean(a) || a - b);
      const n = Math.max(minSurvivors, Math.ceil(alive.length * keep));
      // The best n by running mean; ties at the cut go to the earlier proposal, so the budget stays
      // bounded even when a few examples give coarse, tied scores.
      alive = sorted.slice(0, n);
    }
    return;
  }
  // UCB (the authors' code): round 1 picks uniformly at random, later rounds the top by
  // mean + c·sqrt(ln Σcounts / counts). Each chosen candidate is scored on its next examples of the same
  // `samples` validation examples every candidate draws from (common random numbers: candidates are
  // compared on the same examples, as in `full`; the code drew fresh ones per candidate). Then the
  // `confirm` best by mean finish all `samples` examples, so the winner is not picked on a handful.
  const next = (ci: number, k: number) => {
    const done = board.counts[ci] as number;
    return fullSet.slice(done, done + k).map((e) => [ci, e] as [number, number]);
  };
  const perRound = Math.min(m, o.promptsPerRound ?? Math.ceil(m / 5));
  const spr = Math.min(samples, o.samplesPerRound ?? 2);
  const confirm = Math.min(m, o.confirm ?? 6);
  const rounds = o.rounds ?? defaultUcbRounds(m, samples, perRound, spr, confirm);
  const c = o.c ?? 1;
  for (let r = 0; r < rounds; r++) {
    let chosen: number[];
    const total = board.counts.reduce((s, x) => s + x, 0);
    const open = [...Array(m).keys()].filter((i) => (board.counts[i] as number) < samples);
    if (open.length === 0) break;
    if (total === 0) chosen = rng.shuffle(open).slice(0, perRound);
    else {
      const lnTotal = Math.log(total + 1e-3 * m);
      const ucb = (i: number) => board.mean(i) + c * Math.sqrt(lnTotal / ((board.counts[i] as number) + 1e-3));
      chosen = open.sort((a, b) => ucb(b) - ucb(a) || a - b).slice(0, perRound);
    }
    await run(chosen.flatMap((ci) => next(ci, spr)));
  }
  const finalists = [...Array(m).keys()].sort((a, b) => board.mean(b) - board.mean(a) || a - b).slice(0, confirm);
  await run(finalists.flatMap((ci) => next(ci, samples)));
}
