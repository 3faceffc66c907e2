/**
 * The paper's s_T × s_I grid (Fig. 4 of arXiv 2211.09800): the same image, instruction and seed edited
 * at every pair of guidance scales, pasted into one labelled image. Rows vary s_I, columns vary s_T.
 * @module
 */
import { InvalidInputError, type OnProgress, throwIfAborted } from "../../core/index.js";
import type { RgbImage } from "../../diffusion/index.js";
import type { EditOptions, EditResult, InstructPix2Pix } from "./InstructPix2Pix.js";
import { drawText, textWidth } from "./labelFont.js";

/** Text scales of the paper's grid figure. */
export const DEFAULT_SWEEP_TEXT_SCALES: readonly number[] = [3, 5, 7.5, 10];
/** Image scales of the paper's grid figure. */
export const DEFAULT_SWEEP_IMAGE_SCALES: readonly number[] = [1, 1.2, 1.5, 2];

/** Largest grid {@link guidanceSweep} draws, in pixels (about 300 MB of RGB): beyond it a grid cannot be allocated or encoded. */
export const MAX_GRID_PIXELS = 100_000_000;

/** Options of {@link guidanceSweep}. */
export interface SweepOptions extends Omit<EditOptions, "textGuidance" | "imageGuidance" | "onProgress"> {
  /** s_T values, one per column. Defaults to 3, 5, 7.5, 10. */
  textScales?: readonly number[];
  /** s_I values, one per row. Defaults to 1, 1.2, 1.5, 2. */
  imageScales?: readonly number[];
  /** Each cell's long side in the grid, in pixels. Defaults to `256`. */
  cellSize?: number;
  /** Progress: one `"sweep"` step per cell (per-step events of each edit are not forwarded). */
  onProgress?: OnProgress;
  /** Called after each cell, e.g. to stream results. */
  onCell?: (cell: SweepCell) => void | Promise<void>;
}

/** One edit of the grid. */
export interface SweepCell {
  textGuidance: number;
  imageGuidance: number;
  row: number;
  col: number;
  result: EditResult;
}

/** What {@link guidanceSweep} returns. */
export interface SweepResult {
  grid: RgbImage;
  cells: SweepCell[];
  textScales: number[];
  imageScales: number[];
  seed: number | string;
}

/** Where things go in a sweep grid: cell size, label margins, whole size. */
interface GridLayout {
  cw: number;
  ch: number;
  font: number;
  gap: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

function gridLayout(inputWidth: number, inputHeight: number, columns: number, rows: number, cellSize: number): GridLayout {
  const k = cellSize / Math.max(inputWidth, inputHeight);
  const cw = Math.max(8, Math.round(inputWidth * k));
  const ch = Math.max(8, Math.round(inputHeight * k));
  const font = Math.max(2, Math.round(cellSize / 80));
  const gap = 4;
  const left = textWidth("sI=0.00", font) + 2 * gap;
  const top = 7 * font + 2 * gap;
  return { cw, ch, font, gap, left, top, width: left + (columns + 1) * (cw + gap), height: top + rows * (ch + gap) + gap };
}

/**
 * Checks a sweep's scales and grid size before any edit runs (a grid too big to allocate would
 * otherwise fail after the last edit).
 * @returns the grid's width and height in pixels.
 * @throws {@link InvalidInputError} for an empty scale list or a grid above {@link MAX_GRID_PIXELS}.
 */
export function checkSweepGrid(
  input: { width: number; height: number },
  options: Pick<SweepOptions, "textScales" | "imageScales" | "cellSize">,
): { width: number; height: number } {
  const columns = (options.textScales ?? DEFAULT_SWEEP_TEXT_SCALES).length;
  const rows = (options.imageScales ?? DEFAULT_SWEEP_IMAGE_SCALES).length;
  if (columns === 0 || rows === 0) throw new InvalidInputError("A sweep needs at least one text scale and one image scale.");
  const { width, height } = gridLayout(input.width, input.height, columns, rows, options.cellSize ?? 256);
  if (width * height > MAX_GRID_PIXELS)
    throw new InvalidInputError(
      `The ${rows}×${columns} grid would be ${width}×${height} pixels (${width * height}), above the limit of ${MAX_GRID_PIXELS}: use fewer --text-scales/--image-scales or a smaller --cell-size.`,
    );
  return { width, height };
}

/** Runs the sweep and renders the labelled grid. */
export async function guidanceSweep(pipeline: InstructPix2Pix, input: RgbImage, options: SweepOptions): Promise<SweepResult> {
  const textScales = [...(options.textScales ?? DEFAULT_SWEEP_TEXT_SCALES)];
  const imageScales = [...(options.imageScales ?? DEFAULT_SWEEP_IMAGE_SCALES)];
  checkSweepGrid(input, options);
  const prepared = await pipeline.prepare(input, options);
  const { onProgress, onCell, ...editOptions } = options;
  const total = textScales.length * imageScales.length;
  onProgress?.({ kind: "start", label: "sweep", total, unit: "edits" });
  const cells: SweepCell[] = [];
  for (const [row, sI] of imageScales.entries()) {
    for (const [col, sT] of textScales.entries()) {
      throwIfAborted(options.signal);
      const result = await pipeline.edit(prepared, { ...editOptions, textGuidance: sT, imageGuidance: sI });
      const cell = { textGuidance: sT, imageGuidance: sI, row, col, result };
      cells.push(cell);
      await onCell?.(cell);
      onProgress?.({ kind: "step", label: "sweep", done: cells.length, total, unit: "edits", detail: `sT=${sT} sI=${sI}` });
    }
  }
  onProgress?.({ kind: "done", label: "sweep" });
  const grid = await renderSweepGrid(
    input,
    cells.map((c) => ({ image: c.result.image, row: c.row, col: c.col })),
    textScales,
    imageScales,
    options.cellSize ?? 256,
  );
  return { grid, cells, textScales, imageScales, seed: options.seed ?? 0 };
}

/** Lays out the input (top-left) and the edits in a grid with s_T labels on top and s_I labels on the left. */
export async function renderSweepGrid(
  input: RgbImage,
  cells: readonly { image: RgbImage; row: number; col: number }[],
  textScales: readonly number[],
  imageScales: readonly number[],
  cellSize: number,
): Promise<RgbImage> {
  const { resizeImage } = await import("../../diffusion/index.js");
  const { cw, ch, font, gap, left, top, width, height } = gridLayout(
    input.width,
    input.height,
    textScales.length,
    imageScales.length,
    cellSize,
  );
  const grid: RgbImage = { width, height, data: new Uint8Array(width * height * 3).fill(255) };
  const paste = (img: RgbImage, x0: number, y0: number) => {
    for (let y = 0; y < img.height; y++)
      grid.data.set(img.data.subarray(y * img.width * 3, (y + 1) * img.width * 3), ((y0 + y) * width + x0) * 3);
  };
  paste(await resizeImage(input, cw, ch), left, top);
  for (const [col, sT] of textScales.entries()) drawText(grid, `sT=${sT}`, left + (col + 1) * (cw + gap), gap, font);
  for (const [row, sI] of imageScales.entries()) drawText(grid, `sI=${sI}`, gap, top + row * (ch + gap) + Math.floor(ch / 2), font);
  for (const c of cells) paste(await resizeImage(c.image, cw, ch), left + (c.col + 1) * (cw + gap), top + c.row * (ch + gap));
  return grid;
}
