/**
 * Defaults and accepted ranges of a planning request: `yomikai plan` flags and the planner page both
 * read them, so both faces accept the same values.
 * @module
 */
import type { NumberLimit } from "../../core/index.js";

/** Defaults of a planning request. */
export const PLAN_DEFAULTS = {
  /** Model name. */
  model: "palm-540b",
  /** Hardware profile. */
  hardware: "tpu-v4",
  /** Chips (the page's starting point; the CLI requires --chips). */
  chips: 64,
  /** Sequences processed together. */
  batch: 1,
  /** Phase. */
  phase: "decode",
  /** Prefill tokens per sequence. */
  inputTokens: 2048,
  /** Tokens cached before a decode phase. */
  decodeContext: 2048,
  /** Decode steps. */
  outputTokens: 64,
  /** Weight storage dtype. */
  weights: "bf16",
} as const;

/** Accepted range of each numeric option of a planning request. */
export const PLAN_LIMITS = {
  chips: { min: 1, max: 65_536, integer: true },
  batch: { min: 1, max: 1 << 20, integer: true },
  inputTokens: { min: 1, max: 1 << 24, integer: true },
  context: { min: 0, max: 1 << 24, integer: true },
  outputTokens: { min: 1, max: 1 << 24, integer: true },
} as const satisfies Record<string, NumberLimit>;

/** Choices of the named options. */
export const PLAN_CHOICES = {
  phase: ["decode", "prefill"],
  weights: ["bf16", "int8"],
} as const;
