/**
 * The scorecard of an evaluation: JSON (the `--json` shape), a Markdown table and an SVG heatmap of
 * the main metric per task and language.
 * @module
 */
import { formatNumber, heatmap, markdownTable } from "../../report/index.js";
import type { EvaluateResult, LangScore } from "./evaluate.js";

/** The main metric of a score as a fraction: acc, or chrF ÷ 100 for generation tasks. */
function main(s: LangScore): number {
  if (s.chrf !== undefined) return s.chrf / 100;
  return s.acc ?? Number.NaN;
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "–" : v.toFixed(4);
}

/** The scorecard as Markdown: one row per task and language. */
export function scorecardMarkdown(r: EvaluateResult): string {
  const rows: (string | number)[][] = [];
  for (const t of r.tasks) {
    const metric = t.metric === "chrF" ? "chrF" : t.perplexity !== undefined ? "acc (greedy) / ppl" : "acc / acc_norm";
    const cell = (s: LangScore) => (s.chrf !== undefined ? s.chrf.toFixed(2) : fmt(s.acc));
    const other = (s: LangScore) => (s.perplexity !== undefined ? formatNumber(s.perplexity) : fmt(s.accNorm));
    rows.push([t.name, "all", t.n, metric, cell(t), other(t), t.failed]);
    for (const [lang, s] of Object.entries(t.byLang)) rows.push([t.name, lang, s.n, metric, cell(s), other(s), ""]);
  }
  return `# Scorecard: ${r.model}\n\n${markdownTable(["task", "lang", "n", "metric", "acc / chrF", "acc_norm / ppl", "failed"], rows)}\n`;
}

/** The scorecard as an SVG heatmap: tasks × languages, acc (chrF ÷ 100 for translation). */
export function scorecardSvg(r: EvaluateResult): string {
  const cols = [...new Set(r.tasks.flatMap((t) => Object.keys(t.byLang)))];
  if (cols.length === 0) cols.push("all");
  const values = r.tasks.map((t) => cols.map((c) => (t.byLang[c] ? main(t.byLang[c] as LangScore) : c === "all" ? main(t) : Number.NaN)));
  return heatmap({
    rows: r.tasks.map((t) => (t.metric === "chrF" ? `${t.name} (chrF)` : t.name)),
    cols,
    values,
    domain: [0, 1],
    title: r.tasks.some((t) => t.metric === "chrF") ? "acc (translation: chrF ÷ 100)" : "acc by task and language",
    rowLabel: "task",
    colLabel: "lang",
    cell: cols.length < 4 ? 96 : 64,
    format: (v) => v.toFixed(2),
  });
}

/** The scorecard as JSON: `{ model, tasks }`. */
export function scorecardJson(r: EvaluateResult): { model: string; tasks: EvaluateResult["tasks"] } {
  return { model: r.model, tasks: r.tasks };
}
