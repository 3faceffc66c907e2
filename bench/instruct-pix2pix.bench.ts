/**
 * Seconds per InstructPix2Pix denoising step (one UNet call on a batch of 3: ε(I,T), ε(I,∅), ε(∅,∅))
 * at 256² and 512² on a full-size, random-weight SD 1.5 UNet with 8 input channels (859.5M parameters,
 * the real architecture; see test/fixtures/onnx/sd15Unet.ts), through yomikai's own
 * `DiffusionModel.predict` on onnxruntime-node (CPU, fp32).
 *
 * Baselines measured in the same run: the same step as three separate batch-1 calls (what a
 * fixed-batch-1 export costs), and the 512²/256² cost ratio against the MAC-count ratio.
 *
 * Run: npx tsx bench/instruct-pix2pix.bench.ts [--threads N] [--reps N]
 * Writes bench/results/instruct-pix2pix.json. The ~3.4 GB model is built once into .cache/.
 */
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRng, writeJsonAtomic } from "../src/core/index.js";
import { concatBatch, DiffusionModel, type FloatTensor, randomNormal, sliceBatch } from "../src/diffusion/index.js";
import { buildSd15Unet, macsAt } from "../test/fixtures/onnx/sd15Unet.js";
import { benchCache, machine, numberArg, onnxRuntimeRecord } from "./lib.js";

const arg = numberArg;
const threads = arg("threads", 1);
const reps = arg("reps", 2);
const SEED = 0;

const dir = benchCache("bench-sd15-ip2p-unet-v1");
const modelPath = join(dir, "unet", "model.onnx");
const { graph, macs } = buildSd15Unet({ inChannels: 8, seed: 1 });
if (!existsSync(modelPath)) {
  mkdirSync(join(dir, "unet"), { recursive: true });
  const t = performance.now();
  process.stderr.write(`building the ${(graph.parameters / 1e6).toFixed(1)}M-parameter UNet into ${dir} …\n`);
  await graph.save(modelPath, "weights.pb");
  process.stderr.write(
    `built in ${((performance.now() - t) / 1000).toFixed(0)} s (${(statSync(join(dir, "unet", "weights.pb")).size / 2 ** 30).toFixed(2)} GiB of weights)\n`,
  );
}

const tLoad = performance.now();
const model = await DiffusionModel.load(dir, { parts: ["unet"], threads });
const loadSeconds = (performance.now() - tLoad) / 1000;
process.stderr.write(`loaded in ${loadSeconds.toFixed(1)} s; inputs ${JSON.stringify(model.part("unet").inputs)}\n`);

const rng = createRng(SEED);
async function time(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push((performance.now() - t) / 1000);
  }
  return out;
}
// Upper median: with two runs this is the slower one.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface SizeResult {
  image: number;
  latent: number;
  batch3Seconds: number[];
  separate3Seconds: number[];
  secondsPerStep: number;
  secondsPerStepSeparate: number;
  batchSpeedup: number;
  gmacPerStep: number;
  gflopsAchieved: number;
}
const results: SizeResult[] = [];
for (const image of [256, 512]) {
  const latent = image / 8;
  const sample = randomNormal([3, 8, latent, latent], rng);
  const ctx = randomNormal([3, 77, 768], rng, 0.5);
  const step = () => model.predict(sample, 500, ctx);
  const separate = async () => {
    const parts: FloatTensor[] = [];
    for (let i = 0; i < 3; i++) parts.push(await model.predict(sliceBatch(sample, i), 500, sliceBatch(ctx, i)));
    return concatBatch(parts);
  };
  process.stderr.write(`${image}²: warm-up …\n`);
  await step();
  const batch3Seconds = await time(step, reps);
  process.stderr.write(`${image}²: batch of 3 ${batch3Seconds.map((s) => s.toFixed(2)).join(", ")} s\n`);
  const separate3Seconds = await time(separate, Math.max(1, reps - 1));
  process.stderr.write(`${image}²: 3 × batch 1 ${separate3Seconds.map((s) => s.toFixed(2)).join(", ")} s\n`);
  const secondsPerStep = median(batch3Seconds);
  const gmac = (3 * macsAt(macs, latent, latent)) / 1e9;
  results.push({
    image,
    latent,
    batch3Seconds,
    separate3Seconds,
    secondsPerStep,
    secondsPerStepSeparate: median(separate3Seconds),
    batchSpeedup: median(separate3Seconds) / secondsPerStep,
    gmacPerStep: gmac,
    gflopsAchieved: (2 * gmac) / secondsPerStep,
  });
}
await model.release();

const [r256, r512] = results as [SizeResult, SizeResult];
const report = {
  bench: "instruct-pix2pix: seconds per denoising step (UNet on a batch of 3)",
  seed: SEED,
  machine: machine(),
  runtime: await onnxRuntimeRecord(threads),
  model: {
    what: "random-weight SD 1.5 UNet, 8 input channels (InstructPix2Pix), diffusers UNet2DConditionModel architecture, built by test/fixtures/onnx/sd15Unet.ts",
    parameters: graph.parameters,
    gmacPerSampleAt64x64: macsAt(macs, 64, 64) / 1e9,
  },
  loadSeconds,
  results,
  ratios: {
    "512²/256² seconds per step": r512.secondsPerStep / r256.secondsPerStep,
    "512²/256² MACs": r512.gmacPerStep / r256.gmacPerStep,
    "3 separate calls / batch of 3 at 256²": r256.batchSpeedup,
    "3 separate calls / batch of 3 at 512²": r512.batchSpeedup,
  },
  estimates: {
    "20-step 512² edit, minutes": (20 * r512.secondsPerStep) / 60,
    "100-step 512² edit (paper), minutes": (100 * r512.secondsPerStep) / 60,
    "20-step 256² edit, minutes": (20 * r256.secondsPerStep) / 60,
  },
};
mkdirSync("bench/results", { recursive: true });
await writeJsonAtomic("bench/results/instruct-pix2pix.json", report);
console.log(`seconds per step (batch of 3): 256² ${r256.secondsPerStep.toFixed(2)} s, 512² ${r512.secondsPerStep.toFixed(2)} s`);
console.log(
  `ratio 512²/256²: ${report.ratios["512²/256² seconds per step"].toFixed(2)}× (MAC ratio ${report.ratios["512²/256² MACs"].toFixed(2)}×)`,
);
console.log(
  `baseline 3 separate batch-1 calls: 256² ${r256.secondsPerStepSeparate.toFixed(2)} s (${r256.batchSpeedup.toFixed(2)}×), 512² ${r512.secondsPerStepSeparate.toFixed(2)} s (${r512.batchSpeedup.toFixed(2)}×)`,
);
console.log(
  `achieved: 256² ${r256.gflopsAchieved.toFixed(0)} GFLOP/s, 512² ${r512.gflopsAchieved.toFixed(0)} GFLOP/s; wrote bench/results/instruct-pix2pix.json`,
);
