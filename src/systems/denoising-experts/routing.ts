/**
 * Which expert denoises which step. Experts are numbered from 1 in the order given, expert 1 being
 * the noisiest (the first to run). Two rules over the scheduler's T training timesteps (1000 for SD):
 *
 * - **boundaries** b₁ < b₂ < … (fractions of the denoising, SDXL's `denoising_end`): expert 1 runs the
 *   steps with t ≥ (1 − b₁)·T, expert k the steps with (1 − b_k)·T ≤ t < (1 − b_{k−1})·T, the last
 *   expert the rest. With N experts there are N − 1 boundaries.
 * - **blocks** N (ERNIE-ViLG 2.0's uniform partition; N = 10 in the paper): [0, T) is split into N equal
 *   blocks and a step at timestep t runs expert N − ⌊t·N/T⌋ (clamped to 1…N), so expert 1 owns the
 *   noisiest block.
 *
 * Routing works on the training-timestep scale, never on the step index, so fractional timesteps,
 * `steps_offset` and leading/trailing spacing land where the timestep says.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";

/** A routing rule. */
export type Routing = { kind: "boundaries"; boundaries: readonly number[] } | { kind: "blocks"; blocks: number };

/**
 * The threshold (1 − b)·T, computed as T − b·T so that fractions such as 0.8 give the whole number
 * 200 (1 − 0.8 is 0.19999… in floating point).
 */
export function boundaryTimestep(fraction: number, trainTimesteps: number): number {
  return trainTimesteps - fraction * trainTimesteps;
}

/** Checks a rule against the number of experts; returns it. */
export function checkRouting(routing: Routing, experts: number): Routing {
  if (!Number.isInteger(experts) || experts < 1) throw new InvalidInputError(`Need at least one expert; got ${experts}.`);
  if (routing.kind === "blocks") {
    if (routing.blocks !== experts)
      throw new InvalidInputError(
        `--blocks ${routing.blocks} needs ${routing.blocks} experts (one per block); got ${experts}. List a folder once per block (the same folder may repeat).`,
      );
    return routing;
  }
  const b = routing.boundaries;
  if (b.length !== experts - 1)
    throw new InvalidInputError(
      `${experts} experts take ${experts - 1} --boundaries fraction${experts - 1 === 1 ? "" : "s"}; got ${b.length} (${b.join(",") || "none"}).`,
    );
  for (let i = 0; i < b.length; i++) {
    const v = b[i] as number;
    if (!(Number.isFinite(v) && v > 0 && v < 1))
      throw new InvalidInputError(`Boundaries are fractions between 0 and 1 (exclusive); got ${v}.`);
    if (i > 0 && v <= (b[i - 1] as number)) throw new InvalidInputError(`Boundaries must increase; got ${b.join(",")}.`);
  }
  return routing;
}

/** The default rule for `experts` experts: uniform blocks (one expert: everything). */
export function defaultRouting(experts: number): Routing {
  return { kind: "blocks", blocks: experts };
}

/** Parses `--boundaries` text ("0.8" or "0.3,0.6"). */
export function parseBoundaries(text: string | readonly string[]): number[] {
  const parts = (typeof text === "string" ? text.split(",") : text.flatMap((t) => t.split(","))).map((s) => s.trim()).filter(Boolean);
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v))
      throw new InvalidInputError(`--boundaries takes fractions separated by commas (e.g. 0.8 or 0.3,0.6); got "${p}".`);
    return v;
  });
}

/** The expert (1-based) that denoises the step at training timestep `t`. */
export function expertForTimestep(t: number, routing: Routing, trainTimesteps: number): number {
  if (routing.kind === "blocks") {
    const n = routing.blocks;
    const block = Math.floor((t * n) / trainTimesteps);
    return Math.min(n, Math.max(1, n - block));
  }
  const b = routing.boundaries;
  for (let k = 0; k < b.length; k++) if (t >= boundaryTimestep(b[k] as number, trainTimesteps)) return k + 1;
  return b.length + 1;
}

/** The expert of every step of a schedule. */
export function routeTimesteps(timesteps: readonly number[], routing: Routing, trainTimesteps: number): number[] {
  return timesteps.map((t) => expertForTimestep(t, routing, trainTimesteps));
}

/** One expert's share of a run: its steps as a contiguous range (experts run in order, noisiest first). */
export interface ExpertSpan {
  /** Expert number (1-based). */
  expert: number;
  /** First and last step index (inclusive). */
  first: number;
  last: number;
  /** Timesteps of its first and last step. */
  fromTimestep: number;
  toTimestep: number;
}

/** Groups the per-step experts into spans (experts that get no step are absent). */
export function expertSpans(timesteps: readonly number[], experts: readonly number[]): ExpertSpan[] {
  const spans: ExpertSpan[] = [];
  for (let i = 0; i < experts.length; i++) {
    const e = experts[i] as number;
    const last = spans[spans.length - 1];
    if (last && last.expert === e) {
      last.last = i;
      last.toTimestep = timesteps[i] as number;
    } else spans.push({ expert: e, first: i, last: i, fromTimestep: timesteps[i] as number, toTimestep: timesteps[i] as number });
  }
  return spans;
}
