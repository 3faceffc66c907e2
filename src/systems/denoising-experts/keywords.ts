/**
 * Knowledge enhancement at inference: the key words of the prompt (chosen by part of speech) get
 * more weight in the text conditioning. ERNIE-ViLG 2.0 scaled the cross-attention between image
 * tokens and key-word tokens by (1 + w) during training; an exported UNet's attention cannot be
 * reached from outside, so yomikai scales the text encoder's hidden states at the key words' token
 * positions by (1 + w). In Stable Diffusion's cross-attention the key and value projections of those
 * states have no bias, so their attention logits and values grow by the same factor.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import type { ClipTokenizer, FloatTensor } from "../../diffusion/index.js";
import { KEYWORD_TAGS, type PosTag, tagPieces } from "./posTagger.js";

/** One key word found in a prompt. */
export interface Keyword {
  word: string;
  tag: PosTag;
  /** Its token positions in the 77-token sequence (position 0 is the start token). */
  positions: number[];
}

/** The key words of `prompt` and their token positions under `tokenizer`. */
export function findKeywords(tokenizer: ClipTokenizer, prompt: string, tags: readonly PosTag[] = KEYWORD_TAGS): Keyword[] {
  const pieces = tokenizer.tokenizePieces(prompt);
  const tagged = tagPieces(pieces.map((p) => p.piece));
  const last = tokenizer.maxLength - 2; // body tokens occupy positions 1 … maxLength − 2
  const out: Keyword[] = [];
  let pos = 1;
  pieces.forEach((p, i) => {
    const t = tagged[i];
    const positions = p.tokens.map((_, k) => pos + k).filter((q) => q <= last);
    pos += p.tokens.length;
    if (t && tags.includes(t.tag) && positions.length) out.push({ word: p.piece, tag: t.tag, positions });
  });
  return out;
}

/**
 * A copy of `context` `[1, L, D]` with the hidden states at the key words' positions multiplied by
 * (1 + weight). A weight of 0 returns the context unchanged.
 */
export function weightKeywords(context: FloatTensor, keywords: readonly Keyword[], weight: number): FloatTensor {
  if (!Number.isFinite(weight) || weight < -1)
    throw new InvalidInputError(`The key-word weight must be a number ≥ −1 (0 = off; the paper trained with 0.01); got ${weight}.`);
  if (weight === 0 || keywords.length === 0) return context;
  const [, len, dim] = context.dims as [number, number, number];
  const data = Float32Array.from(context.data);
  const factor = 1 + weight;
  for (const k of keywords)
    for (const p of k.positions) {
      if (p >= len) continue;
      for (let d = 0; d < dim; d++) data[p * dim + d] = (data[p * dim + d] as number) * factor;
    }
  return { data, dims: [...context.dims] };
}
