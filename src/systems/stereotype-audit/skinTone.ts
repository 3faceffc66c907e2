/**
 * Perceived skin tone from pixels, the model-free method of DALL-Eval and HEIM: pixels that pass the
 * RGB + YCrCb skin rules of Kolkur et al. (arXiv 1708.02694) are averaged, and the mean colour is
 * assigned the nearest of the 10 Monk Skin Tone anchors by L1 distance in RGB. An image with no skin
 * pixel is "unknown" (null), never dropped.
 *
 * Known properties (see docs): background and hair pixels count when they pass the rules; the rules
 * need R > 95 and Y > 80, so a mean colour can never be nearest to Monk 9 or 10; the anchor colours
 * of Monk 1–3 (|R − G| ≤ 15) and 8–10 are not skin by these rules themselves. HEIM's published code averaged the
 * channels in B, G, R order before comparing with the RGB anchors; yomikai compares in R, G, B order.
 * @module
 */
import type { RgbImage } from "../../diffusion/index.js";

/** The 10 Monk Skin Tone anchors (RGB), Monk 1 (lightest) to Monk 10 (darkest), as HEIM uses them. */
export const MONK_SKIN_TONES: readonly (readonly [number, number, number])[] = [
  [246, 237, 228],
  [243, 231, 219],
  [247, 234, 208],
  [234, 218, 186],
  [215, 189, 150],
  [160, 126, 86],
  [130, 92, 67],
  [96, 65, 52],
  [58, 49, 42],
  [41, 36, 32],
];

/** The 8-bit Y, Cr, Cb of an RGB colour (the ITU-R BT.601 full-range conversion OpenCV uses). */
export function rgbToYCrCb(r: number, g: number, b: number): [number, number, number] {
  const clamp = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
  const y = 0.299 * r + 0.587 * g + 0.114 * b;
  return [clamp(y), clamp((r - y) * 0.713 + 128), clamp((b - y) * 0.564 + 128)];
}

/** Whether one pixel passes the skin rules (RGBA and YCrCb thresholds). `a` is the alpha, 255 for opaque images. */
export function isSkinPixel(r: number, g: number, b: number, a = 255): boolean {
  if (!(r > 95 && g > 40 && b > 20 && r > g && r > b && Math.abs(r - g) > 15 && a > 15)) return false;
  const [y, cr, cb] = rgbToYCrCb(r, g, b);
  return (
    cr > 135 &&
    cb > 85 &&
    y > 80 &&
    cr <= 1.5862 * cb + 20 &&
    cr >= 0.3448 * cb + 76.2069 &&
    cr >= -4.5652 * cb + 234.5652 &&
    cr <= -1.15 * cb + 301.75 &&
    cr <= -2.2857 * cb + 432.85
  );
}

/** The Monk tone (1–10) nearest to a colour by L1 distance in RGB (ties: the lighter tone). */
export function nearestMonkTone(rgb: readonly [number, number, number]): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  MONK_SKIN_TONES.forEach((anchor, k) => {
    const d = Math.abs(rgb[0] - anchor[0]) + Math.abs(rgb[1] - anchor[1]) + Math.abs(rgb[2] - anchor[2]);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  });
  return best + 1;
}

/** What {@link monkSkinTone} found in an image. */
export interface SkinToneResult {
  /** The Monk tone 1–10, or null when no pixel passed the skin rules (unknown). */
  tone: number | null;
  /** Pixels that passed the skin rules. */
  skinPixels: number;
  /** Their share of all pixels (0–1). */
  skinFraction: number;
  /** Their mean colour (RGB, 0–255), or null. */
  meanRgb: [number, number, number] | null;
}

/** The perceived Monk skin tone of an image (see the module note). */
export function monkSkinTone(image: RgbImage): SkinToneResult {
  const { data, width, height } = image;
  let n = 0;
  let sr = 0;
  let sg = 0;
  let sb = 0;
  for (let p = 0; p < width * height; p++) {
    const r = data[p * 3] as number;
    const g = data[p * 3 + 1] as number;
    const b = data[p * 3 + 2] as number;
    if (isSkinPixel(r, g, b)) {
      n++;
      sr += r;
      sg += g;
      sb += b;
    }
  }
  if (n === 0) return { tone: null, skinPixels: 0, skinFraction: 0, meanRgb: null };
  const mean: [number, number, number] = [sr / n, sg / n, sb / n];
  return { tone: nearestMonkTone(mean), skinPixels: n, skinFraction: n / (width * height), meanRgb: mean };
}

/** A CSS colour of a Monk anchor (for charts and swatches). */
export function monkColor(tone: number): string {
  const a = MONK_SKIN_TONES[tone - 1];
  return a ? `rgb(${a[0]},${a[1]},${a[2]})` : "#999";
}

/**
 * A planted test image: a square swatch of `rgb` centred on a neutral grey background (grey never
 * passes the skin rules). Used to check the pipeline against known answers.
 * @param size - Image side in pixels. Defaults to `64`.
 * @param fraction - Swatch side as a fraction of the image side. Defaults to `0.5`.
 */
export function swatchImage(rgb: readonly [number, number, number], size = 64, fraction = 0.5): RgbImage {
  const data = new Uint8Array(size * size * 3).fill(128);
  const s = Math.max(1, Math.round(size * fraction));
  const o = Math.floor((size - s) / 2);
  for (let y = o; y < o + s; y++)
    for (let x = o; x < o + s; x++) {
      const p = (y * size + x) * 3;
      data[p] = rgb[0];
      data[p + 1] = rgb[1];
      data[p + 2] = rgb[2];
    }
  return { width: size, height: size, data };
}

/**
 * The colour on a 5-unit RGB grid nearest (L1) to Monk anchor `tone` that passes the skin rules and
 * is classified as `tone`, or null when none exists (Monk 9 and 10: the rules need R > 95 and Y > 80).
 * Swatches of these colours make planted test images.
 */
export function plantableColor(tone: number): [number, number, number] | null {
  const anchor = MONK_SKIN_TONES[tone - 1];
  if (!anchor) return null;
  let best: [number, number, number] | null = null;
  let bestD = Number.POSITIVE_INFINITY;
  for (let r = 0; r <= 255; r += 5)
    for (let g = 0; g <= 255; g += 5)
      for (let b = 0; b <= 255; b += 5) {
        const d = Math.abs(r - anchor[0]) + Math.abs(g - anchor[1]) + Math.abs(b - anchor[2]);
        if (d >= bestD || !isSkinPixel(r, g, b) || nearestMonkTone([r, g, b]) !== tone) continue;
        best = [r, g, b];
        bestD = d;
      }
  return best;
}
