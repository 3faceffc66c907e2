/**
 * Dependency-free SVG charts for reports, docs figures and web pages: line/scatter charts (linear or
 * log axes) and heatmaps. Every chart is a standalone `<svg>` string.
 * @module
 */
import { escapeHtml } from "./html.js";

/** One series of a {@link lineChart}. */
export interface Series {
  name: string;
  points: { x: number; y: number; label?: string }[];
  /** Draw a line through the points. Defaults to `true`. */
  line?: boolean;
  /** Draw a marker at each point. Defaults to `true`. */
  markers?: boolean;
  /** CSS colour; defaults to the palette in order. */
  color?: string;
}

/** Options of {@link lineChart}. */
export interface LineChartOptions {
  series: Series[];
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Logarithmic x axis (base 10). Defaults to `false`. */
  logX?: boolean;
  /** Logarithmic y axis (base 10). Defaults to `false`. */
  logY?: boolean;
  /** Pixels. Defaults to 640 × 400. */
  width?: number;
  height?: number;
  /** Fixed axis ranges (in data units). */
  xRange?: [number, number];
  yRange?: [number, number];
}

/** A colour-blind-friendly palette (Okabe–Ito). */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0) ?? step0;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function logTicks(lo: number, hi: number): number[] {
  // Powers of ten; over a narrow range (fewer than four of them) also 2× and 5×, then 1–9×.
  for (const mantissas of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const ticks: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const v = m * 10 ** e;
        if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(Number(v.toPrecision(12)));
      }
    }
    if (ticks.length >= 4) return ticks;
  }
  return niceTicks(lo, hi);
}

/** Formats a tick value compactly (1.5k, 2M, 0.01). */
export function formatNumber(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  if (Number.isInteger(v)) return String(v);
  if (a >= 1e3) return String(+v.toPrecision(5));
  if (a < 1e-3) return v.toExponential(0);
  return String(+v.toPrecision(3));
}

/** A line/scatter chart with axes, ticks, labels and a legend. */
export function lineChart(options: LineChartOptions): string {
  const W = options.width ?? 640;
  const H = options.height ?? 400;
  const m = { l: 64, r: 16, t: options.title ? 34 : 14, b: 48 };
  const legendH = options.series.length > 1 ? 18 * Math.ceil(options.series.length / 3) : 0;
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b - legendH;
  const all = options.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const range = (vals: number[], log: boolean | undefined, fixed?: [number, number]): [number, number] => {
    if (fixed) return fixed;
    const v = log ? vals.filter((x) => x > 0) : vals;
    if (v.length === 0) return log ? [1, 10] : [0, 1];
    let lo = Math.min(...v);
    let hi = Math.max(...v);
    if (lo === hi) {
      lo = log ? lo / 2 : lo - 1;
      hi = log ? hi * 2 : hi + 1;
    }
    if (!log) {
      const pad = (hi - lo) * 0.05;
      return [lo - pad, hi + pad];
    }
    return [lo / 1.2, hi * 1.2];
  };
  const [x0, x1] = range(
    all.map((p) => p.x),
    options.logX,
    options.xRange,
  );
  const [y0, y1] = range(
    all.map((p) => p.y),
    options.logY,
    options.yRange,
  );
  const sx = (x: number) =>
    m.l + (options.logX ? (Math.log10(x) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) : (x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) =>
    m.t + ph - (options.logY ? (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (y - y0) / (y1 - y0)) * ph;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  if (options.title)
    out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(options.title)}</text>`);
  const xt = options.logX ? logTicks(x0, x1) : niceTicks(x0, x1);
  const yt = options.logY ? logTicks(y0, y1) : niceTicks(y0, y1);
  for (const t of xt) {
    const x = sx(t);
    out.push(
      `<line x1="${x}" y1="${m.t}" x2="${x}" y2="${m.t + ph}" stroke="#eee"/><text x="${x}" y="${m.t + ph + 15}" text-anchor="middle" fill="#444">${formatNumber(t)}</text>`,
    );
  }
  for (const t of yt) {
    const y = sy(t);
    out.push(
      `<line x1="${m.l}" y1="${y}" x2="${m.l + pw}" y2="${y}" stroke="#eee"/><text x="${m.l - 6}" y="${y + 4}" text-anchor="end" fill="#444">${formatNumber(t)}</text>`,
    );
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  if (options.xLabel)
    out.push(`<text x="${m.l + pw / 2}" y="${m.t + ph + 34}" text-anchor="middle" fill="#222">${escapeHtml(options.xLabel)}</text>`);
  if (options.yLabel)
    out.push(
      `<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" fill="#222">${escapeHtml(options.yLabel)}</text>`,
    );
  options.series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = s.points.filter(
      (p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!options.logX || p.x > 0) && (!options.logY || p.y > 0),
    );
    if (s.line !== false && pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ")}"/>`,
      );
    }
    if (s.markers !== false) {
      for (const p of pts) {
        out.push(
          `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3.5" fill="${color}"><title>${escapeHtml(`${s.name}${p.label ? `: ${p.label}` : ""} (${formatNumber(p.x)}, ${formatNumber(p.y)})`)}</title></circle>`,
        );
      }
    }
    if (options.series.length > 1) {
      const lx = m.l + (i % 3) * (pw / 3);
      const ly = H - legendH + 4 + Math.floor(i / 3) * 18;
      out.push(
        `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${color}"/><text x="${lx + 17}" y="${ly + 10}" fill="#222">${escapeHtml(s.name)}</text>`,
      );
    }
  });
  out.push("</svg>");
  return out.join("\n");
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  rows: string[];
  cols: string[];
  /** `values[r][c]`; NaN cells are drawn grey. */
  values: number[][];
  title?: string;
  rowLabel?: string;
  colLabel?: string;
  /** Formats the number printed in each cell. Defaults to 2 significant digits. */
  format?: (v: number) => string;
  /** Colour scale domain. Defaults to the data's min/max. With `center`, a diverging blue–white–red scale. */
  domain?: [number, number];
  /** Diverging scale centred on this value (e.g. 1 for observed/expected ratios). */
  center?: number;
  cell?: number;
}

