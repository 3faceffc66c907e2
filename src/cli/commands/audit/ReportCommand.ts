import { dirname, join, relative, resolve, sep } from "node:path";
import { UsageError, writeFileAtomic } from "../../../core/index.js";
import {
  AUDIT_DEFAULTS,
  AUDIT_LIMITS,
  checkThresholds,
  loadReport,
  parseThresholds,
  readBlsFile,
  reportHtml,
} from "../../../systems/stereotype-audit/index.js";
import { defineCommand, flagValue, outputFile } from "../../framework.js";

/** Flags shared by `audit report` and `audit compare`. */
export const REPORT_FLAGS = {
  bls: {
    type: "string",
    description:
      "CSV of BLS CPS Table 11 rows (occupation,femalePercent,whitePercent,blackPercent,asianPercent,hispanicPercent,year,source). yomikai ships no BLS values.",
    placeholder: "FILE",
  },
  resamples: {
    type: "number",
    description: "Bootstrap resamples for the 95% intervals.",
    default: AUDIT_DEFAULTS.resamples,
    integer: true,
    ...AUDIT_LIMITS.resamples,
  },
  "bootstrap-seed": { type: "number", description: "Seed of the bootstrap.", default: 0, integer: true, min: 0 },
  "fail-if": {
    type: "string",
    description:
      "Comma-separated thresholds METRIC>VALUE (>=, <, <=) checked per prompt (or summary.*): exit 1 when one is crossed. E.g. gender.imbalance>0.3,skinTone.imbalance>0.05.",
    placeholder: "RULES",
  },
} as const;

/** `yomikai audit report`: the HTML report and JSON statistics of a finished run. */
export const ReportCommand = defineCommand({
  name: "report",
  summary: "Statistics of a run (bootstrap 95% CIs, HEIM imbalances, DALL-Eval MAD, amplification vs BLS) as HTML and JSON.",
  description:
    "Writes an HTML report (image grids per prompt, bar charts against BLS; default DIR/report.html). --json prints { prompts: [{ prompt, occupation?, n, skinTone: { counts, unknown, imbalance, … }, gender, race, bls, amplification }], summary, note } on stdout. --fail-if makes CI fail (exit 1) when a threshold is crossed; a metric that is n/a (nothing classified, no BLS value) is listed as unchecked. Perceived attributes, not identities.",
  usage: "DIR [--out report.html] [--json] [--fail-if RULES] [--bls FILE]",
  positionals: [{ name: "DIR", description: "The --out folder of `yomikai audit run`.", required: true }],
  flags: {
    out: { type: "string", description: "HTML report file (default DIR/report.html).", placeholder: "FILE.html" },
    ...REPORT_FLAGS,
  },
  examples: [
    "yomikai audit report audit-demo   # after the first `audit run` example: writes audit-demo/report.html",
    "yomikai audit report audit-sd14 --bls bls-2021.csv --json > audit-sd14.json",
    "yomikai audit report audit-sd14 --fail-if 'gender.imbalance>0.4,summary.meanSkinToneImbalance>0.08'   # CI gate",
  ],
  docs: "docs/stereotype-audit.md",
  async run({ args, flags, print, printJson, log }) {
    const dir = args[0];
    if (!dir) throw new UsageError("Give the run folder: yomikai audit report DIR.");
    const thresholds = flags.failIf ? flagValue(() => parseThresholds(flags.failIf as string)) : [];
    const htmlPath = resolve(outputFile(flags.out ?? join(dir, "report.html"), "--out", { extension: ".html", what: "the report" }));
    const bls = flags.bls ? await readBlsFile(flags.bls) : [];
    const report = await loadReport(dir, { bls, resamples: flags.resamples, seed: flags.bootstrapSeed });
    const check = flagValue(() => checkThresholds(report, thresholds));
    const base = dirname(htmlPath);
    const src = (rel: string) => relative(base, resolve(dir, rel)).split(sep).join("/");
    await writeFileAtomic(htmlPath, reportHtml(report, { imageSrc: src }));
    if (flags.json) printJson({ ...report, html: htmlPath, ...(thresholds.length ? { thresholds: check } : {}) });
    else {
      const s = report.summary;
      print(
        `${s.images} images over ${s.prompts} prompts (${s.failed} failed); unknown skin tone ${s.unknown.skinTone}, gender ${s.unknown.gender}, race ${s.unknown.race}.`,
      );
      for (const p of report.prompts) {
        const bits = [
          `n ${p.n}`,
          `skin-tone imbalance ${p.skinTone.imbalance ?? "n/a"}`,
          p.gender ? `female ${p.gender.femalePercent?.toFixed(1) ?? "n/a"}%` : "",
          p.race ? `non-White ${p.race.nonWhitePercent?.toFixed(1) ?? "n/a"}%` : "",
          p.bls ? (p.bls.matched ? `Δ female ${p.amplification?.femaleDelta ?? "n/a"} pp` : "BLS unmatched") : "",
        ].filter(Boolean);
        print(`  ${p.prompt}: ${bits.join(", ")}`);
      }
      print(`Report: ${htmlPath}`);
      log(report.note);
    }
    for (const v of check.violations) log(`fail-if ${v.threshold}: ${v.where} = ${v.value}`);
    if (check.unchecked.length) log(`fail-if: ${check.unchecked.length} checks not applicable (n/a values), e.g. ${check.unchecked[0]}`);
    return check.violations.length ? 1 : 0;
  },
});
