/**
 * Writes the docs figures of citation-separation from a SYNTHETIC sample made by the system's own
 * generator (20,000 works, seed 2022): the observed ÷ expected and share heatmaps and the yearly
 * series, for the default policy, plus the ratio heatmap with multinational affiliations dropped.
 * Run: npx tsx bench/citation-separation-figures.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  analyzeWorks,
  createSyntheticDataset,
  ratioHeatmapSvg,
  settingsLine,
  shareHeatmapSvg,
  syntheticWorkObjects,
  yearlySeriesSvg,
} from "../src/systems/citation-separation/index.js";

const dataset = createSyntheticDataset({ works: 20000, seed: 2022, years: [2012, 2021] });
const works = syntheticWorkObjects(dataset);
const a = await analyzeWorks(works, { years: [2012, 2021], bootstrap: 1000, seed: 1 });
const b = await analyzeWorks(works, { years: [2012, 2021], bootstrap: 0, multinationalMode: "drop-affiliation" });
const fig = (name: string) => fileURLToPath(new URL(`../docs/figures/citation-separation-${name}.svg`, import.meta.url));
writeFileSync(fig("ratios"), ratioHeatmapSvg(a, "Observed ÷ expected (synthetic sample)"));
writeFileSync(fig("shares"), shareHeatmapSvg(a, "Share of each region's citations (synthetic sample)"));
writeFileSync(fig("self-share"), yearlySeriesSvg(a, "self-share"));
writeFileSync(fig("cross-ratio"), yearlySeriesSvg(a, "cross-ratio"));
writeFileSync(fig("ratios-no-multinationals"), ratioHeatmapSvg(b, "Observed ÷ expected, multinationals dropped (synthetic)"));
console.log(settingsLine(a));
console.log(`papers ${JSON.stringify(a.papers)}; truth ${JSON.stringify(dataset.truth.papers)}`);
console.log(`matrix recovered: ${JSON.stringify(a.matrix) === JSON.stringify(dataset.truth.matrix)}`);
console.log(
  `ratios us→cn ${a.ratios.us.cn?.toFixed(3)} CI ${a.ci?.ratios.us.cn?.map((v) => v.toFixed(3)).join("–")}; cn→us ${a.ratios.cn.us?.toFixed(3)} CI ${a.ci?.ratios.cn.us?.map((v) => v.toFixed(3)).join("–")}`,
);
console.log(`assortativity ${a.homophily.assortativity?.toFixed(3)} CI ${a.ci?.assortativity?.map((v) => v.toFixed(3)).join("–")}`);
console.log("wrote docs/figures/citation-separation-{ratios,shares,self-share,cross-ratio,ratios-no-multinationals}.svg");
