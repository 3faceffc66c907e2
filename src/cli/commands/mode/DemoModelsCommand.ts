import { InvalidInputError } from "../../../core/index.js";
import { defaultDemoExpertsDir, writeDemoExperts } from "../../../systems/denoising-experts/index.js";
import { defineCommand, outputFolder, shellQuote } from "../../framework.js";

/** `yomikai mode demo-models`: tiny random experts plus CLIP, feature extractor, prompts and references (no download). */
export const DemoModelsCommand = defineCommand({
  name: "demo-models",
  summary: "Write tiny RANDOM-WEIGHT experts (and a tiny CLIP, feature extractor, prompts, references) to try `mode` without a download.",
  description:
    "Writes N tiny text-to-image folders in the Stable Diffusion ONNX layout (tokenizer/, text_encoder/, unet/ with 4 input channels, vae_decoder/, scheduler/ with DDIM), each UNet with its own seed and colour, plus clip/ (a tiny CLIP), inception/ (a tiny image feature extractor for FID), prompts.txt and reference/ pictures. The weights are random, so images are coloured noise and CLIP/FID values mean nothing: the folder shows routing, lazy loading and evaluation end to end. `--experts demo`, `--clip demo`, … use it directly (written on first use). An existing folder is reused unless --force.",
  usage: "[--out DIR] [--count N] [--force]",
  flags: {
    out: { type: "string", description: "Folder to write into (default: <model cache>/demo/denoising-experts).", placeholder: "DIR" },
    count: { type: "number", description: "Number of experts (the paper has 10).", default: 10, integer: true, min: 1, max: 100 },
    force: { type: "boolean", description: "Rewrite the files even if they already exist." },
  },
  examples: ["yomikai mode demo-models", "yomikai mode demo-models --out ./mode-demo --count 2 --json"],
  docs: "docs/denoising-experts.md",
  async run({ flags, print, printJson }) {
    const dir = outputFolder(flags.out ?? defaultDemoExpertsDir());
    let demo: Awaited<ReturnType<typeof writeDemoExperts>>;
    try {
      demo = await writeDemoExperts(dir, { count: flags.count, overwrite: flags.force === true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!code) throw err;
      throw new InvalidInputError(`cannot write the demo experts into ${dir} (${code}): pass a writable folder with --out`, { cause: err });
    }
    const experts = demo.experts.map(shellQuote).join(",");
    const command = `yomikai mode generate --experts ${experts} --prompt "a red cat on a blue sofa" --width 256 --height 256 --out demo-mode.png`;
    const evalCommand = `yomikai mode eval --experts ${experts} --prompts ${shellQuote(demo.prompts)} --clip ${shellQuote(demo.clip)} --inception ${shellQuote(demo.inception)} --reference ${shellQuote(demo.reference)} --width 128 --height 128 --out demo-mode-eval`;
    if (flags.json) {
      printJson({ ...demo, randomWeights: true, command, evalCommand });
      return;
    }
    print(
      `${demo.reused ? "Reusing" : "Wrote"} ${demo.experts.length} tiny random-weight experts (no download; the images are noise) in ${dir}`,
    );
    print(`  clip: ${demo.clip}  inception: ${demo.inception}  prompts: ${demo.prompts}  reference: ${demo.reference}`);
    print("Try them:");
    print(`  ${command}`);
    print(`  ${evalCommand}`);
  },
});
