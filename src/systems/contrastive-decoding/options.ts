/**
 * Defaults and accepted ranges of contrastive decoding's options: the library fills its defaults from
 * here, and `yomikai cd generate` and the web page both accept exactly these ranges.
 * @module
 */
import { type NumberLimit, SEED_LIMIT } from "../../core/index.js";

/** Default of every numeric or named option of {@link generateContrastive}. */
export const CD_DEFAULTS = {
  /** Tokens to generate. */
  maxTokens: 256,
  /** Plausibility threshold α (the paper's value). */
  alpha: 0.1,
  /** Amateur temperature τ (the paper's value). */
  amateurTemperature: 0.5,
  /** Amateur coefficient c (`st_coef`). */
  coefficient: 1,
  /** β of the logit form (O'Brien & Lewis). */
  beta: 0.5,
  /** Beam width (1 = no beam search). */
  beams: 1,
  /** Temperature on CD scores when sampling. */
  temperature: 1,
  /** Sampling seed. */
  seed: 0,
  /** What the amateur sees. */
  amateurContext: "full",
  /** Objective form. */
  form: "log-prob",
  /** Distribution mode. */
  distribution: "full",
} as const;

/** Accepted range of every numeric option. */
export const CD_LIMITS = {
  maxTokens: { min: 1, max: 100_000, integer: true },
  alpha: { min: 0, max: 1, exclusiveMin: true },
  amateurTemperature: { min: 0, max: 100, exclusiveMin: true },
  coefficient: { min: 0, max: 100 },
  beta: { min: 0, max: 100 },
  beams: { min: 1, max: 64, integer: true },
  temperature: { min: 0, max: 100, exclusiveMin: true },
  seed: SEED_LIMIT,
} as const satisfies Record<string, NumberLimit>;

/** Choices of the named options. */
export const CD_CHOICES = {
  amateurContext: ["full", "last-token"],
  form: ["log-prob", "logit"],
  search: ["greedy", "beam", "sample"],
  distribution: ["full", "plausible-set"],
} as const;
