/**
 * The shared basics every yomikai system uses: one error family with one-line messages, seeded
 * randomness, progress events, atomic file writes and resumable JSONL.
 * @module
 */

export * from "./bytesToUnicode.js";
export * from "./cache.js";
export * from "./errors.js";
export * from "./files.js";
export * from "./http.js";
export * from "./limits.js";
export * from "./math.js";
export * from "./outputPath.js";
export * from "./progress.js";
export * from "./rng.js";
export * from "./runner.js";
