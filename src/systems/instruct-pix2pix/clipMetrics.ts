/**
 * The paper's edit metrics (authors' `metrics/clip_similarity.py`): CLIP image similarity
 * cos(I₀, I₁) — how much of the input survives — and CLIP direction similarity
 * cos(I₁ − I₀, T₁ − T₀) — whether the image changed the way the captions did. Images are resized
 * straight to the CLIP input size (bicubic, no centre crop: aspect distorted, as in the original),
 * normalised with CLIP's mean/std; embeddings are L2-normalised. Only ViT-L/14 gives numbers
 * comparable with the paper.
 * @module
 */
import { cosine } from "../../core/index.js";
import type { ClipModel, RgbImage } from "../../diffusion/index.js";

/** The four numbers of the authors' `ClipSimilarity.forward`. */
export interface EditMetrics {
  /** cos(I₀, I₁): CLIP image similarity (higher = more faithful to the input). */
  imageSimilarity: number;
  /** cos(I₁ − I₀, T₁ − T₀): CLIP direction similarity (higher = edit matches the caption change). */
  directionSimilarity: number;
  /** cos(I₀, T₀). */
  inputTextSimilarity: number;
  /** cos(I₁, T₁). */
  outputTextSimilarity: number;
}

/** Computes {@link EditMetrics} for an input/edited image pair and their captions. */
export async function clipEditMetrics(
  clip: ClipModel,
  pair: { input: RgbImage; edited: RgbImage; inputCaption: string; outputCaption: string },
): Promise<EditMetrics> {
  const [i0, i1] = (await clip.embedImages([pair.input, pair.edited])) as [Float32Array, Float32Array];
  const [t0, t1] = (await clip.embedTexts([pair.inputCaption, pair.outputCaption])) as [Float32Array, Float32Array];
  const di = i1.map((v, k) => v - (i0[k] as number));
  const dt = t1.map((v, k) => v - (t0[k] as number));
  return {
    imageSimilarity: cosine(i0, i1),
    directionSimilarity: cosine(di, dt),
    inputTextSimilarity: cosine(i0, t0),
    outputTextSimilarity: cosine(i1, t1),
  };
}
