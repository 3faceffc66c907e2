import { MAX_CONTEXT_ATTENTIONS, maxContext, PLAN_LIMITS } from "../../../systems/inference-planner/index.js";
import { defineCommand } from "../../framework.js";
import { checkChips, loadHardware, loadModel, targetFlags } from "./shared.js";

/** `yomikai plan max-context`: the longest context whose KV cache fits (the paper's Table 1). */
export const MaxContextCommand = defineCommand({
  name: "max-context",
  summary: "Longest context whose KV cache fits for a batch and an attention layout (the paper's Table 1).",
  usage: "--model M --chips N --batch B [--attention multiquery-batch] [--kv-fraction 0.3]",
  flags: {
    ...targetFlags,
    chips: { type: "number", description: "Number of chips.", ...PLAN_LIMITS.chips, required: true },
    batch: { type: "number", description: "Sequences in the batch.", ...PLAN_LIMITS.batch, required: true },
    attention: {
      type: "string",
      description:
        "multihead: one KV head per query head; multiquery-heads: KV over heads (replicated for multiquery); multiquery-batch: KV over batch (the paper's optimized layout).",
      choices: MAX_CONTEXT_ATTENTIONS,
      default: "multiquery-batch",
    },
    "kv-fraction": {
      type: "number",
      description: "Fraction of HBM reserved for the KV cache (Table 1: 0.3). Default: what the weights leave free.",
      min: 0,
      max: 1,
    },
    weights: { type: "string", description: "Weight dtype (for the free-memory budget).", choices: ["bf16", "int8"], default: "bf16" },
    "kv-bytes": { type: "number", description: "Bytes per KV element.", default: 2, min: 0.5, max: 4 },
  },
  examples: [
    "yomikai plan max-context --model palm-540b --hardware tpu-v4 --chips 64 --batch 128 --attention multiquery-batch --kv-fraction 0.3",
    "yomikai plan max-context --model palm-540b --chips 64 --batch 512 --attention multihead --kv-fraction 0.3 --json",
    "yomikai plan max-context --model llama-3-70b --hardware h100 --chips 8 --batch 32",
  ],
  docs: "docs/inference-planner.md",
  async run({ flags, print, printJson }) {
    const model = await loadModel(flags.model);
    const hardware = await loadHardware(flags.hardware);
    checkChips(hardware, flags.chips);
    const r = maxContext({
      model,
      hardware,
      chips: flags.chips,
      batch: flags.batch,
      attention: flags.attention as (typeof MAX_CONTEXT_ATTENTIONS)[number],
      kvFraction: flags.kvFraction,
      weights: flags.weights as "bf16" | "int8",
      kvBytes: flags.kvBytes,
    });
    if (flags.json) {
      printJson(r);
      return;
    }
    print(`Max context: ${r.maxContext.toLocaleString("en-US")} tokens`);
    print(
      `  ${r.model}, ${r.attention}: each chip holds KV for ${r.sequencesPerChip} sequence(s) × ${r.kvHeadsPerChip} KV head(s) = ${(r.bytesPerContextToken / 1024).toFixed(1)} KiB per context token, budget ${(r.kvBudgetBytes / 1024 ** 3).toFixed(2)} GiB per chip.`,
    );
  },
});
