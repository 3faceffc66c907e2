/**
 * Pictures and the standalone HTML report of an analysis: heatmaps of the observed ÷ expected ratios
 * and row shares, yearly series, and the counts behind them.
 * @module
 */
import { escapeHtml, heatmap, htmlDocument, htmlTable, lineChart, type Series } from "../../report/index.js";
import type { CitationAnalysis, Interval } from "./analyzeCitations.js";
import { REGIONS, type Region } from "./regions.js";

const LABEL: Record<Region, string> = { us: "US", cn: "China", eu: "Europe", other: "Other" };

function grid(m: Record<Region, Record<Region, number | null>>): number[][] {
  return REGIONS.map((a) => REGIONS.map((b) => m[a][b] ?? Number.NaN));
}

/** Heatmap of observed ÷ expected citation ratios (diverging around 1). */
export function ratioHeatmapSvg(a: CitationAnalysis, title = "Observed ÷ expected citations"): string {
  const values = grid(a.ratios);
  const finite = values.flat().filter(Number.isFinite);
  const hi = Math.max(2, ...finite);
  return heatmap({
    rows: REGIONS.map((r) => LABEL[r]),
    cols: REGIONS.map((r) => LABEL[r]),
    values,
    title,
    rowLabel: "citing region",
    colLabel: "cited region",
    center: 1,
    domain: [0, hi],
    format: (v) => v.toFixed(2),
  });
}

/** Heatmap of row shares (the fraction of a region's in-set citations going to each region). */
export function shareHeatmapSvg(a: CitationAnalysis, title = "Share of each region's citations"): string {
  return heatmap({
    rows: REGIONS.map((r) => LABEL[r]),
    cols: REGIONS.map((r) => LABEL[r]),
    values: grid(a.shares),
    title,
    rowLabel: "citing region",
    colLabel: "cited region",
    domain: [0, 1],
    format: (v) => `${(v * 100).toFixed(0)}%`,
  });
}

/** Which yearly series to draw. */
export type SeriesKind = "self-share" | "cross-ratio" | "paper-share";

/** A line chart over the citing papers' years. */
export function yearlySeriesSvg(a: CitationAnalysis, kind: SeriesKind): string {
  const years = a.years;
  let series: Series[];
  let title: string;
  let yLabel: string;
  if (kind === "self-share") {
    title = "Share of in-set citations that stay in the citing region";
    yLabel = "share";
    series = REGIONS.map((r) => ({
      name: LABEL[r],
      points: years.filter((y) => y.shares[r][r] !== null).map((y) => ({ x: y.year, y: y.shares[r][r] as number })),
    }));
  } else if (kind === "cross-ratio") {
    title = "Observed ÷ expected, cross-region";
    yLabel = "ratio (1 = as expected)";
    const pairs: [Region, Region][] = [
      ["us", "cn"],
      ["cn", "us"],
      ["us", "eu"],
      ["eu", "us"],
      ["cn", "eu"],
      ["eu", "cn"],
    ];
    series = pairs.map(([x, z]) => ({
      name: `${LABEL[x]} → ${LABEL[z]}`,
      points: years.filter((y) => y.ratios[x][z] !== null).map((y) => ({ x: y.year, y: y.ratios[x][z] as number })),
    }));
  } else {
    title = "Share of assigned papers by region";
    yLabel = "share of papers";
    series = REGIONS.map((r) => ({
      name: LABEL[r],
      points: years.filter((y) => y.paperShares[r] !== null).map((y) => ({ x: y.year, y: y.paperShares[r] as number })),
    }));
  }
  const ys = years.map((y) => y.year);
  const xRange: [number, number] = ys.length ? [Math.min(...ys) - 0.5, Math.max(...ys) + 0.5] : [0, 1];
  const svg = lineChart({ series: series.filter((s) => s.points.length > 0), title, xLabel: "year of the citing paper", yLabel, xRange });
  return svg;
}

function fmt(v: number | null, digits = 3): string {
  return v === null ? "–" : Number.isInteger(v) ? String(v) : v.toFixed(digits);
}
function fmtCi(v: Interval | undefined): string {
  return v ? `[${v[0].toFixed(3)}, ${v[1].toFixed(3)}]` : "–";
}

