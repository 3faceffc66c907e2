/**
 * The contrastive-decoding objective for one step, as pure functions over log-probability vectors.
 *
 * Li et al. 2022 (`form: "log-prob"`):
 *   V_head = { x : p_EXP(x) ≥ α · max_w p_EXP(w) }
 *   score(x) = log p_EXP(x) − c · log softmax(log p_AMA / τ)(x)   for x ∈ V_head, −∞ otherwise
 * O'Brien & Lewis 2023 (`form: "logit"`):
 *   score(x) = (1 + β) · s_EXP(x) − β · s_AMA(x)                  for x ∈ V_head, −∞ otherwise
 * where s are log-probabilities (llama.cpp exposes no raw logits; log-probs are the logits minus a
 * per-step constant, so the per-step ranking and the sampling distribution are the same as on logits).
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { CD_DEFAULTS } from "./options.js";

/** Which scoring rule. */
export type ObjectiveForm = "log-prob" | "logit";

/** Parameters of the per-step objective. */
export interface ObjectiveOptions {
  /** Plausibility threshold α in (0, 1]: keep tokens with p_EXP ≥ α · max p_EXP. Defaults to `0.1`. α = 1 keeps only the expert's argmax (ties aside). */
  alpha?: number;
  /** `"log-prob"` (Li et al. 2022) or `"logit"` (O'Brien & Lewis 2023). Defaults to `"log-prob"`. */
  form?: ObjectiveForm;
  /** Amateur temperature τ > 0 (log-prob form). Defaults to `0.5` (the paper's GPT-2 amateur). */
  amateurTemperature?: number;
  /** Amateur coefficient c (`st_coef`) ≥ 0 (log-prob form). Defaults to `1`. */
  coefficient?: number;
  /** β ≥ 0 (logit form). Defaults to `0.5`. β = 0 is the expert's greedy decoding. */
  beta?: number;
  /** Token ids never allowed (e.g. EOS while a fixed length is forced). */
  banned?: readonly number[];
}

/** Resolved, validated objective parameters. */
export interface Objective {
  alpha: number;
  form: ObjectiveForm;
  amateurTemperature: number;
  coefficient: number;
  beta: number;
  banned: readonly number[];
}

/** Fills defaults and validates; throws one-line errors. */
export function resolveObjective(o: ObjectiveOptions = {}): Objective {
  const r: Objective = {
    alpha: o.alpha ?? CD_DEFAULTS.alpha,
    form: o.form ?? CD_DEFAULTS.form,
    amateurTemperature: o.amateurTemperature ?? CD_DEFAULTS.amateurTemperature,
    coefficient: o.coefficient ?? CD_DEFAULTS.coefficient,
    beta: o.beta ?? CD_DEFAULTS.beta,
    banned: o.banned ?? [],
  };
  if (!(r.alpha > 0 && r.alpha <= 1))
    throw new InvalidInputError(
      `alpha must be in (0, 1], got ${r.alpha}; use e.g. 0.1 (the paper's value) or 1 for the expert's greedy choice.`,
    );
  if (!(r.amateurTemperature > 0))
    throw new InvalidInputError(
      `amateurTemperature must be > 0, got ${r.amateurTemperature}; use e.g. 0.5 (the paper's value) or 1 for the raw amateur.`,
    );
  if (!(r.coefficient >= 0)) throw new InvalidInputError(`coefficient must be >= 0, got ${r.coefficient}; use e.g. 1 (the paper's value).`);
  if (!(r.beta >= 0)) throw new InvalidInputError(`beta must be >= 0, got ${r.beta}; use e.g. 0.5 (O'Brien & Lewis's value).`);
  if (r.form !== "log-prob" && r.form !== "logit") throw new InvalidInputError(`form must be "log-prob" or "logit", got "${r.form}".`);
  return r;
}

/** The plausible set V_head: token ids with log p ≥ max log p + log α (banned ids removed), by id. */
export function plausibleSet(expertLogProbs: ArrayLike<number>, alpha: number, banned: readonly number[] = []): number[] {
  const n = expertLogProbs.length;
  const ban = banned.length > 0 ? new Uint8Array(n) : undefined;
  if (ban) for (const b of banned) if (b >= 0 && b < n) ban[b] = 1;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = expertLogProbs[i] as number;
    if (v > max && !ban?.[i]) max = v;
  }
  const cutoff = max + Math.log(alpha);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if ((expertLogProbs[i] as number) >= cutoff && !ban?.[i]) out.push(i);
  return out;
}

/** log Σ_x exp(logProbs[x] / τ): the normaliser of the tempered distribution, in one pass. */
function temperedLogNormalizer(logProbs: ArrayLike<number>, tau: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logProbs.length; i++) if ((logProbs[i] as number) > max) max = logProbs[i] as number;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < logProbs.length; i++) sum += Math.exp(((logProbs[i] as number) - max) / tau);
  return max / tau + Math.log(sum);
}

