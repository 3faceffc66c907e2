import { readImage } from "../../../diffusion/index.js";
import { EDIT_DEFAULTS, EDIT_LIMITS, InstructPix2Pix } from "../../../systems/instruct-pix2pix/index.js";
import { defineCommand } from "../../framework.js";
import { DemoModelCommand } from "./DemoModelCommand.js";
import { MetricsCommand } from "./MetricsCommand.js";
import { SweepCommand } from "./SweepCommand.js";
import { checkWorkingSize, editInputs, editSettings, MODEL_FLAGS, need, pngPath, writePng } from "./shared.js";

/** `yomikai edit`: InstructPix2Pix, one edit; `edit sweep`, `edit metrics` and `edit demo-model` below it. */
export const EditCommand = defineCommand({
  name: "edit",
  summary: "Edit an image by a written instruction (InstructPix2Pix, arXiv 2211.09800).",
  description:
    "Runs InstructPix2Pix on an ONNX model folder: the image and the instruction guide the denoiser with two scales, s_T (--text-guidance: follow the instruction) and s_I (--image-guidance: stay with the input). The output has the input's size and is the same for the same seed.",
  usage: "--model DIR --image FILE --instruction TEXT --out FILE.png [flags]",
  flags: {
    ...MODEL_FLAGS,
    "text-guidance": {
      type: "number",
      description: "Text guidance scale s_T (higher follows the instruction more).",
      default: EDIT_DEFAULTS.textGuidance,
      ...EDIT_LIMITS.textGuidance,
    },
    "image-guidance": {
      type: "number",
      description: "Image guidance scale s_I (higher stays closer to the input).",
      default: EDIT_DEFAULTS.imageGuidance,
      ...EDIT_LIMITS.imageGuidance,
    },
    mask: {
      type: "string",
      description: "Only edit where this mask is white (PNG/JPEG, stretched to the input); black areas keep the input.",
      placeholder: "FILE",
    },
    out: { type: "string", description: "Output PNG (written atomically).", placeholder: "FILE.png" },
  },
  subcommands: [SweepCommand, MetricsCommand, DemoModelCommand],
  examples: [
    'yomikai edit --model models/instruct-pix2pix-onnx --image cat.jpg --instruction "make it a watercolor" --out cat-watercolor.png',
    'yomikai edit --model models/instruct-pix2pix-onnx --image cat.jpg --instruction "add snow" --steps 50 --text-guidance 9 --image-guidance 1.2 --seed 7 --out snow.png',
    'yomikai edit --model models/instruct-pix2pix-onnx --image room.png --mask window-mask.png --instruction "make it night outside" --out night.png',
    'yomikai edit sweep --model models/instruct-pix2pix-onnx --image cat.jpg --instruction "add snow" --out grid.png',
    "yomikai edit demo-model   # tiny random-weight model, no download (the edit is noise)",
    'yomikai edit metrics --clip models/clip-vit-large-patch14 --image cat.jpg --edited snow.png --input-caption "a cat" --output-caption "a cat in snow"',
  ],
  docs: "docs/instruct-pix2pix.md",
  async run({ flags, progress, print, printJson, signal }) {
    const { model, imagePath, instruction } = editInputs(flags);
    const out = pngPath(need(flags.out, "out", "Output PNG file."));
    const input = await readImage(imagePath);
    const mask = flags.mask ? await readImage(flags.mask) : undefined;
    checkWorkingSize(input, flags);
    const pipeline = await InstructPix2Pix.load(model, { threads: flags.threads, onProgress: progress, signal });
    try {
      const result = await pipeline.edit(input, {
        ...editSettings(flags),
        instruction,
        textGuidance: flags.textGuidance,
        imageGuidance: flags.imageGuidance,
        ...(mask ? { mask } : {}),
        onProgress: progress,
        signal,
      });
      await writePng(out, result.image);
      const { image, ...meta } = result;
      const record = { out, input: imagePath, model, instruction, width: image.width, height: image.height, ...meta };
      if (flags.json) printJson(record);
      else
        print(
          `Wrote ${out} (${image.width}×${image.height}; worked at ${result.workingWidth}×${result.workingHeight}, ${result.steps} ${result.scheduler} steps, s_T ${result.textGuidance}, s_I ${result.imageGuidance}, seed ${result.seed}, ${result.branches} UNet branches/step) in ${result.seconds.toFixed(1)} s.`,
        );
    } finally {
      await pipeline.release();
    }
  },
});
