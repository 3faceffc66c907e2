/**
 * Token pickers over a log-probability vector: greedy, temperature, top-k, nucleus (top-p) and locally
 * typical sampling, with yomikai's seeded RNG. Shared by every backend's `generate` and by the decoding
 * baselines, so a seed gives the same text whatever runs the model.
 * @module
 */
import { InvalidInputError, type Rng } from "../core/index.js";
import type { SamplingOptions, TokenId } from "./types.js";

/** Index of the largest finite value (lowest index wins ties); -1 when none is finite. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/** log Σ exp(values) over finite entries. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i] as number);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp((values[i] as number) - max);
  return max + Math.log(s);
}

/** log-softmax(logProbs / temperature): the distribution re-tempered (τ = 1 returns a normalised copy). */
export function temper(logProbs: ArrayLike<number>, temperature: number): Float64Array {
  if (!(temperature > 0)) throw new InvalidInputError(`Temperature must be > 0, got ${temperature}.`);
  const out = new Float64Array(logProbs.length);
  for (let i = 0; i < out.length; i++) out[i] = (logProbs[i] as number) / temperature;
  const z = logSumExp(out);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) - z;
  return out;
}

/** Validates sampling options; throws one-line {@link InvalidInputError}s. */
export function checkSamplingOptions(o: SamplingOptions): void {
  if (o.temperature !== undefined && !(o.temperature >= 0)) throw new InvalidInputError(`temperature must be >= 0, got ${o.temperature}.`);
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 0))
    throw new InvalidInputError(`topK must be a whole number >= 0, got ${o.topK}.`);
  for (const k of ["topP", "typicalP"] as const) {
    const v = o[k];
    if (v !== undefined && !(v > 0 && v <= 1)) throw new InvalidInputError(`${k} must be in (0, 1], got ${v}.`);
  }
}

/**
 * Restricts a distribution to the tokens the options keep (top-k, then top-p, then typical) and returns
 * the surviving token ids with their renormalised log-probabilities (after temperature).
 */
export function truncate(logProbs: ArrayLike<number>, o: SamplingOptions): { tokens: TokenId[]; logProbs: number[] } {
  const t = o.temperature && o.temperature > 0 ? o.temperature : 1;
  const lp = temper(logProbs, t);
  let ids: number[] = [];
  for (let i = 0; i < lp.length; i++) if ((lp[i] as number) > Number.NEGATIVE_INFINITY) ids.push(i);
  ids.sort((a, b) => (lp[b] as number) - (lp[a] as number) || a - b);
  if (o.topK && o.topK > 0) ids = ids.slice(0, o.topK);
  if (o.topP !== undefined && o.topP < 1) {
    let mass = 0;
    let cut = ids.length;
    for (let i = 0; i < ids.length; i++) {
      mass += Math.exp(lp[ids[i] as number] as number);
      if (mass >= o.topP) {
        cut = i + 1;
        break;
      }
    }
    ids = ids.slice(0, cut);
  }
  if (o.typicalP !== undefined && o.typicalP < 1) {
    // Meister et al. 2022: keep tokens whose surprisal is closest to the entropy until the mass reaches p.
    let entropy = 0;
    for (const i of ids) entropy -= Math.exp(lp[i] as number) * (lp[i] as number);
    const byDeviation = [...ids].sort((a, b) => Math.abs(-(lp[a] as number) - entropy) - Math.abs(-(lp[b] as number) - entropy) || a - b);
    let mass = 0;
    const kept: number[] = [];
    for (const i of byDeviation) {
      kept.push(i);
      mass += Math.exp(lp[i] as number);
      if (mass >= o.typicalP) break;
    }
    ids = kept;
  }
  const z = logSumExp(ids.map((i) => lp[i] as number));
  return { tokens: ids, logProbs: ids.map((i) => (lp[i] as number) - z) };
}

/** Picks the next token: greedy when `temperature` is 0 or unset, else samples from the truncated set. */
export function pickToken(logProbs: ArrayLike<number>, o: SamplingOptions, rng: Rng): TokenId {
  if (!o.temperature) return argmax(logProbs);
  const { tokens, logProbs: lp } = truncate(logProbs, o);
  const i = rng.weighted(lp.map((v) => Math.exp(v)));
  return tokens[i] as number;
}
