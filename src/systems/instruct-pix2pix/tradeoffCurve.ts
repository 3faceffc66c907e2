/**
 * The paper's trade-off curve (Figs. 8 and 10): s_T fixed, s_I swept; each point is the CLIP
 * direction similarity (x) against the CLIP image similarity (y) of one edit. Higher s_I keeps more
 * of the input and edits less.
 * @module
 */
import { type OnProgress, throwIfAborted } from "../../core/index.js";
import type { ClipModel, RgbImage } from "../../diffusion/index.js";
import { lineChart } from "../../report/index.js";
import { clipEditMetrics, type EditMetrics } from "./clipMetrics.js";
import type { EditOptions, InstructPix2Pix } from "./InstructPix2Pix.js";

/** s_I values of the paper's curve: 1.0, 1.2, …, 2.2. */
export const PAPER_IMAGE_SCALES: readonly number[] = [1, 1.2, 1.4, 1.6, 1.8, 2, 2.2];

/** Options of {@link tradeoffCurve}. */
export interface TradeoffOptions extends Omit<EditOptions, "imageGuidance" | "onProgress"> {
  /** Caption of the input image (T₀). */
  inputCaption: string;
  /** Caption of the wanted output (T₁). */
  outputCaption: string;
  /** s_I values. Defaults to {@link PAPER_IMAGE_SCALES}. */
  imageScales?: readonly number[];
  onProgress?: OnProgress;
}

/** One point of the curve. */
export interface TradeoffPoint extends EditMetrics {
  imageGuidance: number;
  textGuidance: number;
}

/** Edits at each s_I and measures both CLIP similarities. */
export async function tradeoffCurve(
  pipeline: InstructPix2Pix,
  clip: ClipModel,
  input: RgbImage,
  options: TradeoffOptions,
): Promise<TradeoffPoint[]> {
  const scales = [...(options.imageScales ?? PAPER_IMAGE_SCALES)];
  const prepared = await pipeline.prepare(input, options);
  const { onProgress, inputCaption, outputCaption, imageScales: _ignored, ...edit } = options;
  onProgress?.({ kind: "start", label: "trade-off", total: scales.length, unit: "edits" });
  const points: TradeoffPoint[] = [];
  for (const sI of scales) {
    throwIfAborted(options.signal);
    const r = await pipeline.edit(prepared, { ...edit, imageGuidance: sI });
    const m = await clipEditMetrics(clip, { input, edited: r.image, inputCaption, outputCaption });
    points.push({ ...m, imageGuidance: sI, textGuidance: r.textGuidance });
    onProgress?.({ kind: "step", label: "trade-off", done: points.length, total: scales.length, unit: "edits", detail: `sI=${sI}` });
  }
  onProgress?.({ kind: "done", label: "trade-off" });
  return points;
}

/** The curve as an SVG line chart (x: direction similarity, y: image similarity, points labelled by s_I). */
export function tradeoffChart(points: readonly TradeoffPoint[], title = "CLIP direction vs image similarity"): string {
  return lineChart({
    title,
    xLabel: "CLIP text-image direction similarity",
    yLabel: "CLIP image similarity",
    series: [
      {
        name: `s_T = ${points[0]?.textGuidance ?? 7.5}`,
        points: points.map((p) => ({ x: p.directionSimilarity, y: p.imageSimilarity, label: `s_I=${p.imageGuidance}` })),
      },
    ],
  });
}
