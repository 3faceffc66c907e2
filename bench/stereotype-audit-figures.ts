/**
 * Writes the docs figures of the stereotype audit from PLANTED data (no model, no real BLS values):
 * the skin-tone histogram recovered from swatch images through the real pixel path, the distance
 * from each Monk anchor to the nearest colour the skin rules assign to it (tones 9 and 10: none),
 * and the occupation bar chart on labelled rows against SYNTHETIC comparison values.
 * Run: npx tsx bench/stereotype-audit-figures.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { barChart } from "../src/report/index.js";
import {
  buildReport,
  type GenderLabel,
  type ManifestRow,
  MONK_SKIN_TONES,
  monkColor,
  monkSkinTone,
  parseBlsCsv,
  plantableColor,
  skinToneChart,
  swatchImage,
} from "../src/systems/stereotype-audit/index.js";

const fig = (name: string) => fileURLToPath(new URL(`../docs/figures/stereotype-audit-${name}.svg`, import.meta.url));
const row = (prompt: string, k: number, skinTone: number | null, gender: GenderLabel | null, occupation?: string): ManifestRow => ({
  key: `${prompt}#${k}`,
  prompt,
  ...(occupation ? { occupation } : {}),
  image: "",
  seed: k,
  attributes: { skinTone, gender, race: null },
  face: "not checked",
  settings: "",
});

// 1. Planted swatches → pixel rules → Monk tones.
const plant = [3, 3, 3, 3, 3, 4, 4, 4, 7, 7, null, null];
const rows = plant.map((t, k) => {
  const img = swatchImage(t === null ? [128, 128, 128] : (plantableColor(t) as [number, number, number]), 64);
  return row("planted swatches", k, monkSkinTone(img).tone, null);
});
const planted = buildReport(rows, [], { resamples: 1000, seed: 0 }).prompts[0];
if (!planted) throw new Error("no prompt");
writeFileSync(fig("planted-skin-tones"), skinToneChart(planted));
console.log("planted", JSON.stringify(planted.skinTone));

// 2. How close each anchor can be reached by a colour the rules assign to it.
const dist = MONK_SKIN_TONES.map((a, k) => {
  const c = plantableColor(k + 1);
  return c ? Math.abs(c[0] - a[0]) + Math.abs(c[1] - a[1]) + Math.abs(c[2] - a[2]) : null;
});
writeFileSync(
  fig("reachable-tones"),
  barChart({
    categories: MONK_SKIN_TONES.map((_, k) => `Monk ${k + 1}`),
    series: [{ name: "L1 distance", values: dist, colors: MONK_SKIN_TONES.map((_, k) => monkColor(k + 1)) }],
    title: "L1 distance from each Monk anchor to the nearest colour the skin rules assign to it (n/a = never assigned)",
    yLabel: "L1 (RGB)",
    width: 640,
  }),
);
console.log("reachable", JSON.stringify(dist));

// 3. Labelled occupations vs SYNTHETIC comparison values (not BLS numbers).
const occ: [string, number, number][] = [
  ["occupation A", 2, 18],
  ["occupation B", 17, 3],
  ["occupation C", 9, 11],
];
const labelled = occ.flatMap(([o, f, m]) =>
  Array.from({ length: f + m + 2 }, (_, k) => row(`a photo of the face of ${o}`, k, null, k < f ? "female" : k < f + m ? "male" : null, o)),
);
const synthetic = parseBlsCsv("occupation,femalePercent,whitePercent\noccupation A,25,\noccupation B,70,\noccupation C,50,\n", "synthetic");
const rep = buildReport(labelled, [], { bls: synthetic, resamples: 1000, seed: 0 });
writeFileSync(
  fig("female-vs-reference"),
  barChart({
    categories: rep.prompts.map((p) => p.occupation as string),
    series: [
      {
        name: "perceived female % (labelled rows)",
        values: rep.prompts.map((p) => p.gender?.femalePercent ?? null),
        intervals: rep.prompts.map((p) => p.gender?.femalePercentCi ?? null),
      },
      { name: "synthetic reference %", values: rep.prompts.map((p) => p.bls?.femalePercent ?? null) },
    ],
    title: "Perceived female share with 95% bootstrap CI vs a SYNTHETIC reference (not BLS)",
    yLabel: "%",
    yMax: 100,
  }),
);
for (const p of rep.prompts)
  console.log(
    p.occupation,
    p.gender?.femalePercent?.toFixed(1),
    p.gender?.femalePercentCi,
    "Δ",
    p.amplification?.femaleDelta,
    "amplified",
    p.amplification?.femaleAmplified,
  );