/** One scored candidate of a step. */
export interface ScoredToken {
  token: number;
  expertLogProb: number;
  /** The amateur term as used in the score: tempered log-prob (log-prob form) or raw log-prob (logit form). */
  amateurLogProb: number;
  score: number;
}

/**
 * Scores V_head from the runtime's partial distributions (the plausible-set fast path): `head` is the
 * expert's head (every token with p ≥ minRatio · max p for some minRatio ≤ α, renormalised over it, most
 * likely first, from `nextTokenHead(context, headMinRatio)`) and `amateurOverHead(tokens)` gives the
 * amateur's log-probs renormalised over the given tokens. Returns `undefined` when V_head cannot be read
 * off the head exactly (banned tokens outrank the allowed ones by more than α / headMinRatio); the caller
 * then uses {@link scoreStep}.
 *
 * Every score equals {@link scoreStep}'s minus one constant per step (the expert's and the amateur's
 * normalisers over the whole vocabulary cancel), so the ranking, the greedy choice and the sampling
 * distribution over V_head are the same. The reported terms are normalised over V_head:
 * `expertLogProb` = log p_EXP(x | V_head), `amateurLogProb` = the tempered amateur log-prob renormalised
 * over V_head (log-prob form) or log p_AMA(x | V_head) (logit form).
 */
export async function scoreHead(
  head: { tokens: readonly number[]; logProbs: ArrayLike<number> },
  amateurOverHead: (tokens: number[]) => Promise<ArrayLike<number>>,
  objective: Objective,
  headMinRatio: number,
): Promise<ScoredToken[] | undefined> {
  const ban = new Set(objective.banned);
  let maxAll = Number.NEGATIVE_INFINITY;
  let maxAllowed = Number.NEGATIVE_INFINITY;
  head.tokens.forEach((t, i) => {
    const v = head.logProbs[i] as number;
    if (v > maxAll) maxAll = v;
    if (v > maxAllowed && !ban.has(t)) maxAllowed = v;
  });
  // Same test as plausibleSet, on log p − log max p (the head's normaliser cancels). The head holds every
  // token down to maxAll + log(headMinRatio); V_head must not reach below that.
  const cutoff = maxAllowed + Math.log(objective.alpha);
  if (maxAllowed === Number.NEGATIVE_INFINITY || cutoff < maxAll + Math.log(headMinRatio)) return undefined;
  const tokens: number[] = [];
  const expert: number[] = [];
  head.tokens.forEach((t, i) => {
    if ((head.logProbs[i] as number) >= cutoff && !ban.has(t)) {
      tokens.push(t);
      expert.push(head.logProbs[i] as number);
    }
  });
  const ze = logSumExpOf(expert);
  const amateur = await amateurOverHead(tokens);
  const tau = objective.amateurTemperature;
  const tempered = Array.from(amateur, (a) => a / tau);
  const za = objective.form === "log-prob" ? logSumExpOf(tempered) : 0;
  const out = tokens.map((token, i) => {
    const e = (expert[i] as number) - ze;
    const a = objective.form === "log-prob" ? (tempered[i] as number) - za : (amateur[i] as number);
    const score = objective.form === "log-prob" ? e - objective.coefficient * a : (1 + objective.beta) * e - objective.beta * a;
    return { token, expertLogProb: e, amateurLogProb: a, score };
  });
  out.sort((x, y) => y.score - x.score || x.token - y.token);
  return out;
}

function logSumExpOf(xs: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const x of xs) if (x > max) max = x;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const x of xs) sum += Math.exp(x - max);
  return max + Math.log(sum);
}

/** Scores every token of V_head; returns them sorted by score (highest first, lower id first on ties). */
export function scoreStep(expertLogProbs: ArrayLike<number>, amateurLogProbs: ArrayLike<number>, objective: Objective): ScoredToken[] {
  if (expertLogProbs.length !== amateurLogProbs.length)
    throw new InvalidInputError(
      `Expert and amateur distributions differ in size (${expertLogProbs.length} vs ${amateurLogProbs.length}); the models must share a vocabulary.`,
    );
  const head = plausibleSet(expertLogProbs, objective.alpha, objective.banned);
  const tau = objective.amateurTemperature;
  // Tempered amateur: log softmax(log p_A / τ)(x) = log p_A(x) / τ − log Σ exp(log p_A / τ).
  const z = objective.form === "log-prob" ? temperedLogNormalizer(amateurLogProbs, tau) : 0;
  const out = head.map((token) => {
    const e = expertLogProbs[token] as number;
    const a = objective.form === "log-prob" ? (amateurLogProbs[token] as number) / tau - z : (amateurLogProbs[token] as number);
    const score = objective.form === "log-prob" ? e - objective.coefficient * a : (1 + objective.beta) * e - objective.beta * a;
    return { token, expertLogProb: e, amateurLogProb: a, score };
  });
  out.sort((x, y) => y.score - x.score || x.token - y.token);
  return out;
}
