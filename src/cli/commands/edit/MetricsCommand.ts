import { UsageError, writeFileAtomic } from "../../../core/index.js";
import { readImage } from "../../../diffusion/index.js";
import {
  ClipModel,
  clipEditMetrics,
  DEFAULT_TEXT_GUIDANCE,
  InstructPix2Pix,
  PAPER_IMAGE_SCALES,
  tradeoffChart,
  tradeoffCurve,
} from "../../../systems/instruct-pix2pix/index.js";
import { defineCommand, outputFile } from "../../framework.js";
import { checkWorkingSize, editSettings, MODEL_FLAGS, need, scaleList } from "./shared.js";

/** `yomikai edit metrics`: CLIP image and direction similarity, for one pair or a whole s_I curve. */
export const MetricsCommand = defineCommand({
  name: "metrics",
  summary: "CLIP image similarity and CLIP direction similarity of edits (the paper's trade-off metrics).",
  description:
    "With --edited: scores that edit of --image. With --model and --instruction instead: edits at each --image-scales value (s_T fixed) and reports the trade-off curve (Figs. 8/10), optionally as an SVG chart. Only CLIP ViT-L/14 gives numbers comparable with the paper.",
  usage: "--clip DIR --image FILE --input-caption TEXT --output-caption TEXT (--edited FILE | --model DIR --instruction TEXT) [flags]",
  flags: {
    clip: {
      type: "string",
      description: "CLIP ONNX folder (text_model.onnx + vision_model.onnx + vocab.json/merges.txt, e.g. Xenova/clip-vit-large-patch14).",
      required: true,
      placeholder: "DIR",
    },
    edited: { type: "string", description: "The edited image to score (PNG or JPEG).", placeholder: "FILE" },
    "input-caption": { type: "string", description: "Caption of the input image (T0).", required: true, placeholder: "TEXT" },
    "output-caption": { type: "string", description: "Caption of the wanted output (T1).", required: true, placeholder: "TEXT" },
    ...MODEL_FLAGS,
    "text-guidance": { type: "number", description: "s_T of the curve.", default: DEFAULT_TEXT_GUIDANCE, min: 0 },
    "image-scales": {
      type: "strings",
      description: "s_I values of the curve.",
      default: PAPER_IMAGE_SCALES.map(String),
      placeholder: "A,B,…",
    },
    out: { type: "string", description: "Write the curve as an SVG chart here (curve mode only).", placeholder: "FILE.svg" },
  },
  examples: [
    'yomikai edit metrics --clip models/clip-vit-large-patch14 --image cat.jpg --edited snow.png --input-caption "a photo of a cat" --output-caption "a photo of a cat in snow"',
    'yomikai edit metrics --clip models/clip-vit-large-patch14 --model models/instruct-pix2pix-onnx --image cat.jpg --instruction "add snow" --input-caption "a photo of a cat" --output-caption "a photo of a cat in snow" --out curve.svg',
  ],
  docs: "docs/instruct-pix2pix.md",
  async run({ flags, progress, print, printJson, signal }) {
    const imagePath = need(flags.image, "image", MODEL_FLAGS.image.description);
    if (!flags.edited && !flags.model)
      throw new UsageError("Give --edited FILE to score one edit, or --model DIR and --instruction TEXT to measure the s_I curve.");
    if (flags.out && flags.edited) throw new UsageError("--out draws the s_I curve: use it with --model and --instruction, not --edited.");
    if (flags.out) outputFile(flags.out, "--out", { extension: ".svg", what: "the curve" });
    const curve = flags.edited
      ? undefined
      : {
          model: need(flags.model, "model", MODEL_FLAGS.model.description),
          instruction: need(flags.instruction, "instruction", MODEL_FLAGS.instruction.description),
          imageScales: scaleList(flags.imageScales, "image-scales"),
        };
    const input = await readImage(imagePath);
    if (curve) checkWorkingSize(input, flags);
    const edited = flags.edited ? await readImage(flags.edited) : undefined;
    const clip = await ClipModel.load(flags.clip, { threads: flags.threads });
    try {
      if (edited) {
        const m = await clipEditMetrics(clip, { input, edited, inputCaption: flags.inputCaption, outputCaption: flags.outputCaption });
        if (flags.json)
          printJson({ image: imagePath, edited: flags.edited, inputCaption: flags.inputCaption, outputCaption: flags.outputCaption, ...m });
        else {
          print(`CLIP image similarity      ${m.imageSimilarity.toFixed(4)}   cos(I0, I1)`);
          print(`CLIP direction similarity  ${m.directionSimilarity.toFixed(4)}   cos(I1 - I0, T1 - T0)`);
          print(`input image-text           ${m.inputTextSimilarity.toFixed(4)}   cos(I0, T0)`);
          print(`output image-text          ${m.outputTextSimilarity.toFixed(4)}   cos(I1, T1)`);
        }
        return;
      }
      if (!curve) return;
      const { model, instruction, imageScales } = curve;
      const pipeline = await InstructPix2Pix.load(model, { threads: flags.threads, onProgress: progress, signal });
      try {
        const points = await tradeoffCurve(pipeline, clip, input, {
          instruction,
          inputCaption: flags.inputCaption,
          outputCaption: flags.outputCaption,
          imageScales,
          ...editSettings(flags),
          textGuidance: flags.textGuidance,
          onProgress: progress,
          signal,
        });
        if (flags.out) await writeFileAtomic(flags.out, tradeoffChart(points));
        if (flags.json)
          printJson({
            image: imagePath,
            model,
            instruction,
            seed: flags.seed,
            steps: flags.steps,
            points,
            ...(flags.out ? { chart: flags.out } : {}),
          });
        else {
          print("  s_I   direction  image");
          for (const p of points)
            print(
              `${p.imageGuidance.toFixed(2).padStart(5)}   ${p.directionSimilarity.toFixed(4).padStart(8)}  ${p.imageSimilarity.toFixed(4)}`,
            );
          if (flags.out) print(`Wrote ${flags.out}.`);
        }
      } finally {
        await pipeline.release();
      }
    } finally {
      await clip.release();
    }
  },
});
