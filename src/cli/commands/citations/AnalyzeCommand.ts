import { InvalidInputError, UsageError, writeFileAtomic, writeJsonAtomic } from "../../../core/index.js";
import {
  analyzeCitationFiles,
  type BootstrapMethod,
  CITATION_CHOICES,
  CITATION_DEFAULTS,
  CITATION_LIMITS,
  createMultinationalList,
  createRegionMap,
  ENGINES,
  type EngineName,
  loadMultinationalList,
  loadRegionMap,
  loadUniversityCountries,
  type MultinationalMode,
  type PaperPolicy,
  REGIONS,
  renderReportHtml,
  settingsLine,
} from "../../../systems/citation-separation/index.js";
import { defineCommand, flagValue, outputFile } from "../../framework.js";
import { parseYears } from "./parseYears.js";

const pct = (v: number | null) => (v === null ? "   –  " : `${(v * 100).toFixed(1).padStart(5)}%`);
const num = (v: number | null) => (v === null ? "  –  " : v.toFixed(2).padStart(5));

/** `yomikai citations analyze`. */
export const AnalyzeCommand = defineCommand({
  name: "analyze",
  summary:
    "Region × region citation analysis of OpenAlex works (JSONL): matrix, shares, observed/expected, homophily, yearly series, bootstrap CIs.",
  usage: "--input works.jsonl [--policy unanimous] [--years 2012-2021] [--exclude-multinationals] [--report out.html] [--json]",
  description:
    "Counts citations between works of the input set only (references to other works are counted as out-of-set), after giving each paper a region (us, cn, eu = EU+EEA+UK+CH, other) from its institutions' countries. Malformed lines and works without an id are counted and reported, never fatal; an empty file, a JSON array instead of JSONL, or a set with no works is a one-line error with the fix.",
  flags: {
    input: {
      type: "strings",
      description: "OpenAlex works as JSONL, plain or gzip (recognised by content); repeat or comma-separate for several files.",
      placeholder: "FILE[,FILE]",
    },
    policy: { type: "string", description: "Paper → region rule.", choices: CITATION_CHOICES.policy, default: CITATION_DEFAULTS.policy },
    years: { type: "string", description: "Only works published in these years form the set.", placeholder: "FIRST-LAST" },
    "exclude-multinationals": {
      type: "boolean",
      description:
        "Drop affiliations of multinational companies (Google, Microsoft, Tencent, …) before assigning regions, as the paper did.",
    },
    "drop-multinational-papers": { type: "boolean", description: "Stricter: a paper with any multinational affiliation is unassigned." },
    multinationals: {
      type: "string",
      description: 'JSON file {"names": [...], "ids": [...]} replacing the built-in multinational list.',
      placeholder: "FILE",
    },
    "region-map": {
      type: "string",
      description: 'JSON file {"us": ["US"], "cn": ["CN"], "eu": [...]} replacing the default country → region map.',
      placeholder: "FILE",
    },
    "china-includes": { type: "strings", description: "Count these as China with the default map: HK, MO, TW.", placeholder: "HK,MO,TW" },
    "fill-countries": {
      type: "boolean",
      description:
        "Give institutions without a country code the country of the same-named university in the bundled Hipo list (ambiguous names skipped).",
    },
    universities: {
      type: "string",
      description: "Like --fill-countries, with your own list in the Hipo format ([{name, alpha_two_code}, …]).",
      placeholder: "FILE",
    },
    engine: {
      type: "string",
      description: "auto = duckdb above 2 GiB of input, else memory; graph builds a graphology graph (small inputs).",
      choices: ENGINES,
      default: "auto",
    },
    bootstrap: {
      type: "number",
      description: "Bootstrap replicates for 95% intervals (0 = none).",
      default: CITATION_DEFAULTS.bootstrap,
      ...CITATION_LIMITS.bootstrap,
    },
    "bootstrap-method": {
      type: "string",
      description:
        "multinomial = draw n papers per replicate; poisson = each paper Poisson(1) times (faster on big inputs); auto = multinomial up to 2e8 draws.",
      choices: ["auto", "multinomial", "poisson"],
      default: "auto",
    },
    seed: {
      type: "number",
      description: "Seed of the bootstrap resampling.",
      default: CITATION_DEFAULTS.seed,
      ...CITATION_LIMITS.seed,
    },
    report: { type: "string", description: "Write an HTML report (heatmaps, yearly series, counts).", placeholder: "FILE.html" },
    out: { type: "string", description: "Write the JSON result to this file.", placeholder: "FILE.json" },
  },
  examples: [
    "yomikai citations analyze --input works.jsonl",
    "yomikai citations analyze --input neurips.jsonl --years 2012-2021 --exclude-multinationals --report neurips.html",
    "yomikai citations analyze --input works.jsonl --policy fractional --bootstrap 200 --seed 7 --json",
    "yomikai citations analyze --input a.jsonl.gz,b.jsonl.gz --engine duckdb --out result.json",
    "yomikai citations analyze --input works.jsonl --fill-countries --china-includes HK,MO",
  ],
  docs: "docs/citation-separation.md",
  async run({ flags, progress, print, log, printJson, signal }) {
    if (flags.input.length === 0)
      throw new UsageError("Missing --input: pass OpenAlex works as JSONL (make one with: yomikai citations sample --out works.jsonl).");
    if (flags.excludeMultinationals && flags.dropMultinationalPapers)
      throw new UsageError("Use either --exclude-multinationals or --drop-multinational-papers, not both.");
    const mode: MultinationalMode = flags.dropMultinationalPapers
      ? "drop-paper"
      : flags.excludeMultinationals
        ? "drop-affiliation"
        : "keep";
    const years = parseYears(flags.years);
    flagValue(() => createRegionMap({ chinaIncludes: flags.chinaIncludes }));
    if (flags.report) outputFile(flags.report, "--report");
    if (flags.out) outputFile(flags.out);
    const result = await analyzeCitationFiles(flags.input, {
      policy: flags.policy as PaperPolicy,
      ...(years ? { years } : {}),
      multinationalMode: mode,
      multinationals: flags.multinationals ? await loadMultinationalList(flags.multinationals) : createMultinationalList(),
      ...(flags.regionMap ? { regionMap: await loadRegionMap(flags.regionMap) } : { chinaIncludes: flags.chinaIncludes }),
      ...(flags.universities
        ? { universities: await loadUniversityCountries(flags.universities) }
        : flags.fillCountries
          ? { universities: await loadUniversityCountries() }
          : {}),
      engine: flags.engine as EngineName,
      bootstrap: flags.bootstrap,
      bootstrapMethod: flags.bootstrapMethod as BootstrapMethod,
      seed: flags.seed,
      onProgress: progress,
      signal,
    });
    if (result.input.works === 0) {
      const s = result.input;
      throw new InvalidInputError(
        `No works in the set: ${s.records} line(s) read, ${s.outsideYears} outside --years${years ? ` ${years.join("-")}` : ""}, ${result.invalidLines} invalid (${s.malformedJson} malformed JSON, ${s.notAnObject} not an object, ${s.missingId} without id); ${s.outsideYears > 0 ? "widen --years" : "pass OpenAlex works, one JSON object with an id per line"}.`,
      );
    }
    if (flags.report) {
      await writeFileAtomic(flags.report, renderReportHtml(result, { title: `Citation separation: ${flags.input.join(", ")}` }));
      log(`report written to ${flags.report}`);
    }
    if (flags.out) {
      await writeJsonAtomic(flags.out, result);
      log(`result written to ${flags.out}`);
    }
    if (result.invalidLines > 0) {
      const s = result.input;
      log(
        `skipped ${result.invalidLines} invalid line(s): ${s.malformedJson} malformed JSON, ${s.notAnObject} not an object, ${s.missingId} without id${result.invalidSamples[0] ? ` (first: ${result.invalidSamples[0].file}:${result.invalidSamples[0].line})` : ""}`,
      );
    }
    if (flags.json) {
      printJson(result);
      return;
    }
    const p = result.papers;
    print(settingsLine(result));
    print(
      `papers: us ${+p.us.toFixed(2)}, cn ${+p.cn.toFixed(2)}, eu ${+p.eu.toFixed(2)}, other ${+p.other.toFixed(2)}, mixed ${p.mixed}, unassigned ${p.unassigned}`,
    );
    print(
      `references: ${result.edges.references} (out of set ${result.edges.outOfSet}, in set ${result.edges.inSet}, counted ${result.edges.counted}, dropped mixed ${result.edges.droppedMixed}, dropped unassigned ${result.edges.droppedUnassigned})`,
    );
    print("");
    print(`citations (rows cite columns)   ${REGIONS.map((r) => r.padStart(8)).join("")}`);
    for (const a of REGIONS) print(`  ${a.padEnd(30)}${REGIONS.map((b) => String(+result.matrix[a][b].toFixed(2)).padStart(8)).join("")}`);
    print("");
    print(`share of row's citations        ${REGIONS.map((r) => r.padStart(8)).join("")}`);
    for (const a of REGIONS) print(`  ${a.padEnd(30)}${REGIONS.map((b) => pct(result.shares[a][b]).padStart(8)).join("")}`);
    print("");
    print(`observed ÷ expected             ${REGIONS.map((r) => r.padStart(8)).join("")}`);
    for (const a of REGIONS) print(`  ${a.padEnd(30)}${REGIONS.map((b) => num(result.ratios[a][b]).padStart(8)).join("")}`);
    if (result.ci) {
      const c = result.ci.ratios;
      const f = (x: [number, number] | null) => (x ? `[${x[0].toFixed(2)}, ${x[1].toFixed(2)}]` : "–");
      print("");
      print(
        `95% CI (${result.ci.replicates} ${result.ci.method} replicates, seed ${result.ci.seed}): us→cn ${f(c.us.cn)}, cn→us ${f(c.cn.us)}, us→eu ${f(c.us.eu)}, cn→eu ${f(c.cn.eu)}`,
      );
    }
    const h = result.homophily;
    print(
      `homophily: assortativity ${h.assortativity === null ? "–" : h.assortativity.toFixed(3)}; E-I ${REGIONS.map((r) => `${r} ${h.eiIndex[r] === null ? "–" : (h.eiIndex[r] as number).toFixed(3)}`).join(", ")}`,
    );
    if (result.settings.fillCountries)
      print(`institution countries filled from names: ${result.countriesFilled} (${result.settings.fillCountries})`);
    print(`years: ${result.years.map((y) => y.year).join(", ") || "none"}; invalid lines: ${result.invalidLines}`);
  },
});
