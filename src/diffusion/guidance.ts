/**
 * Classifier-free guidance combinations, as pure functions over model outputs (ε or x̂₀; the weights
 * sum to 1 so either space gives the same result).
 * @module
 */
import { InvalidInputError } from "../core/index.js";

/** Classic CFG: ε̃ = ε(∅) + s·(ε(c) − ε(∅)). */
export function classifierFreeGuidance(uncond: Float32Array, cond: Float32Array, scale: number): Float32Array {
  if (uncond.length !== cond.length) throw new InvalidInputError("Guidance needs outputs of equal size.");
  const out = new Float32Array(cond.length);
  for (let i = 0; i < out.length; i++) out[i] = (uncond[i] as number) + scale * ((cond[i] as number) - (uncond[i] as number));
  return out;
}

/** The three branches of InstructPix2Pix guidance and their weights. */
export interface DualGuidanceWeights {
  /** Weight of ε(z, c_I, c_T), the fully conditioned prediction: s_T. */
  full: number;
  /** Weight of ε(z, c_I, ∅), image only: s_I − s_T. */
  imageOnly: number;
  /** Weight of ε(z, ∅, ∅), unconditioned: 1 − s_I. */
  uncond: number;
}

/**
 * Expands ε̃ = ε(∅,∅) + s_I·(ε(I,∅) − ε(∅,∅)) + s_T·(ε(I,T) − ε(I,∅)) into per-branch weights
 * (they sum to 1). A zero weight means that branch need not be computed: s_I = 1 drops the
 * unconditioned branch, s_I = s_T drops the image-only one, s_I = s_T = 1 leaves only ε(I,T).
 */
export function dualGuidanceWeights(textScale: number, imageScale: number): DualGuidanceWeights {
  return { full: textScale, imageOnly: imageScale - textScale, uncond: 1 - imageScale };
}

/**
 * InstructPix2Pix dual guidance:
 * ε̃ = ε(∅,∅) + s_I·(ε(I,∅) − ε(∅,∅)) + s_T·(ε(I,T) − ε(I,∅)).
 * Branches whose weight is zero may be passed as `undefined`.
 */
export function dualGuidance(
  full: Float32Array | undefined,
  imageOnly: Float32Array | undefined,
  uncond: Float32Array | undefined,
  textScale: number,
  imageScale: number,
): Float32Array {
  const w = dualGuidanceWeights(textScale, imageScale);
  const parts: [Float32Array | undefined, number, string][] = [
    [full, w.full, "ε(I,T)"],
    [imageOnly, w.imageOnly, "ε(I,∅)"],
    [uncond, w.uncond, "ε(∅,∅)"],
  ];
  let n = -1;
  for (const [arr, weight, label] of parts) {
    if (weight !== 0 && !arr)
      throw new InvalidInputError(`Dual guidance with s_T=${textScale}, s_I=${imageScale} needs the ${label} branch.`);
    if (arr) {
      if (n >= 0 && arr.length !== n) throw new InvalidInputError("Guidance needs outputs of equal size.");
      n = arr.length;
    }
  }
  const out = new Float32Array(Math.max(n, 0));
  for (const [arr, weight] of parts) {
    if (!arr || weight === 0) continue;
    for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + weight * (arr[i] as number);
  }
  return out;
}
