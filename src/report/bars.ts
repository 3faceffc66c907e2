/**
 * Dependency-free SVG bar charts: grouped bars with optional 95% interval whiskers and reference
 * marks (e.g. a model's share beside a census share), and single-series histograms with one colour
 * per bar.
 * @module
 */
import { escapeHtml } from "./html.js";
import { formatNumber, PALETTE } from "./svg.js";

/** One series of a {@link barChart}: one bar per category. */
export interface BarSeries {
  name: string;
  /** One value per category; null draws no bar (and "n/a"). */
  values: (number | null)[];
  /** Optional interval per category, drawn as a whisker. */
  intervals?: ([number, number] | null)[];
  /** Bar colour; defaults to the palette in order. */
  color?: string;
  /** One colour per category (histograms); overrides `color`. */
  colors?: string[];
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  categories: string[];
  series: BarSeries[];
  title?: string;
  yLabel?: string;
  /** Fixed y range top (data units). Defaults to the largest value or interval end. */
  yMax?: number;
  /** Pixels. Defaults to 640 × 280. */
  width?: number;
  height?: number;
}

/** A grouped bar chart with axes, whiskers and a legend (when more than one series). */
export function barChart(o: BarChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 280;
  const m = { l: 52, r: 12, t: o.title ? 28 : 12, b: 56 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const all = o.series
    .flatMap((s) => [...s.values, ...(s.intervals ?? []).flatMap((iv) => (iv ? [iv[1]] : []))])
    .filter((v): v is number => v !== null);
  const top = o.yMax ?? Math.max(1e-9, ...all);
  const y = (v: number) => m.t + ph - (Math.max(0, Math.min(v, top)) / top) * ph;
  const group = pw / Math.max(1, o.categories.length);
  const bw = (group * 0.8) / Math.max(1, o.series.length);
  const maxChars = Math.max(3, Math.floor(group / 6.2)); // about 6 px per character at 11 px
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" style="max-width:100%;height:auto" font-family="system-ui,sans-serif" font-size="11" role="img">`,
  );
  if (o.title) parts.push(`<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${escapeHtml(o.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${m.l - 4}" y="${y(v) + 4}" text-anchor="end">${formatNumber(Number(v.toPrecision(3)))}</text>`);
  }
  if (o.yLabel)
    parts.push(`<text transform="translate(12 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(o.yLabel)}</text>`);
  o.categories.forEach((c, ci) => {
    const gx = m.l + ci * group + group * 0.1;
    o.series.forEach((s, si) => {
      const v = s.values[ci] ?? null;
      const x = gx + si * bw;
      const color = s.colors?.[ci] ?? s.color ?? (PALETTE[si % PALETTE.length] as string);
      if (v === null) {
        parts.push(`<text x="${x + bw / 2}" y="${m.t + ph - 3}" text-anchor="middle" fill="#888" font-size="9">n/a</text>`);
        return;
      }
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${(m.t + ph - y(v)).toFixed(1)}" fill="${color}" stroke="#555" stroke-width="0.5"><title>${escapeHtml(`${s.name} · ${c}: ${formatNumber(Number(v.toPrecision(4)))}`)}</title></rect>`,
      );
      const iv = s.intervals?.[ci];
      if (iv) {
        const cx = x + (bw - 2) / 2;
        parts.push(
          `<path d="M${cx} ${y(iv[0])}V${y(iv[1])}M${cx - 3} ${y(iv[0])}h6M${cx - 3} ${y(iv[1])}h6" stroke="#000" stroke-width="1.2" fill="none"/>`,
        );
      }
    });
    parts.push(
      `<text x="${gx + group * 0.4}" y="${m.t + ph + 14}" text-anchor="middle"><title>${escapeHtml(c)}</title>${escapeHtml(c.length > maxChars ? `${c.slice(0, maxChars - 1)}…` : c)}</text>`,
    );
  });
  parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#333"/>`);
  if (o.series.length > 1) {
    let lx = m.l;
    o.series.forEach((s, si) => {
      parts.push(
        `<rect x="${lx}" y="${H - 16}" width="10" height="10" fill="${s.color ?? PALETTE[si % PALETTE.length]}"/><text x="${lx + 14}" y="${H - 7}">${escapeHtml(s.name)}</text>`,
      );
      lx += 14 + s.name.length * 6.2 + 16; // about 6 px per character at 11 px
    });
  }
  parts.push("</svg>");
  return parts.join("");
}
