/**
 * The audit's HTML report: the perceived-attributes caveat, a summary table, bar charts of perceived
 * female and non-White shares against BLS per occupation (95% bootstrap whiskers), and per prompt a
 * skin-tone histogram over the Monk anchors (unknown included) and the image grid.
 * @module
 */
import { barChart, escapeHtml, htmlDocument, htmlTable } from "../../report/index.js";
import type { AuditReport, PromptReport } from "./aggregate.js";
import { monkColor } from "./skinTone.js";

/** Options of {@link reportBody}. */
export interface ReportHtmlOptions {
  /** The `src` of an image given its path relative to the run folder. Defaults to the path itself. */
  imageSrc?: (relative: string) => string;
}

const fmt = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? "n/a" : v.toFixed(digits));
const ci = (iv: [number, number] | null | undefined, digits = 1) => (iv ? `[${iv[0].toFixed(digits)}, ${iv[1].toFixed(digits)}]` : "");

/** The skin-tone histogram of one prompt (10 Monk tones in their anchor colours, then unknown). */
export function skinToneChart(p: PromptReport): string {
  const cats = [...Array.from({ length: 10 }, (_, k) => String(k + 1)), "?"];
  const values = [...cats.slice(0, 10).map((c) => p.skinTone.counts[c] ?? 0), p.skinTone.unknown];
  return barChart({
    categories: cats,
    series: [{ name: "images", values, colors: [...cats.slice(0, 10).map((c) => monkColor(Number(c))), "#bbbbbb"] }],
    title: "Perceived Monk skin tone from pixels (? = no skin pixels)",
    yLabel: "images",
    width: 420,
    height: 200,
  });
}

function promptSection(p: PromptReport, src: (r: string) => string): string {
  const rows: (string | number)[][] = [
    ["images", p.n, p.failed ? `${p.failed} failed (not counted)` : ""],
    ["skin tone: unknown (no skin pixels)", p.skinTone.unknown, ""],
    ["skin-tone imbalance (HEIM)", fmt(p.skinTone.imbalance, 3), ci(p.skinTone.imbalanceCi, 3)],
    ["skin-tone MAD (DALL-Eval)", fmt(p.skinTone.mad, 3), ci(p.skinTone.madCi, 3)],
  ];
  if (p.gender)
    rows.push(
      ["perceived female %", fmt(p.gender.femalePercent), ci(p.gender.femalePercentCi)],
      ["gender: unknown", p.gender.unknown, ""],
      ["gender imbalance (HEIM)", fmt(p.gender.imbalance, 3), ci(p.gender.imbalanceCi, 3)],
    );
  if (p.race)
    rows.push(
      ["perceived non-White %", fmt(p.race.nonWhitePercent), ci(p.race.nonWhitePercentCi)],
      ["race: unknown", p.race.unknown, ""],
      ["race MAD (DALL-Eval)", fmt(p.race.mad, 3), ""],
    );
  if (p.bls)
    rows.push(
      [
        "BLS % women / % non-White",
        p.bls.matched ? `${fmt(p.bls.femalePercent)} / ${fmt(p.bls.nonWhitePercent)}` : "unmatched (no BLS values; pass --bls FILE)",
        "",
      ],
      ["amplification Δ female (pp)", fmt(p.amplification?.femaleDelta), ci(p.amplification?.femaleDeltaCi)],
      ["amplification Δ non-White (pp)", fmt(p.amplification?.nonWhiteDelta), ci(p.amplification?.nonWhiteDeltaCi)],
    );
  const grid = p.images
    .map((im) => {
      const a = im.attributes;
      const tone = a.skinTone === null ? "tone ?" : `tone ${a.skinTone}`;
      const label = [tone, a.gender === undefined ? "" : (a.gender ?? "gender ?"), a.race === undefined ? "" : (a.race ?? "race ?")]
        .filter(Boolean)
        .join(" · ");
      const sw = a.skinTone === null ? "#fff" : monkColor(a.skinTone);
      return `<figure><img src="${escapeHtml(src(im.image))}" alt="${escapeHtml(`${p.prompt}, seed ${im.seed}`)}" loading="lazy"><figcaption><span class="sw" style="background:${sw}"></span>${escapeHtml(label)}</figcaption></figure>`;
    })
    .join("");
  return `<section class="prompt"><h2>${escapeHtml(p.prompt)}</h2>
<div class="row">${htmlTable(["statistic", "value", "95% CI"], rows)}${skinToneChart(p)}</div>
<div class="grid">${grid}</div></section>`;
}

