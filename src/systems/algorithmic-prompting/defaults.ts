/**
 * Option defaults and limits as data: the CLI flags and the web page both read them, so the two faces
 * accept the same values.
 * @module
 */

/** Defaults of `algo eval` (and the page's problem). */
export const ALGO_DEFAULTS = {
  /** The algorithm. */
  task: "addition",
  /** The prompt style. */
  style: "algorithmic",
  /** Lengths evaluated by default: small, so the first run takes about a minute on the demo model. */
  digits: "1-3",
  /** Problems per length by default (the paper's setting is nearer 50–100; pass it for real runs). */
  perLength: 5,
  /** Seed of the problem sampler. */
  seed: 0,
  /** Tokens a single trace may take on the web page. */
  maxTokens: 256,
} as const;

/** Limits of the same options. */
export const ALGO_LIMITS = {
  /** Longest operand (digits) or parity list a length range may name. */
  maxLength: 1000,
  /** Most problems per length. */
  maxPerLength: 100000,
  /** Tokens of one trace on the web page: 1 to this. */
  maxTokens: 4096,
} as const;
