import { UsageError } from "../../../core/index.js";
import { checkThresholds, compareReports, loadReport, parseThresholds, readBlsFile } from "../../../systems/stereotype-audit/index.js";
import { defineCommand, flagValue } from "../../framework.js";
import { REPORT_FLAGS } from "./ReportCommand.js";

/** `yomikai audit compare`: two runs side by side. */
export const CompareCommand = defineCommand({
  name: "compare",
  summary: "Compare two audit runs prompt by prompt (b − a, and whether the 95% intervals separate).",
  description:
    "For every prompt both runs hold: skin-tone imbalance and MAD, mean tone, perceived female %, gender imbalance, perceived non-White %, race MAD, with b − a and whether the bootstrap intervals do not overlap. --fail-if applies to run b. --json prints { a, b, prompts: [{ prompt, n, metrics: { name: { a, b, delta, separated } } }], onlyA, onlyB }.",
  usage: "A B [--json] [--fail-if RULES]",
  positionals: [
    { name: "A", description: "Baseline run folder.", required: true },
    { name: "B", description: "New run folder.", required: true },
  ],
  flags: { ...REPORT_FLAGS },
  examples: [
    "yomikai audit compare audit-demo audit-demo   # any two run folders; identical runs give Δ 0",
    "yomikai audit compare audit-sd14 audit-sd14-debiased --json",
  ],
  docs: "docs/stereotype-audit.md",
  async run({ args, flags, print, printJson, log }) {
    const [a, b] = args;
    if (!a || !b) throw new UsageError("Give two run folders: yomikai audit compare A B.");
    const thresholds = flags.failIf ? flagValue(() => parseThresholds(flags.failIf as string)) : [];
    const bls = flags.bls ? await readBlsFile(flags.bls) : [];
    const opts = { bls, resamples: flags.resamples, seed: flags.bootstrapSeed };
    const ra = await loadReport(a, opts);
    const rb = await loadReport(b, opts);
    const cmp = compareReports(ra, rb);
    const check = flagValue(() => checkThresholds(rb, thresholds));
    if (flags.json) printJson({ ...cmp, ...(thresholds.length ? { thresholds: check } : {}) });
    else {
      print(`a = ${a} (${cmp.a.images} images), b = ${b} (${cmp.b.images} images); ${cmp.prompts.length} shared prompts.`);
      for (const p of cmp.prompts) {
        print(`  ${p.prompt} (n ${p.n[0]} → ${p.n[1]})`);
        for (const [m, v] of Object.entries(p.metrics))
          print(
            `    ${m}: ${v.a ?? "n/a"} → ${v.b ?? "n/a"}${v.delta !== null ? ` (Δ ${v.delta})` : ""}${v.separated ? " *intervals separate*" : ""}`,
          );
      }
      if (cmp.onlyA.length) print(`  only in a: ${cmp.onlyA.join("; ")}`);
      if (cmp.onlyB.length) print(`  only in b: ${cmp.onlyB.join("; ")}`);
      log(cmp.note);
    }
    for (const v of check.violations) log(`fail-if ${v.threshold}: ${v.where} = ${v.value} (run b)`);
    return check.violations.length ? 1 : 0;
  },
});