function lerp(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}

/** A heatmap with the value printed in each cell. */
export function heatmap(options: HeatmapOptions): string {
  const cell = options.cell ?? 64;
  const flat = options.values.flat().filter(Number.isFinite);
  const [lo, hi] = options.domain ?? [Math.min(...flat, 0), Math.max(...flat, 1e-12)];
  const fmt = options.format ?? ((v: number) => String(+v.toPrecision(2)));
  const colour = (v: number): string => {
    if (!Number.isFinite(v)) return "#ddd";
    if (options.center !== undefined) {
      const c = options.center;
      const t = v >= c ? Math.min(1, (v - c) / Math.max(1e-12, hi - c)) : -Math.min(1, (c - v) / Math.max(1e-12, c - lo));
      return t >= 0 ? `rgb(255,${lerp(255, 80, t)},${lerp(255, 60, t)})` : `rgb(${lerp(255, 50, -t)},${lerp(255, 110, -t)},255)`;
    }
    const t = Math.max(0, Math.min(1, (v - lo) / Math.max(1e-12, hi - lo)));
    return `rgb(${lerp(247, 8, t)},${lerp(251, 64, t)},${lerp(255, 129, t)})`;
  };
  const ml = 90;
  const mt = (options.title ? 30 : 8) + 24;
  const W = ml + cell * options.cols.length + 16;
  const H = mt + cell * options.rows.length + (options.rowLabel || options.colLabel ? 28 : 10);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  if (options.title)
    out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeHtml(options.title)}</text>`);
  options.cols.forEach((c, j) => {
    out.push(`<text x="${ml + j * cell + cell / 2}" y="${mt - 8}" text-anchor="middle" fill="#222">${escapeHtml(c)}</text>`);
  });
  options.rows.forEach((r, i) => {
    out.push(`<text x="${ml - 8}" y="${mt + i * cell + cell / 2 + 4}" text-anchor="end" fill="#222">${escapeHtml(r)}</text>`);
    options.cols.forEach((_, j) => {
      const v = options.values[i]?.[j] ?? Number.NaN;
      const fill = colour(v);
      const dark = /rgb\((\d+),(\d+),(\d+)\)/.exec(fill);
      const lum = dark ? (0.299 * Number(dark[1]) + 0.587 * Number(dark[2]) + 0.114 * Number(dark[3])) / 255 : 1;
      out.push(
        `<rect x="${ml + j * cell}" y="${mt + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff"/><text x="${ml + j * cell + cell / 2}" y="${mt + i * cell + cell / 2 + 4}" text-anchor="middle" fill="${lum < 0.5 ? "#fff" : "#111"}">${Number.isFinite(v) ? escapeHtml(fmt(v)) : "–"}</text>`,
      );
    });
  });
  const foot: string[] = [];
  if (options.rowLabel) foot.push(`rows: ${options.rowLabel}`);
  if (options.colLabel) foot.push(`columns: ${options.colLabel}`);
  if (foot.length) out.push(`<text x="${ml}" y="${H - 8}" fill="#555">${escapeHtml(foot.join(" · "))}</text>`);
  out.push("</svg>");
  return out.join("\n");
}
