/**
 * BLOOM (BigScience, arXiv 2211.05100) as a runnable system: the checkpoints through the LM runtime,
 * and a multilingual zero-shot evaluation harness in the lm-eval-harness style — task files
 * (`{context, choices, gold, lang?}` JSONL), log-likelihood scoring with the context's KV cache reused
 * across choices, acc and acc_norm, greedy generation with chrF, loaders for XNLI, XStoryCloze,
 * XWinograd, XCOPA, PAWS-X, LAMBADA, ARC-easy, HellaSwag and Flores-101, and a scorecard.
 *
 * @example
 * import { loadLanguageModel } from "yomikai/lm";
 * import { DEMO_ITEMS, evaluateTasks, scorecardMarkdown } from "yomikai/bloom";
 * const lm = await loadLanguageModel("bloom-560m.Q8_0.gguf");
 * const r = await evaluateTasks(lm, [{ name: "demo", items: [...DEMO_ITEMS] }]);
 * console.log(scorecardMarkdown(r));
 * @module
 */
export { BLOOM_560M_PUBLISHED, BLOOM_CHECKPOINTS, type BloomCheckpoint, type PublishedScore } from "./checkpoints.js";
export { addChrfStats, CHRF_BETA, CHRF_ORDER, type ChrfStats, chrfFromStats, chrfStats, corpusChrf } from "./chrf.js";
export {
  type DatasetOptions,
  floresSentences,
  loadTask,
  resolveTasks,
  rowFetcher,
  TASK_NAMES,
  TASKS,
  type TaskSpec,
  tarEntry,
} from "./datasets.js";
export { DEMO_ITEMS } from "./demoTask.js";
export {
  type EvalTask,
  type EvaluateOptions,
  type EvaluateResult,
  evaluateTasks,
  type LangScore,
  type SampleLine,
  type TaskScore,
} from "./evaluate.js";
export { scorecardJson, scorecardMarkdown, scorecardSvg } from "./scorecard.js";
export {
  argmaxLowest,
  type ChoiceResult,
  charLength,
  type GenerationOptions,
  type GenerationResult,
  generateItem,
  scoreChoiceItem,
} from "./scoring.js";
export {
  type ChoiceItem,
  formatTaskFile,
  type GenerationItem,
  isGeneration,
  parseTaskFile,
  readTaskFile,
  type TaskItem,
} from "./taskFile.js";