/** A one-paragraph plain-text summary of the settings. */
export function settingsLine(a: CitationAnalysis): string {
  const s = a.settings;
  return `policy ${s.policy}; years ${s.years ? s.years.join("–") : "all"}; multinationals ${s.multinationals}; region map ${s.regionMap.source}; engine ${s.engine}; bootstrap ${s.bootstrap} (seed ${s.seed})`;
}

/** The standalone HTML report (`--report out.html`). */
export function renderReportHtml(a: CitationAnalysis, options: { title?: string; note?: string } = {}): string {
  const title = options.title ?? "Citation separation report";
  const matrixRows = REGIONS.map((r) => [LABEL[r], ...REGIONS.map((c) => fmt(a.matrix[r][c], 2))]);
  const ciRows = REGIONS.flatMap((r) =>
    REGIONS.map((c) => [
      `${LABEL[r]} → ${LABEL[c]}`,
      fmt(a.shares[r][c]),
      fmtCi(a.ci?.shares[r][c]),
      fmt(a.ratios[r][c]),
      fmtCi(a.ci?.ratios[r][c]),
    ]),
  );
  const p = a.papers;
  const body = `
<h1>${escapeHtml(title)}</h1>
${options.note ? `<p><strong>${escapeHtml(options.note)}</strong></p>` : ""}
<p>${escapeHtml(settingsLine(a))}</p>
<h2>Papers</h2>
${htmlTable(["US", "China", "Europe", "Other", "mixed", "unassigned"], [[fmt(p.us, 1), fmt(p.cn, 1), fmt(p.eu, 1), fmt(p.other, 1), p.mixed, p.unassigned]])}
<p>Unassigned by reason: ${escapeHtml(
    Object.entries(a.unassignedReasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(", "),
  )}.${a.multiRegion ? ` Papers split over several regions (fractional): ${a.multiRegion}.` : ""}</p>
<h2>Region × region</h2>
<div style="display:flex;flex-wrap:wrap;gap:1rem">${ratioHeatmapSvg(a)}${shareHeatmapSvg(a)}</div>
<p>Citation counts (rows cite columns), among works of the set only:</p>
${htmlTable(["citing \\ cited", ...REGIONS.map((r) => LABEL[r])], matrixRows)}
<p>Homophily: assortativity r = ${fmt(a.homophily.assortativity)} ${a.ci ? fmtCi(a.ci.assortativity) : ""}; E-I index ${REGIONS.map((r) => `${LABEL[r]} ${fmt(a.homophily.eiIndex[r])}`).join(", ")} (−1 = only own region).</p>
<h2>Shares and ratios with ${a.ci ? `${Math.round(a.ci.level * 100)}% bootstrap intervals (${a.ci.replicates} ${a.ci.method} replicates, seed ${a.ci.seed})` : "no intervals"}</h2>
${htmlTable(["pair", "share", "share CI", "obs ÷ exp", "ratio CI"], ciRows)}
<h2>Yearly series</h2>
<div style="display:flex;flex-wrap:wrap;gap:1rem">${yearlySeriesSvg(a, "self-share")}${yearlySeriesSvg(a, "cross-ratio")}${yearlySeriesSvg(a, "paper-share")}</div>
<h2>Input</h2>
${htmlTable(
  ["records", "works in set", "malformed JSON", "not an object", "no id", "duplicates", "outside years"],
  [
    [
      a.input.records,
      a.input.works,
      a.input.malformedJson,
      a.input.notAnObject,
      a.input.missingId,
      a.input.duplicates,
      a.input.outsideYears,
    ],
  ],
)}
${htmlTable(
  ["references", "out of set", "self", "in set", "counted", "dropped (mixed)", "dropped (unassigned)"],
  [
    [
      a.edges.references,
      a.edges.outOfSet,
      a.edges.selfCitations,
      a.edges.inSet,
      a.edges.counted,
      a.edges.droppedMixed,
      a.edges.droppedUnassigned,
    ],
  ],
)}
${a.invalidSamples.length ? `<p>First skipped lines: ${escapeHtml(a.invalidSamples.map((s) => `${s.file}:${s.line} ${s.reason}`).join("; "))}</p>` : ""}
<p class="muted">Method: yomikai citation-separation (after Zhao, Gu, Forde, Saphra, <a href="https://arxiv.org/abs/2211.12424">arXiv 2211.12424</a>).</p>`;
  return htmlDocument(title, body);
}
