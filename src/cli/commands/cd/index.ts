/**
 * `yomikai cd …`: contrastive decoding (paper 10, arXiv 2210.15097).
 * @module
 */
import { defineCommand } from "../../framework.js";
import { BenchCommand } from "./BenchCommand.js";
import { DemoModelsCommand } from "./DemoModelsCommand.js";
import { GenerateCommand } from "./GenerateCommand.js";

/** The `cd` command group. */
export const CdCommand = defineCommand({
  name: "cd",
  summary: "Contrastive decoding: generate with an expert LM minus an amateur LM, and benchmark it (paper 10).",
  subcommands: [GenerateCommand, BenchCommand, DemoModelsCommand],
  examples: [
    "yomikai cd demo-models   # the shipped pair trained on the King James Bible, no download",
    'yomikai cd generate --expert big.gguf --amateur small.gguf --prompt "Hello"',
    "yomikai cd bench --expert big.gguf --amateur small.gguf --dataset wikitext --prompts 20",
  ],
  docs: "docs/contrastive-decoding.md",
});
