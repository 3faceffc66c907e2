/**
 * A 3×5 pixel font for the few characters the sweep grid's labels need (digits, ".", "-", "=", "s",
 * "T", "I", ",", space), so labels need no font files or text rendering library.
 * @module
 */
import type { RgbImage } from "../../diffusion/index.js";

const GLYPHS: Record<string, string> = {
  "0": "111101101101111",
  "1": "010110010010111",
  "2": "111001111100111",
  "3": "111001111001111",
  "4": "101101111001001",
  "5": "111100111001111",
  "6": "111100111101111",
  "7": "111001010010010",
  "8": "111101111101111",
  "9": "111101111001111",
  ".": "000000000000010",
  ",": "000000000010100",
  "-": "000000111000000",
  "=": "000111000111000",
  s: "000011110001110",
  T: "111010010010010",
  I: "111010010010111",
  " ": "000000000000000",
};

/** Width in pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale: number): number {
  return text.length * 4 * scale;
}

/** Draws `text` into `image` at (x, y), `scale` pixels per font pixel, in `color`. Unknown characters are skipped. */
export function drawText(
  image: RgbImage,
  text: string,
  x: number,
  y: number,
  scale = 2,
  color: [number, number, number] = [0, 0, 0],
): void {
  let cx = x;
  for (const ch of text) {
    const g = GLYPHS[ch];
    if (g) {
      for (let r = 0; r < 5; r++)
        for (let c = 0; c < 3; c++) {
          if (g[r * 3 + c] !== "1") continue;
          for (let dy = 0; dy < scale; dy++)
            for (let dx = 0; dx < scale; dx++) {
              const px = cx + c * scale + dx;
              const py = y + r * scale + dy;
              if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
              image.data.set(color, (py * image.width + px) * 3);
            }
        }
    }
    cx += 4 * scale;
  }
}
