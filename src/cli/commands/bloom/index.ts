/**
 * `yomikai bloom …`: BLOOM (paper 4, arXiv 2211.05100) — generate, evaluate zero-shot, plan serving.
 * @module
 */
import { defineCommand } from "../../framework.js";
import { EvalCommand } from "./EvalCommand.js";
import { GenerateCommand } from "./GenerateCommand.js";
import { ServePlanCommand } from "./ServePlanCommand.js";

/** The `bloom` command group. */
export const BloomCommand = defineCommand({
  name: "bloom",
  summary: "BLOOM: generate, evaluate zero-shot like lm-eval-harness (XNLI, XCOPA, Flores…), plan serving the 176B (paper 4).",
  subcommands: [EvalCommand, GenerateCommand, ServePlanCommand],
  examples: [
    "yomikai bloom eval --model demo --tasks demo   # no download",
    "yomikai bloom eval --model bloom-560m.Q8_0.gguf --tasks xnli,xstorycloze --langs fr,zh,ar --limit 200",
    'yomikai bloom generate --model bloom-560m.Q8_0.gguf --prompt "Paris est"',
    "yomikai bloom serve-plan --gpus 8",
  ],
  docs: "docs/bloom.md",
});
