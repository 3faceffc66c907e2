/**
 * Defaults and accepted ranges of an edit's options: the library's defaults, `yomikai edit` flags and
 * the web page's validator all come from here, so both faces accept the same values.
 * @module
 */
import { type NumberLimit, SEED_LIMIT } from "../../core/index.js";

/** Defaults of an edit. */
export const EDIT_DEFAULTS = {
  /** Text guidance s_T (the paper's default). */
  textGuidance: 7.5,
  /** Image guidance s_I (the paper's default). */
  imageGuidance: 1.5,
  /**
   * Denoising steps. The paper's CLI uses 100 and its app 50; users commonly drop to 10–20. 20 keeps a
   * 512² edit to minutes on a small CPU while staying close in quality.
   */
  steps: 20,
  /** Noise seed. */
  seed: 0,
  /** Long side of the working size, pixels (`resize: "original"`). */
  resolution: 512,
  /** Largest working size in pixels (out-of-memory guard). */
  maxPixels: 1_048_576,
} as const;

/** Accepted range of each numeric option of an edit. */
export const EDIT_LIMITS = {
  textGuidance: { min: 0, max: 100 },
  imageGuidance: { min: 0, max: 100 },
  steps: { min: 1, max: 1000, integer: true },
  seed: SEED_LIMIT,
  resolution: { min: 64, max: 2048, integer: true },
  maxPixels: { min: 4096, max: 16_777_216, integer: true },
} as const satisfies Record<string, NumberLimit>;
