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
  /** `ucb`: fresh examples per chosen candidate per round. Defaults to `5`. */
  samplesPerRound?: number;
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

/** Default UCB rounds: about 35% of the exhaustive calls. */
export function defaultUcbRounds(candidates: number, samples: number, perRound: number, samplesPerRound: number): number {
  return Math.max(1, Math.floor((0.35 * candidates * samples) / (perRound * samplesPerRound)));
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
      const threshold = board.mean(sorted[n - 1] as number);
      // Keep everyone tied with the last kept candidate: a threshold, as the paper describes.
      alive = sorted.filter((c) => board.mean(c) >= threshold);
    }
    return;
  }
  // UCB (the authors' code): round 1 picks uniformly at random, later rounds the top by
  // mean + c·sqrt(ln Σcounts / counts); each round scores the chosen on fresh examples.
  const perRound = Math.min(m, o.promptsPerRound ?? Math.ceil(m / 5));
  const spr = Math.min(poolSize, o.samplesPerRound ?? 5);
  const rounds = o.rounds ?? defaultUcbRounds(m, samples, perRound, spr);
  const c = o.c ?? 1;
  for (let r = 0; r < rounds; r++) {
    let chosen: number[];
    const total = board.counts.reduce((s, x) => s + x, 0);
    if (total === 0) chosen = rng.shuffle([...Array(m).keys()]).slice(0, perRound);
    else {
      const counts = Array.from(board.counts, (x) => x + 1e-3);
      const lnTotal = Math.log(counts.reduce((s, x) => s + x, 0));
      const ucb = counts.map((n, i) => board.mean(i) + c * Math.sqrt(lnTotal / n));
      chosen = [...Array(m).keys()].sort((a, b) => (ucb[b] as number) - (ucb[a] as number) || a - b).slice(0, perRound);
    }
    const examples = rng.shuffle([...Array(poolSize).keys()]).slice(0, spr);
    await run(chosen.flatMap((ci) => examples.map((e) => [ci, e] as [number, number])));
  }
}
