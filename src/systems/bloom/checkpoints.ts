/**
 * The BLOOM family (arXiv 2211.05100) and the published numbers a small harness can check against.
 * @module
 */

/** One BLOOM checkpoint's shape (model cards and config.json). */
export interface BloomCheckpoint {
  name: string;
  /** Hugging Face repository of the original weights (convert to GGUF with llama.cpp's converter). */
  repo: string;
  layers: number;
  hidden: number;
  heads: number;
  /** Parameters, when the model card gives them. */
  params?: number;
}

/** The released checkpoints. Vocabulary 250,880 (250,680 real tokens), ALiBi, embedding LayerNorm, tied LM head. */
export const BLOOM_CHECKPOINTS: readonly BloomCheckpoint[] = [
  { name: "bloom-560m", repo: "bigscience/bloom-560m", layers: 24, hidden: 1024, heads: 16, params: 559_214_592 },
  { name: "bloom-1b1", repo: "bigscience/bloom-1b1", layers: 24, hidden: 1536, heads: 16 },
  { name: "bloom-1b7", repo: "bigscience/bloom-1b7", layers: 24, hidden: 2048, heads: 16 },
  { name: "bloom-3b", repo: "bigscience/bloom-3b", layers: 30, hidden: 2560, heads: 32 },
  { name: "bloom-7b1", repo: "bigscience/bloom-7b1", layers: 30, hidden: 4096, heads: 32 },
  { name: "bloom", repo: "bigscience/bloom", layers: 70, hidden: 14336, heads: 112 },
];

/** One published number. */
export interface PublishedScore {
  task: string;
  metric: "acc" | "acc_norm" | "perplexity";
  value: number;
}

/**
 * bloom-560m, EleutherAI lm-eval-harness, final checkpoint (global step 659500), zero-shot, from
 * `bigscience/evaluation-results` (`bloom560m/bslmevalfiles/…global_step659500…json`).
 */
export const BLOOM_560M_PUBLISHED: readonly PublishedScore[] = [
  { task: "arc-easy", metric: "acc", value: 0.4735 },
  { task: "arc-easy", metric: "acc_norm", value: 0.4167 },
  { task: "hellaswag", metric: "acc", value: 0.3156 },
  { task: "hellaswag", metric: "acc_norm", value: 0.3655 },
  { task: "lambada", metric: "acc", value: 0.3536 },
  { task: "lambada", metric: "perplexity", value: 28.68 },
];
