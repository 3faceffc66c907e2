import { UsageError, writeFileAtomic } from "../../../core/index.js";
import { frontierSvg, type Phase, paretoFrontier, type WeightDtype } from "../../../systems/inference-planner/index.js";
import { defineCommand, outputFile } from "../../framework.js";
import { checkChips, loadHardware, loadModel } from "./shared.js";

function numbers(name: string, values: readonly string[]): number[] | undefined {
  if (values.length === 0) return undefined;
  return values.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} takes whole numbers ≥ 1 separated by commas; got "${v}".`);
    return n;
  });
}

/** `yomikai plan frontier`: the latency/cost Pareto frontier (the paper's Figure 1). */
export const FrontierCommand = defineCommand({
  name: "frontier",
  summary: "Sweep chips × batch × weight dtype and draw the latency vs cost Pareto frontier (the paper's Figure 1).",
  usage: "[--models palm-8b,palm-62b,palm-540b] [--hardware tpu-v4] [--phase decode] [--out frontier.svg]",
  flags: {
    models: {
      type: "strings",
      description: "Models (names or JSON files).",
      default: ["palm-8b", "palm-62b", "palm-540b"],
      placeholder: "M1,M2",
    },
    hardware: { type: "string", description: "Hardware profile name or JSON file.", default: "tpu-v4", placeholder: "NAME|FILE.json" },
    phase: { type: "string", description: "Phase to sweep.", choices: ["decode", "prefill"], default: "decode" },
    weights: { type: "strings", description: "Weight dtypes to sweep.", default: ["bf16", "int8"] },
    chips: {
      type: "strings",
      description: "Chip counts to sweep. Default: powers of two the topology allows, up to 256.",
      placeholder: "8,16,64",
    },
    batches: { type: "strings", description: "Batch sizes to sweep. Default: 1, 2, 4, … 1024 (prefill: 512).", placeholder: "1,8,64" },
    "input-tokens": { type: "number", description: "Prefill tokens per sequence.", integer: true, min: 1, default: 2048 },
    context: {
      type: "number",
      description: "Cached context before the phase (default: 2048 for decode, 0 for prefill).",
      integer: true,
      min: 0,
    },
    "output-tokens": { type: "number", description: "Decode steps.", integer: true, min: 1, default: 64 },
    out: { type: "string", description: "Write the Pareto plot as SVG here.", placeholder: "FILE.svg" },
  },
  examples: [
    "yomikai plan frontier --out frontier.svg",
    "yomikai plan frontier --models palm-540b --weights int8 --phase prefill --json",
    "yomikai plan frontier --models llama-3-70b --hardware h100 --chips 1,2,4,8,16 --out llama70b-h100.svg",
  ],
  docs: "docs/inference-planner.md",
  async run({ flags, print, printJson, log, progress, signal }) {
    if (flags.out) outputFile(flags.out, "--out", { extension: ".svg", what: "the frontier" });
    for (const w of flags.weights) if (w !== "bf16" && w !== "int8") throw new UsageError(`--weights takes bf16 and/or int8; got "${w}".`);
    const hardware = await loadHardware(flags.hardware);
    const models = await Promise.all(flags.models.map((m) => loadModel(m)));
    const phase = flags.phase as Phase;
    const chips = numbers("chips", flags.chips);
    if (chips) checkChips(hardware, chips);
    const points = paretoFrontier({
      models,
      hardware,
      phase,
      weights: flags.weights as WeightDtype[],
      chips,
      batches: numbers("batches", flags.batches),
      inputTokens: flags.inputTokens,
      context: flags.context,
      outputTokens: flags.outputTokens,
      onProgress: progress,
      signal,
    });
    if (flags.out) {
      await writeFileAtomic(flags.out, frontierSvg(points, { phase, hardware: hardware.name }));
      log(`Wrote ${flags.out}`);
    }
    if (flags.json) {
      printJson({ phase, hardware: hardware.name, points });
      return;
    }
    const pareto = points.filter((p) => p.pareto).sort((a, b) => a.series.localeCompare(b.series) || a.latencySeconds - b.latencySeconds);
    const unit = phase === "decode" ? "ms/token" : "s";
    print(`Pareto frontier (${phase}, ${hardware.name}): ${pareto.length} of ${points.length} fitting plans`);
    print(
      `${"series".padEnd(18)} ${"chips".padStart(5)} ${"batch".padStart(5)} ${`latency ${unit}`.padStart(16)} ${"chip-ms/token".padStart(13)} ${"MFU".padStart(6)}  layout`,
    );
    for (const p of pareto) {
      const lat = phase === "decode" ? p.latencySeconds * 1000 : p.latencySeconds;
      print(
        `${p.series.padEnd(18)} ${String(p.chips).padStart(5)} ${String(p.batch).padStart(5)} ${lat.toPrecision(4).padStart(16)} ${p.costChipMsPerToken.toPrecision(4).padStart(13)} ${(p.mfu * 100).toFixed(1).padStart(5)}%  ${p.layout.ffn}/${p.layout.attention}`,
      );
    }
  },
});
