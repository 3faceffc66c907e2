/**
 * `yomikai/lm` — one {@link LanguageModel} interface for every LM-based system, with two backends:
 * llama.cpp (GGUF through `node-llama-cpp`, loaded lazily) and OpenAI-compatible HTTP servers; plus
 * model resolution (local path, `hf:` reference, URL) with a download cache, shared samplers, and a
 * GGUF writer with tiny random-weight model builders (`writeGguf`, `writeRandomModel`, `writeTinyModels`)
 * for tests, a byte-level BPE trainer (`trainBpe`, `BpeTokenizer`), and a small expert/amateur pair
 * trained on the King James Bible, shipped in the package (`writeDemoPair`, `shippedDemoPair`) for
 * download-free demos with real English text.
 *
 * @example
 * import { loadLanguageModel } from "yomikai/lm";
 * const lm = await loadLanguageModel("gpt2-xl.Q8_0.gguf");            // or "hf:owner/repo/file.gguf"
 * const ids = await lm.tokenize("The quick brown fox");
 * const { logProbs } = await lm.nextTokenLogProbs(ids);                // whole vocabulary, natural log
 * for await (const t of lm.generate("Once upon a time", { maxTokens: 32 })) process.stdout.write(t.text);
 * await lm.close();
 * @module
 */

export { downloadFile } from "../core/index.js";
export type { CompleteOptions, Completion, ContinuationScore, TextCompleter } from "./complete.js";
export { completeText, scoreContinuation } from "./complete.js";
export type {
  DemoModelEntry,
  DemoPair,
  DemoPairManifest,
  GgufValue,
  HeldoutChapter,
  ModelShape,
  RandomModelOptions,
  TensorSpec,
  TensorType,
  TinyModels,
  TrainBpeOptions,
  Vocabulary,
} from "./gguf/index.js";
export {
  BLOOM_560M_SHAPE,
  BpeTokenizer,
  buildVocabulary,
  DEMO_PAIR_PROMPT,
  demoPairAssetDir,
  encodeTensor,
  GgufValueType,
  GPT2_PRETOKENIZER,
  GPT2_SMALL_SHAPE,
  GPT2_XL_SHAPE,
  hasDemoPair,
  modelMetadata,
  pretokenize,
  readDemoPairManifest,
  readHeldoutChapters,
  sha256File,
  shippedDemoPair,
  TINY_AMATEUR,
  TINY_EXPERT,
  tensorBytes,
  toHalf,
  trainBpe,
  writeDemoPair,
  writeGguf,
  writeRandomModel,
  writeTinyModels,
} from "./gguf/index.js";
export type { GgufInfo } from "./ggufInfo.js";
export { readGgufInfo } from "./ggufInfo.js";
export type { LlamaModelOptions } from "./llamaCpp.js";
export { loadLlamaModel, MIN_PROB } from "./llamaCpp.js";
export type { ChatMessage, OpenAIModel, OpenAIModelOptions } from "./openai.js";
export { createOpenAIModel } from "./openai.js";
export type { HfReference, LoadModelOptions, ResolveOptions } from "./resolve.js";
export { checkGgufDownload, defaultCacheDir, lmDemoDir, loadLanguageModel, parseHfReference, resolveModelFile } from "./resolve.js";
export { argmax, checkSamplingOptions, logSumExp, pickToken, temper, truncate } from "./sampling.js";
export { streamFromDistributions, TextStreamer } from "./stream.js";
export type {
  CallOptions,
  GeneratedToken,
  GenerateOptions,
  LanguageModel,
  LanguageModelCapabilities,
  PartialDistribution,
  SamplingOptions,
  TokenDistribution,
  TokenId,
  TokenizeOptions,
} from "./types.js";
