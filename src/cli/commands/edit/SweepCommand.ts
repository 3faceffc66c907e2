import { join } from "node:path";
import { readImage } from "../../../diffusion/index.js";
import {
  checkSweepGrid,
  DEFAULT_SWEEP_IMAGE_SCALES,
  DEFAULT_SWEEP_TEXT_SCALES,
  guidanceSweep,
  InstructPix2Pix,
} from "../../../systems/instruct-pix2pix/index.js";
import { defineCommand, outputFolder } from "../../framework.js";
import { checkWorkingSize, editInputs, editSettings, MODEL_FLAGS, need, pngPath, scaleList, writePng } from "./shared.js";

/** `yomikai edit sweep`: the paper's s_T × s_I grid. */
export const SweepCommand = defineCommand({
  name: "sweep",
  summary: "Edit at every pair of guidance scales and save the labelled s_T × s_I grid (the paper's Fig. 4).",
  usage: "--model DIR --image FILE --instruction TEXT --out GRID.png [flags]",
  flags: {
    ...MODEL_FLAGS,
    "text-scales": {
      type: "strings",
      description: "s_T values, one per column.",
      default: DEFAULT_SWEEP_TEXT_SCALES.map(String),
      placeholder: "A,B,…",
    },
    "image-scales": {
      type: "strings",
      description: "s_I values, one per row.",
      default: DEFAULT_SWEEP_IMAGE_SCALES.map(String),
      placeholder: "A,B,…",
    },
    "cell-size": {
      type: "number",
      description: "Long side of each grid cell, in pixels.",
      default: 256,
      integer: true,
      min: 16,
      max: 2048,
    },
    "cells-dir": { type: "string", description: "Also save each edit as a PNG in this folder (sT<..>_sI<..>.png).", placeholder: "DIR" },
    out: { type: "string", description: "Output grid PNG (written atomically).", placeholder: "GRID.png" },
  },
  examples: [
    'yomikai edit sweep --model models/instruct-pix2pix-onnx --image cat.jpg --instruction "add snow" --out grid.png',
    'yomikai edit sweep --model models/instruct-pix2pix-onnx --image cat.jpg --instruction "add snow" --text-scales 5,7.5,10 --image-scales 1,1.5,2 --steps 10 --resolution 256 --out grid.png',
  ],
  docs: "docs/instruct-pix2pix.md",
  async run({ flags, progress, print, printJson, signal }) {
    const { model, imagePath, instruction } = editInputs(flags);
    const out = pngPath(need(flags.out, "out", "Output grid PNG file."));
    const textScales = scaleList(flags.textScales, "text-scales");
    const imageScales = scaleList(flags.imageScales, "image-scales");
    if (flags.cellsDir) outputFolder(flags.cellsDir, "--cells-dir");
    const input = await readImage(imagePath);
    checkWorkingSize(input, flags);
    checkSweepGrid(input, { textScales, imageScales, cellSize: flags.cellSize });
    const pipeline = await InstructPix2Pix.load(model, { threads: flags.threads, onProgress: progress, signal });
    try {
      const result = await guidanceSweep(pipeline, input, {
        ...editSettings(flags),
        instruction,
        textScales,
        imageScales,
        cellSize: flags.cellSize,
        onProgress: progress,
        signal,
        onCell: async (c) => {
          if (flags.cellsDir) await writePng(join(flags.cellsDir, `sT${c.textGuidance}_sI${c.imageGuidance}.png`), c.result.image);
        },
      });
      await writePng(out, result.grid);
      const cells = result.cells.map((c) => ({
        textGuidance: c.textGuidance,
        imageGuidance: c.imageGuidance,
        seconds: Number(c.result.seconds.toFixed(3)),
      }));
      if (flags.json)
        printJson({
          out,
          input: imagePath,
          model,
          instruction,
          seed: result.seed,
          steps: flags.steps,
          textScales,
          imageScales,
          width: result.grid.width,
          height: result.grid.height,
          cells,
        });
      else
        print(
          `Wrote ${out} (${result.grid.width}×${result.grid.height}: ${imageScales.length} s_I rows × ${textScales.length} s_T columns, input top-left, seed ${result.seed}).`,
        );
    } finally {
      await pipeline.release();
    }
  },
});
