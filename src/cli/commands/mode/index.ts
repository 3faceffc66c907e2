/**
 * The `yomikai mode` command group (mixture of denoising experts, ERNIE-ViLG 2.0): `mode generate`,
 * `mode eval`, `mode demo-models`.
 * @module
 */
import { defineCommand } from "../../framework.js";
import { DemoModelsCommand } from "./DemoModelsCommand.js";
import { EvalCommand } from "./EvalCommand.js";
import { GenerateCommand } from "./GenerateCommand.js";

/** `yomikai mode`: the group. */
export const ModeCommand = defineCommand({
  name: "mode",
  summary: "Mixture of denoising experts (ERNIE-ViLG 2.0, arXiv 2210.15257): text-to-image with experts per timestep range.",
  subcommands: [GenerateCommand, EvalCommand, DemoModelsCommand],
  examples: [
    'yomikai mode generate --experts demo --blocks 10 --prompt "a red cat on a blue sofa" --width 256 --height 256 --out cat.png',
    "yomikai mode eval --experts demo --prompts demo --clip demo --inception demo --reference demo --width 128 --height 128 --out mode-eval",
    "yomikai mode demo-models",
  ],
  docs: "docs/denoising-experts.md",
});
