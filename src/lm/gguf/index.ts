/**
 * GGUF writing from code: a streaming GGUF v3 writer ({@link writeGguf}), builders of random-weight
 * gpt2/bloom/llama models with a shared byte-level BPE vocabulary ({@link writeRandomModel},
 * {@link writeTinyModels}; their text is noise, for tests and timing), a byte-level BPE trainer and
 * tokenizer ({@link trainBpe}, {@link BpeTokenizer}), and the shipped expert/amateur pair trained on
 * the King James Bible ({@link writeDemoPair}, {@link shippedDemoPair}), which writes real English.
 * @module
 */
export type { TrainBpeOptions } from "./bpe.js";
export { BpeTokenizer, GPT2_PRETOKENIZER, pretokenize, trainBpe } from "./bpe.js";
export type { DemoModelEntry, DemoPair, DemoPairManifest, HeldoutChapter } from "./demoPair.js";
export {
  DEMO_PAIR_PROMPT,
  demoPairAssetDir,
  hasDemoPair,
  readDemoPairManifest,
  readHeldoutChapters,
  sha256File,
  shippedDemoPair,
  writeDemoPair,
} from "./demoPair.js";
export type { ModelShape, RandomModelOptions, TinyModels, Vocabulary } from "./randomModels.js";
export {
  BLOOM_560M_SHAPE,
  buildVocabulary,
  GPT2_SMALL_SHAPE,
  GPT2_XL_SHAPE,
  modelMetadata,
  TINY_AMATEUR,
  TINY_EXPERT,
  writeRandomModel,
  writeTinyModels,
} from "./randomModels.js";
export type { GgufValue, TensorSpec, TensorType } from "./writeGguf.js";
export { encodeTensor, GgufValueType, tensorBytes, toHalf, writeGguf } from "./writeGguf.js";
