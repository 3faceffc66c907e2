/**
 * yomikai: the December 2022 AI paper reading session (AI最新論文読み会2022年12月), runnable.
 * The root entry holds the reading session as data and the shared basics; each system has its own
 * subpath (`yomikai/contrastive-decoding`, `yomikai/inference-planner`, …).
 * @module
 * @example
 * import { papers } from "yomikai";
 * papers.map((p) => p.arxiv); // ["2211.03759", "2211.09800", …]
 */
export * from "./core/index.js";
export * from "./papers.js";
export * from "./registry.js";
