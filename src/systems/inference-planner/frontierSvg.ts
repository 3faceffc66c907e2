/**
 * The Pareto plot (the paper's Figure 1): cost per token against latency, one curve per model and
 * weight dtype, as a standalone SVG.
 * @module
 */
import { lineChart } from "../../report/index.js";
import type { Phase } from "./costModel.js";
import type { FrontierPoint } from "./search.js";

/** Draws the Pareto frontier of each series (log–log). */
export function frontierSvg(points: FrontierPoint[], options: { phase?: Phase; title?: string; hardware?: string } = {}): string {
  const phase = options.phase ?? "decode";
  const groups = new Map<string, FrontierPoint[]>();
  for (const p of points) {
    if (!p.pareto) continue;
    const list = groups.get(p.series) ?? [];
    list.push(p);
    groups.set(p.series, list);
  }
  const series = [...groups.entries()].map(([name, pts]) => ({
    name,
    points: pts
      .sort((a, b) => a.latencySeconds - b.latencySeconds)
      .map((p) => ({
        x: phase === "decode" ? p.latencySeconds * 1000 : p.latencySeconds,
        y: p.costChipMsPerToken,
        label: `${p.chips} chips, batch ${p.batch}, ${p.layout.ffn}/${p.layout.attention}, MFU ${(p.mfu * 100).toFixed(0)}%`,
      })),
  }));
  return lineChart({
    series,
    logX: true,
    logY: true,
    // One series gets no legend from lineChart, so its name goes into the title.
    title:
      options.title ??
      `${phase === "decode" ? "Decode" : "Prefill"} cost vs latency${options.hardware ? ` on ${options.hardware}` : ""}${series.length === 1 ? `: ${series[0]?.name}` : ""}`,
    xLabel: phase === "decode" ? "latency per generated token (ms)" : "prefill latency (s)",
    yLabel: "cost (chip-ms per token)",
    width: 720,
    height: 460,
  });
}
