/**
 * Which size the model runs at for an input image. The output is always resized back to the input's
 * size, so only the working resolution depends on the policy.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";

/**
 * - `"original"`: the authors' `edit_cli.py` sizes: scale so the long side is `resolution`, round the
 *   short side **up** to a multiple of 64, floor both to multiples of 64. (The authors centre-crop to
 *   that size; the pipeline stretches instead, at most one 64-pixel rounding step, so that the output
 *   maps back onto the input pixel for pixel.)
 * - `"multiple-of-8"`: diffusers: keep the input size, rounded **down** to a multiple of 8.
 */
export type ResizePolicy = "original" | "multiple-of-8";

/** All policies, for CLI choices. */
export const RESIZE_POLICIES: readonly ResizePolicy[] = ["original", "multiple-of-8"];

/** Options of {@link workingSize}. */
export interface WorkingSizeOptions {
  /** Resize policy. Defaults to `"original"`. */
  policy?: ResizePolicy;
  /** Long side for the `"original"` policy, in pixels. Defaults to `512` (the paper's). */
  resolution?: number;
  /** Refuse working sizes above this many pixels (a guard against out-of-memory runs). Defaults to 1024². */
  maxPixels?: number;
}

/**
 * The model's working width and height for a `width` × `height` input.
 * @example workingSize(640, 480) // { width: 512, height: 384 }
 */
export function workingSize(width: number, height: number, options: WorkingSizeOptions = {}): { width: number; height: number } {
  const policy = options.policy ?? "original";
  let w: number;
  let h: number;
  if (policy === "original") {
    const resolution = options.resolution ?? 512;
    if (!(resolution >= 64)) throw new InvalidInputError(`Resolution must be at least 64 pixels; got ${resolution}.`);
    let factor = resolution / Math.max(width, height);
    factor = (Math.ceil((Math.min(width, height) * factor) / 64) * 64) / Math.min(width, height);
    w = Math.floor((width * factor) / 64) * 64;
    h = Math.floor((height * factor) / 64) * 64;
  } else if (policy === "multiple-of-8") {
    w = Math.floor(width / 8) * 8;
    h = Math.floor(height / 8) * 8;
  } else {
    throw new InvalidInputError(`Unknown resize policy "${policy}". Must be one of: ${RESIZE_POLICIES.join(", ")}.`);
  }
  w = Math.max(w, policy === "original" ? 64 : 8);
  h = Math.max(h, policy === "original" ? 64 : 8);
  const max = options.maxPixels ?? 1024 * 1024;
  if (w * h > max)
    throw new InvalidInputError(
      `The image would be edited at ${w}×${h} (${w * h} pixels), above the limit of ${max}. Use --resize original with a smaller --resolution, or raise --max-pixels.`,
    );
  return { width: w, height: h };
}
