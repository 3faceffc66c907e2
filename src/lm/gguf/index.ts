/**
 * GGUF writing from code: a streaming GGUF v3 writer ({@link writeGguf}) and builders of random-weight
 * gpt2/bloom/llama models with a shared byte-level BPE vocabulary ({@link writeRandomModel},
 * {@link writeTinyModels}, {@link writeDemoPair}). Random weights mean the models produce noise; they
 * exist to exercise llama.cpp end to end (tests, demos, timing) without any download.
 * @module
 */
export type { DemoPair, ModelShape, RandomModelOptions, TinyModels, Vocabulary } from "./randomModels.js";
export {
  BLOOM_560M_SHAPE,
  buildVocabulary,
  GPT2_SMALL_SHAPE,
  GPT2_XL_SHAPE,
  TINY_AMATEUR,
  TINY_EXPERT,
  writeDemoPair,
  writeRandomModel,
  writeTinyModels,
} from "./randomModels.js";
export type { GgufValue, TensorSpec, TensorType } from "./writeGguf.js";
export { encodeTensor, GgufValueType, tensorBytes, toHalf, writeGguf } from "./writeGguf.js";
