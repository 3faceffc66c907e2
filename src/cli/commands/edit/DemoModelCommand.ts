import { InvalidInputError } from "../../../core/index.js";
import { diffusionDemoDir, writeDemoInstructPix2PixModel } from "../../../diffusion/index.js";
import { defineCommand, outputFolder, shellQuote } from "../../framework.js";

/** `yomikai edit demo-model`: writes a tiny random-weight InstructPix2Pix folder (no download). */
export const DemoModelCommand = defineCommand({
  name: "demo-model",
  summary: "Write a tiny RANDOM-WEIGHT InstructPix2Pix model folder to try `yomikai edit` without a download (the edit is noise).",
  description:
    "Writes a tiny InstructPix2Pix model in the Hugging Face ONNX layout (text_encoder/, unet/ with 8 input channels, vae_encoder/, vae_decoder/, tokenizer/, scheduler/ with Euler ancestral) plus example-input.png, in well under a second. The inputs and outputs have the names and ranks of a real export, so `yomikai edit`, `edit sweep` and the web page run on it end to end through onnxruntime. The weights are random (seed 1, byte-identical on every machine), so the result is a colour shift plus noise, not a learned edit: the folder only shows the pipeline. An existing folder is reused unless --force. For real edits export timbrooks/instruct-pix2pix to ONNX (see docs/instruct-pix2pix.md).",
  usage: "[--out DIR] [--force]",
  flags: {
    out: {
      type: "string",
      description:
        "Folder to write into (default: <model cache>/demo/instruct-pix2pix, i.e. $YOMIKAI_CACHE/models/demo/instruct-pix2pix or ~/.cache/yomikai/models/demo/instruct-pix2pix).",
      placeholder: "DIR",
    },
    force: { type: "boolean", description: "Rewrite the files even if they already exist." },
  },
  examples: [
    "yomikai edit demo-model",
    "yomikai edit demo-model --out ./ip2p-demo --json",
    'yomikai edit --model ~/.cache/yomikai/models/demo/instruct-pix2pix --image ~/.cache/yomikai/models/demo/instruct-pix2pix/example-input.png --instruction "make it red" --steps 10 --resolution 128 --out demo-edit.png',
  ],
  docs: "docs/instruct-pix2pix.md",
  async run({ flags, print, printJson }) {
    const dir = outputFolder(flags.out ?? diffusionDemoDir());
    let demo: Awaited<ReturnType<typeof writeDemoInstructPix2PixModel>>;
    try {
      demo = await writeDemoInstructPix2PixModel(dir, { overwrite: flags.force === true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!code) throw err;
      throw new InvalidInputError(`cannot write the demo model into ${dir} (${code}): pass a writable folder with --out`, { cause: err });
    }
    const command = `yomikai edit --model ${shellQuote(demo.model)} --image ${shellQuote(demo.image)} --instruction "make it red" --steps 10 --resolution 128 --out demo-edit.png`;
    if (flags.json) {
      printJson({ model: demo.model, image: demo.image, randomWeights: true, reused: demo.reused, command });
      return;
    }
    print(`${demo.reused ? "Reusing" : "Wrote"} a tiny random-weight InstructPix2Pix model (no download; the edit is noise):`);
    print(`  model: ${demo.model}  (Hugging Face ONNX layout, 8-channel UNet, Euler ancestral)`);
    print(`  image: ${demo.image}  (128×96 example input)`);
    print("Try the edit pipeline on it:");
    print(`  ${command}`);
  },
});
