/**
 * APE's option defaults and limits as data: the CLI flags and the web page accept exactly these.
 * @module
 */
import type { NumberLimit } from "../../core/index.js";

/** Defaults of a search (APE's simple_ape / instruction-induction settings where they apply). */
export const APE_DEFAULTS = {
  candidates: 50,
  demos: 5,
  samples: 20,
  proposalTemperature: 0.9,
  evalTemperature: 0,
  resampleRounds: 0,
  testExamples: 100,
  concurrency: 1,
} as const;

/** Accepted ranges. */
export const APE_LIMITS = {
  candidates: { min: 1, max: 1000, integer: true },
  demos: { min: 1, max: 50, integer: true },
  samples: { min: 1, max: 1000, integer: true },
  proposalTemperature: { min: 0, max: 5 },
  evalTemperature: { min: 0, max: 5 },
  resampleRounds: { min: 0, max: 20, integer: true },
  testExamples: { min: 1, max: 10_000, integer: true },
  concurrency: { min: 1, max: 64, integer: true },
  maxCalls: { min: 1, integer: true },
  maxTokens: { min: 1, integer: true },
} as const satisfies Record<string, NumberLimit>;
