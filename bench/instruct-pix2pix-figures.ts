/**
 * Makes the figures of docs/instruct-pix2pix.md:
 * - instruct-pix2pix-fixture-grid.png: the s_T × s_I grid on the tiny fixture model (the fixture's
 *   UNet is an "ideal denoiser" towards image·s_I plus an instruction tint·s_T, so the grid shows what
 *   each guidance scale does; it is not a real InstructPix2Pix model).
 * - instruct-pix2pix-fixture-tradeoff.svg: the paper's trade-off curve computed the same way, with
 *   the tiny fixture CLIP.
 * - instruct-pix2pix-step-time.svg: seconds per step from bench/results/instruct-pix2pix.json.
 *
 * Run: npx tsx bench/instruct-pix2pix-figures.ts
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../src/core/index.js";
import {
  buildTinyClipModel,
  buildTinyDiffusionModel,
  encodePng,
  readImage,
  writeGradientImage as writeTestImage,
} from "../src/diffusion/index.js";
import { lineChart } from "../src/report/index.js";
import { ClipModel, guidanceSweep, InstructPix2Pix, tradeoffChart, tradeoffCurve } from "../src/systems/instruct-pix2pix/index.js";

const dir = mkdtempSync(join(tmpdir(), "ip2p-figures-"));
try {
  const model = buildTinyDiffusionModel(join(dir, "model"));
  await writeTestImage(join(dir, "in.png"), 192, 128);
  const input = await readImage(join(dir, "in.png"));
  const ip2p = await InstructPix2Pix.load(model);
  const sweep = await guidanceSweep(ip2p, input, {
    instruction: "make it red",
    steps: 20,
    seed: 0,
    resolution: 192,
    textScales: [3, 5, 7.5, 10],
    imageScales: [1, 1.2, 1.5, 2],
    cellSize: 160,
  });
  await writeFileAtomic("docs/figures/instruct-pix2pix-fixture-grid.png", await encodePng(sweep.grid));

  const clip = await ClipModel.load(buildTinyClipModel(join(dir, "clip")));
  const points = await tradeoffCurve(ip2p, clip, input, {
    instruction: "make it red",
    inputCaption: "a photo of a square",
    outputCaption: "a photo of a red square",
    steps: 20,
    seed: 0,
    resolution: 192,
  });
  await writeFileAtomic(
    "docs/figures/instruct-pix2pix-fixture-tradeoff.svg",
    tradeoffChart(points, "Trade-off curve, tiny fixture model + fixture CLIP (s_T 7.5)"),
  );
  console.log(
    points
      .map((p) => `s_I ${p.imageGuidance}: direction ${p.directionSimilarity.toFixed(3)}, image ${p.imageSimilarity.toFixed(3)}`)
      .join("\n"),
  );
  await ip2p.release();
  await clip.release();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const resultsPath = "bench/results/instruct-pix2pix.json";
if (existsSync(resultsPath)) {
  const r = JSON.parse(readFileSync(resultsPath, "utf8")) as {
    results: { image: number; secondsPerStep: number; secondsPerStepSeparate: number }[];
    /** `machine` (bench/lib.ts) in new results, `hardware` in results written before it. */
    machine?: { cores: number };
    hardware?: { logicalCores: number };
  };
  const svg = lineChart({
    title: `InstructPix2Pix step, SD 1.5-size UNet, fp32 CPU (${r.machine?.cores ?? r.hardware?.logicalCores} cores)`,
    xLabel: "image side (pixels)",
    yLabel: "seconds per denoising step",
    series: [
      {
        name: "batch of 3 (one call)",
        points: r.results.map((x) => ({ x: x.image, y: x.secondsPerStep, label: `${x.secondsPerStep.toFixed(1)} s` })),
      },
      { name: "3 separate batch-1 calls", points: r.results.map((x) => ({ x: x.image, y: x.secondsPerStepSeparate })) },
    ],
  });
  await writeFileAtomic("docs/figures/instruct-pix2pix-step-time.svg", svg);
}
console.log("wrote docs/figures/instruct-pix2pix-*");
