/**
 * Defaults and accepted ranges of a citation analysis: `yomikai citations analyze` flags and the page
 * both read them, so both faces accept the same values.
 * @module
 */
import { type NumberLimit, SEED_LIMIT } from "../../core/index.js";
import { PAPER_POLICIES, type PaperPolicy } from "./assignRegion.js";

/** Defaults of {@link analyzeWorks}. */
export const CITATION_DEFAULTS = {
  /** Paper → region rule. */
  policy: "unanimous" as PaperPolicy,
  /** Bootstrap replicates for 95% intervals. */
  bootstrap: 1000,
  /** Seed of the bootstrap resampling. */
  seed: 1,
};

/** Accepted range of each numeric option. */
export const CITATION_LIMITS = {
  bootstrap: { min: 0, max: 100_000, integer: true },
  seed: SEED_LIMIT,
} as const satisfies Record<string, NumberLimit>;

/** Choices of the named options. */
export const CITATION_CHOICES = {
  policy: PAPER_POLICIES,
} as const;
