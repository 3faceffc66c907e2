import { writeJsonAtomic } from "../../../core/index.js";
import { writeSyntheticWorks } from "../../../systems/citation-separation/index.js";
import { defineCommand, outputFile } from "../../framework.js";
import { parseYears } from "./parseYears.js";

/** `yomikai citations sample`. */
export const SampleCommand = defineCommand({
  name: "sample",
  summary: "Write a synthetic OpenAlex-shaped works JSONL with planted region structure, and the exact counts an analysis must find.",
  usage: "--out works.jsonl [--works 2000] [--seed 1] [--truth truth.json]",
  description:
    "SYNTHETIC data, not real papers: each paper's region class and every citation are planted by the generator, which also writes malformed lines, works without id, duplicates, out-of-set references and works before the year window. The truth file holds the counts for an analysis with --years equal to the sample's window.",
  flags: {
    out: { type: "string", description: "Output JSONL (written atomically).", required: true, placeholder: "FILE" },
    works: { type: "number", description: "Works inside the year window.", default: 2000, integer: true, min: 1, max: 50_000_000 },
    seed: { type: "number", description: "Generator seed.", default: 1, integer: true },
    years: { type: "string", description: "Year window of the sample.", default: "2012-2021", placeholder: "FIRST-LAST" },
    "in-set-references": { type: "number", description: "Mean references to works of the sample, per work.", default: 14, min: 0 },
    "out-of-set-references": { type: "number", description: "Mean references to works outside the sample, per work.", default: 6, min: 0 },
    truth: {
      type: "string",
      description: "Write the planted counts (papers, matrix, edges, invalid lines) as JSON.",
      placeholder: "FILE.json",
    },
  },
  examples: [
    "yomikai citations sample --out sample.jsonl",
    "yomikai citations sample --out big.jsonl --works 100000 --seed 3 --truth big.truth.json",
    "yomikai citations sample --out s.jsonl && yomikai citations analyze --input s.jsonl --years 2012-2021",
  ],
  docs: "docs/citation-separation.md",
  async run({ flags, progress, print, log, printJson, signal }) {
    const years = parseYears(flags.years) as [number, number];
    outputFile(flags.out);
    if (flags.truth) outputFile(flags.truth, "--truth");
    const truth = await writeSyntheticWorks(flags.out, {
      works: flags.works,
      seed: flags.seed,
      years,
      inSetReferences: flags.inSetReferences,
      outOfSetReferences: flags.outOfSetReferences,
      onProgress: progress,
      signal,
    });
    if (flags.truth) {
      await writeJsonAtomic(flags.truth, { synthetic: true, ...truth });
      log(`truth written to ${flags.truth}`);
    }
    if (flags.json) {
      printJson({ out: flags.out, synthetic: true, ...truth });
      return;
    }
    const p = truth.papers;
    print(`wrote ${truth.lines} lines to ${flags.out} (SYNTHETIC, seed ${truth.seed}, years ${years.join("-")})`);
    print(`planted papers: us ${p.us}, cn ${p.cn}, eu ${p.eu}, other ${p.other}, mixed ${p.mixed}, unassigned ${p.unassigned}`);
    print(
      `planted references: ${truth.edges.references} (${truth.edges.outOfSet} out of set, ${truth.edges.counted} between assigned papers)`,
    );
    print(
      `planted bad lines: ${truth.malformedJson} malformed, ${truth.missingId} without id, ${truth.duplicates} duplicates; ${truth.outsideYears} works before the window`,
    );
  },
});
