import { UsageError } from "../../../core/index.js";
import {
  ATTENTION_LAYOUTS,
  type AttentionLayout,
  engineSettings,
  FFN_LAYOUTS,
  type FfnLayout,
  gib,
  type Objective,
  type Phase,
  PLAN_CHOICES,
  PLAN_DEFAULTS,
  PLAN_LIMITS,
  planInference,
  type WeightDtype,
  type WeightStorage,
} from "../../../systems/inference-planner/index.js";
import { defineCommand } from "../../framework.js";
import { FrontierCommand } from "./FrontierCommand.js";
import { MaxContextCommand } from "./MaxContextCommand.js";
import { checkChips, loadHardware, loadModel, pct, seconds, targetFlags } from "./shared.js";

/** `yomikai plan`: choose the partitioning layout for a deployment and cost it. */
export const PlanCommand = defineCommand({
  name: "plan",
  summary: "Plan Transformer inference: pick the partitioning layout, latency, MFU, memory per chip (Pope et al. 2022).",
  description:
    "Enumerates the paper's layouts (1D/2D weight-stationary, weight-gathered over x/xy/xyz; attention over heads or batch) on every mesh shape of the slice, drops those that do not fit in memory and prints the best by --objective, with the term that dominates its time. GPU profiles also get vLLM and TensorRT-LLM settings.",
  usage: "--model M --chips N [--batch B] [--phase decode|prefill] [flags]",
  flags: {
    ...targetFlags,
    chips: { type: "number", description: "Number of chips.", ...PLAN_LIMITS.chips, required: true },
    batch: { type: "number", description: "Sequences processed together.", ...PLAN_LIMITS.batch, default: PLAN_DEFAULTS.batch },
    phase: {
      type: "string",
      description: "prefill: process the input tokens; decode: generate the output tokens.",
      choices: PLAN_CHOICES.phase,
      default: PLAN_DEFAULTS.phase,
    },
    "input-tokens": {
      type: "number",
      description: "Prefill tokens per sequence.",
      ...PLAN_LIMITS.inputTokens,
      default: PLAN_DEFAULTS.inputTokens,
    },
    context: {
      type: "number",
      description: `Tokens already cached before the phase (default: ${PLAN_DEFAULTS.decodeContext} for decode, 0 for prefill).`,
      ...PLAN_LIMITS.context,
    },
    "output-tokens": {
      type: "number",
      description: "Decode steps (generated tokens).",
      ...PLAN_LIMITS.outputTokens,
      default: PLAN_DEFAULTS.outputTokens,
    },
    weights: {
      type: "string",
      description: "Weight storage dtype (int8 = weight-only quantization).",
      choices: PLAN_CHOICES.weights,
      default: PLAN_DEFAULTS.weights,
    },
    layout: { type: "string", description: "Force the FFN layout.", choices: FFN_LAYOUTS },
    attention: { type: "string", description: "Force the attention layout.", choices: ATTENTION_LAYOUTS },
    mesh: { type: "string", description: "Force the mesh shape X×Y×Z (e.g. 4x4x4).", placeholder: "XxYxZ" },
    objective: {
      type: "string",
      description: "latency, mfu, or cost (chip-seconds per token) under --max-latency.",
      choices: ["latency", "mfu", "cost"],
      default: "latency",
    },
    "max-latency": { type: "number", description: "Latency ceiling in seconds for --objective cost (whole phase).", min: 0 },
    "weight-storage": {
      type: "string",
      description:
        "Stored weight layout shared by both phases: 2d (the paper's rule), 1d (Megatron), any. Default: 2d on TPU, any on GPUs.",
      choices: ["2d", "1d", "any"],
    },
    "kv-bytes": { type: "number", description: "Bytes per KV-cache element.", default: 2, min: 0.5, max: 4 },
    "ring-factor": {
      type: "boolean",
      description: "Keep the (K−1)/K factor of ring collectives (--no-ring-factor drops it, as the paper does).",
      default: true,
    },
    combine: {
      type: "string",
      description: "roofline: max(compute, weights+KV); kv-additive: KV + max(compute, weights).",
      choices: ["roofline", "kv-additive"],
      default: "roofline",
    },
    "torus-bandwidth": {
      type: "string",
      description: "axis: a collective gets the links of its axes; chip: every collective gets all links (the paper's formulas).",
      choices: ["axis", "chip"],
      default: "axis",
    },
  },
  subcommands: [MaxContextCommand, FrontierCommand],
  examples: [
    "yomikai plan --model palm-540b --hardware tpu-v4 --chips 64 --batch 64 --phase decode --context 2048 --output-tokens 64 --weights int8",
    "yomikai plan --model palm-540b --chips 64 --batch 512 --phase prefill --input-tokens 2048 --json",
    "yomikai plan --model llama-3-70b --hardware h100 --chips 8 --batch 32 --weights int8",
    "yomikai plan --model palm-62b --chips 16 --batch 256 --objective cost --max-latency 3",
    "yomikai plan max-context --model palm-540b --chips 64 --batch 128 --attention multiquery-batch --kv-fraction 0.3",
    "yomikai plan frontier --out frontier.svg",
  ],
  docs: "docs/inference-planner.md",
  async run({ flags, print, printJson }) {
    if (flags.maxLatency !== undefined && flags.objective !== "cost")
      throw new UsageError("--max-latency applies to --objective cost; add --objective cost.");
    const model = await loadModel(flags.model);
    const hardware = await loadHardware(flags.hardware);
    checkChips(hardware, flags.chips, flags.mesh);
    const phase = flags.phase as Phase;
    const result = planInference({
      model,
      hardware,
      chips: flags.chips,
      batch: flags.batch,
      phase,
      inputTokens: flags.inputTokens,
      context: flags.context,
      outputTokens: flags.outputTokens,
      weights: flags.weights as WeightDtype,
      kvBytes: flags.kvBytes,
      mesh: flags.mesh,
      layout: { ffn: flags.layout as FfnLayout | undefined, attention: flags.attention as AttentionLayout | undefined },
      objective: flags.objective as Objective,
      latencyCeilingSeconds: flags.maxLatency,
      weightStorage: flags.weightStorage as WeightStorage | undefined,
      conventions: {
        ringFactor: flags.ringFactor,
        combine: flags.combine as "roofline" | "kv-additive",
        torusBandwidth: flags.torusBandwidth as "axis" | "chip",
      },
    });
    const best = result.best;
    const context = flags.context ?? (phase === "decode" ? PLAN_DEFAULTS.decodeContext : 0);
    const maxLen = context + (phase === "decode" ? flags.outputTokens : flags.inputTokens) + (phase === "prefill" ? flags.outputTokens : 0);
    const engines = hardware.gpu ? engineSettings(best, model, hardware, maxLen) : undefined;
    if (flags.json) {
      printJson({
        ...best,
        objective: result.objective,
        considered: result.considered,
        notFitting: result.notFitting,
        calibration: hardware.calibration,
        alternatives: result.alternatives.map((a) => ({
          layout: a.layout,
          mesh: a.mesh,
          latencySeconds: a.latencySeconds,
          mfu: a.mfu,
          memoryPerChipBytes: a.memoryPerChipBytes,
        })),
        ...(engines ? { engines } : {}),
      });
      return;
    }
    const tokens =
      phase === "decode"
        ? `context ${context} → ${flags.outputTokens} generated tokens`
        : `${flags.inputTokens} input tokens${context ? ` after ${context} cached` : ""}`;
    print(
      `${best.model} on ${best.chips}× ${best.hardware} (mesh ${best.mesh}), ${phase}, batch ${best.batch}, ${best.weights} weights, ${tokens}`,
    );
    print(`Layout:   FFN ${best.layout.ffn}, attention sharded over ${best.layout.attention}`);
    print(
      `Latency:  ${seconds(best.latencySeconds)}${best.msPerToken !== null ? ` (${best.msPerToken.toFixed(1)} ms/token)` : ""}   MFU ${pct(best.mfu)}   cost ${(best.chipSecondsPerToken * 1000).toFixed(3)} chip-ms/token${best.usdPerMillionTokens !== null ? ` (≈ $${best.usdPerMillionTokens.toFixed(2)} per 1M tokens)` : ""}`,
    );
    print(
      `Memory:   ${gib(best.memoryPerChipBytes)} of ${gib(best.memory.capacity)} per chip (weights ${gib(best.memory.weights)}, KV ${gib(best.memory.kvCache)}, workspace ${gib(best.memory.workspace)})`,
    );
    const b = best.breakdown;
    const names: Record<string, string> = {
      compute: "compute",
      weightLoad: "weight loading",
      kvLoad: "KV loading",
      communication: "communication",
      collectiveLatency: "collective latency",
      overhead: "step overhead",
    };
    const parts = Object.entries(b)
      .filter(([, v]) => v > 0)
      .sort((x, y) => y[1] - x[1])
      .map(([k, v]) => `${names[k] ?? k} ${pct(v / best.latencySeconds)}`);
    print(`Time:     ${parts.join(", ")}`);
    print(`Why:      ${best.explanation}`);
    if (result.alternatives.length) {
      print(
        `Others:   ${result.alternatives
          .slice(0, 4)
          .map(
            (a) =>
              `${a.layout.ffn}/${a.layout.attention} ${seconds(a.latencySeconds)} (${a.latencySeconds >= best.latencySeconds ? "+" : ""}${pct(a.latencySeconds / best.latencySeconds - 1)})`,
          )
          .join("; ")}`,
      );
    }
    if (result.notFitting) print(`          ${result.notFitting} of ${result.considered} plans did not fit in memory.`);
    if (engines) {
      print(`vLLM:     ${engines.vllm}`);
      for (const line of engines.tensorrtLlm) print(`TRT-LLM:  ${line}`);
      for (const n of engines.notes) print(`Note:     ${n}`);
    }
    print(`Model:    efficiency terms ${hardware.calibration}.`);
  },
});