/** Perceived share per occupation (with its interval) beside the BLS share. */
function shareVsBlsChart(
  occ: PromptReport[],
  what: string,
  blsWhat: string,
  model: (p: PromptReport) => [number | null, [number, number] | null],
  bls: (row: NonNullable<PromptReport["bls"]>) => number | null,
): string {
  return barChart({
    categories: occ.map((p) => p.occupation as string),
    series: [
      { name: `perceived ${what} % (images)`, values: occ.map((p) => model(p)[0]), intervals: occ.map((p) => model(p)[1]) },
      { name: `BLS % ${blsWhat}`, values: occ.map((p) => (p.bls?.matched ? bls(p.bls) : null)) },
    ],
    title: `Perceived ${what} share vs BLS (95% bootstrap CI)`,
    yLabel: "%",
    yMax: 100,
    width: Math.max(480, 100 * occ.length),
  });
}

/** The report's HTML body (no document wrapper): the web page embeds it. */
export function reportBody(report: AuditReport, options: ReportHtmlOptions = {}): string {
  const src = options.imageSrc ?? ((r: string) => r);
  const occ = report.prompts.filter((p) => p.occupation);
  const charts: string[] = [];
  if (occ.some((p) => p.gender))
    charts.push(
      shareVsBlsChart(
        occ,
        "female",
        "women",
        (p) => [p.gender?.femalePercent ?? null, p.gender?.femalePercentCi ?? null],
        (b) => b.femalePercent,
      ),
    );
  if (occ.some((p) => p.race))
    charts.push(
      shareVsBlsChart(
        occ,
        "non-White",
        "non-White",
        (p) => [p.race?.nonWhitePercent ?? null, p.race?.nonWhitePercentCi ?? null],
        (b) => b.nonWhitePercent,
      ),
    );
  const unmatched = occ.filter((p) => !p.bls?.matched).map((p) => p.occupation);
  const s = report.summary;
  const summary = htmlTable(
    [
      "prompts",
      "images",
      "failed",
      "unknown skin tone",
      "unknown gender",
      "unknown race",
      "mean skin-tone imbalance",
      "mean gender imbalance",
      "mean race MAD",
    ],
    [
      [
        s.prompts,
        s.images,
        s.failed,
        s.unknown.skinTone,
        s.unknown.gender,
        s.unknown.race,
        fmt(s.meanSkinToneImbalance, 3),
        fmt(s.meanGenderImbalance, 3),
        fmt(s.meanRaceMad, 3),
      ],
    ],
  );
  const run = report.run as Record<string, unknown>;
  return `<style>.yk-audit .grid{display:flex;flex-wrap:wrap;gap:6px}.yk-audit figure{margin:0;width:112px;font-size:11px}.yk-audit figure img{width:112px;height:112px;object-fit:cover;display:block;image-rendering:pixelated}.yk-audit .sw{display:inline-block;width:10px;height:10px;border:1px solid #666;margin-right:3px;vertical-align:middle}.yk-audit .row{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}.yk-audit .caveat{background:#fff7e0;border-left:4px solid #d9a400;padding:.5rem .8rem}</style>
<div class="yk-audit">
<p class="caveat"><strong>Perceived attributes, not identities.</strong> ${escapeHtml(report.note)}</p>
<p class="caveat"><strong>face: not checked.</strong> ${escapeHtml(report.faceNote)}</p>
${run.demo ? '<p class="caveat"><strong>Demo run with random-weight models:</strong> the images are noise; skin tones are mostly unknown and CLIP labels mean nothing. It shows the machinery, not a finding.</p>' : ""}
<p>Backend <code>${escapeHtml(String(run.backend ?? "?"))}</code>, CLIP <code>${escapeHtml(String(run.clip ?? "none"))}</code>, attributes ${escapeHtml(String((run.attributes as string[] | undefined)?.join(", ") ?? "?"))}; bootstrap ${report.bootstrap.resamples} resamples, seed ${report.bootstrap.seed}.</p>
<p>BLS: ${escapeHtml(report.bls.source)}${unmatched.length ? ` <strong>Unmatched (no BLS values available): ${escapeHtml(unmatched.join(", "))}.</strong>` : ""}</p>
${summary}
${charts.join("\n")}
${report.prompts.map((p) => promptSection(p, src)).join("\n")}
</div>`;
}

/** The standalone report page (images linked relative to the report file via `imageSrc`). */
export function reportHtml(report: AuditReport, options: ReportHtmlOptions = {}): string {
  return htmlDocument("Stereotype audit — perceived attributes", `<h1>Stereotype audit</h1>\n${reportBody(report, options)}`);
}
