/**
 * Does a mixture of denoising experts cost more per step than one expert, once the experts are
 * loaded? Two full-size, random-weight SD 1.5-shaped UNets (4 input channels, 859.5M parameters each,
 * built by test/fixtures/onnx/sd15Unet.ts; the second folder holds a hard link to the first file, so
 * disk is shared but onnxruntime makes two sessions) run the shared denoising loop with classic CFG
 * (a batch of 2 per step) through the expert pool:
 *
 * - baselines: expert 1 alone for every step, and expert 2 alone (two sessions of the same weights
 *   need not run at the same speed: their memory lies elsewhere);
 * - mixture: expert 1 for the first half of the timesteps, expert 2 for the rest (boundary 0.5),
 *   both resident (--max-loaded 2), so the handoff is only a different session call.
 *
 * The three runs rotate order each rep (so drift on a shared machine hits each alike) after a warm-up
 * of each; the claim (≤ 1.05×) is the mixture's seconds per step over the mean of the two
 * baselines'. On a shared machine other jobs only ever add time, so the ratio of the fastest runs
 * (min) is reported beside the ratio of the medians. A full-size step at 256² takes ~14 s on a 2-core shared CPU, so the
 * default is small: 64×64 images (8×8 latents), 4 steps per run.
 *
 * Run: npx tsx bench/denoising-experts.bench.ts [--size 64] [--steps 4] [--reps 5] [--threads 1]
 * Writes bench/results/denoising-experts.json. The ~3.4 GB model is built once into .cache/.
 */
import { existsSync, linkSync, mkdirSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { createRng, writeJsonAtomic } from "../src/core/index.js";
import {
  classicGuidance,
  createScheduler,
  type DenoiseStep,
  denoise,
  randomNormal,
  TEXT_TO_IMAGE_SCHEDULER_CONFIG,
} from "../src/diffusion/index.js";
import { ExpertPool, expertForTimestep, type Routing } from "../src/systems/denoising-experts/index.js";
import { buildSd15Unet } from "../test/fixtures/onnx/sd15Unet.js";
import { benchCache, machine, numberArg, onnxRuntimeRecord } from "./lib.js";

const arg = numberArg;
const size = arg("size", 64);
const steps = arg("steps", 4);
const reps = arg("reps", 5);
const threads = arg("threads", 1);
const SEED = 0;

const root = benchCache("bench-sd15-t2i-unet-v1");
const expert1 = join(root, "expert-1");
const expert2 = join(root, "expert-2");
const { graph } = buildSd15Unet({ inChannels: 4, seed: 1 });
if (!existsSync(join(expert1, "unet", "model.onnx"))) {
  mkdirSync(join(expert1, "unet"), { recursive: true });
  const t = performance.now();
  process.stderr.write(`building the ${(graph.parameters / 1e6).toFixed(1)}M-parameter UNet into ${expert1} …\n`);
  await graph.save(join(expert1, "unet", "model.onnx"), "weights.pb");
  process.stderr.write(`built in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
}
if (!existsSync(join(expert2, "unet", "model.onnx"))) {
  mkdirSync(join(expert2, "unet"), { recursive: true });
  for (const f of ["model.onnx", "weights.pb"]) linkSync(join(expert1, "unet", f), join(expert2, "unet", f));
}

const pool = new ExpertPool([expert1, expert2], { maxLoaded: 2, threads });
const tLoad = performance.now();
await pool.unet(1);
await pool.unet(2);
const loadSeconds = (performance.now() - tLoad) / 1000;
process.stderr.write(`loaded two sessions in ${loadSeconds.toFixed(1)} s\n`);

const rng = createRng(SEED);
const cond = randomNormal([1, 77, 768], rng, 0.5);
const uncond = randomNormal([1, 77, 768], rng, 0.5);
const guidance = classicGuidance(cond, uncond, 7.5);
const latent = size / 8;
const T = 1000;

async function run(routing: Routing | number): Promise<{ secondsPerStep: number; experts: number[] }> {
  const scheduler = createScheduler(TEXT_TO_IMAGE_SCHEDULER_CONFIG, { steps });
  const r = createRng(1);
  const experts: number[] = [];
  const res = await denoise({
    scheduler,
    latent: randomNormal([1, 4, latent, latent], r, scheduler.initNoiseSigma),
    rng: r,
    guidance,
    unet: (s: DenoiseStep) => {
      const e = typeof routing === "number" ? routing : expertForTimestep(s.timestep, routing, T);
      experts.push(e);
      return pool.unet(e);
    },
  });
  return { secondsPerStep: res.seconds / steps, experts };
}

process.stderr.write("warm-up …\n");
const mixture: Routing = { kind: "boundaries", boundaries: [0.5] };
const configs = [
  { name: "expert 1 alone", routing: 1 as Routing | number, seconds: [] as number[] },
  { name: "expert 2 alone", routing: 2 as Routing | number, seconds: [] as number[] },
  { name: "1 → 2 at 0.5", routing: mixture as Routing | number, seconds: [] as number[] },
];
for (const c of configs) await run(c.routing);
let split: number[] = [];
for (let i = 0; i < reps; i++) {
  for (let k = 0; k < configs.length; k++) {
    const c = configs[(i + k) % configs.length] as (typeof configs)[number];
    const r = await run(c.routing);
    c.seconds.push(r.secondsPerStep);
    if (c.routing === mixture) split = r.experts;
  }
  process.stderr.write(`rep ${i + 1}: ${configs.map((c) => `${c.name} ${c.seconds[i]?.toFixed(2)} s/step`).join(", ")}\n`);
}
await pool.release();
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const [one, two, both] = configs.map((c) => median(c.seconds)) as [number, number, number];
const ratio = both / ((one + two) / 2);
const [min1, min2, minBoth] = configs.map((c) => Math.min(...c.seconds)) as [number, number, number];
const ratioMin = minBoth / ((min1 + min2) / 2);
const report = {
  bench: "denoising-experts: seconds per denoising step, two experts (handoff at 0.5) vs one expert",
  seed: SEED,
  machine: machine(),
  runtime: await onnxRuntimeRecord(threads),
  model: {
    what: "two sessions of a random-weight SD 1.5 UNet, 4 input channels, built by test/fixtures/onnx/sd15Unet.ts",
    parameters: graph.parameters,
    weightsGiB: statSync(join(expert1, "unet", "weights.pb")).size / 2 ** 30,
  },
  settings: { image: size, latent, steps, reps, guidance: "classic CFG 7.5 (UNet batch 2)", scheduler: "ddim" },
  loadSeconds,
  expertsPerStep: split,
  secondsPerStep: Object.fromEntries(configs.map((c) => [c.name, c.seconds])),
  medians: { expert1Alone: one, expert2Alone: two, mixture: both },
  minima: { expert1Alone: min1, expert2Alone: min2, mixture: minBoth },
  ratio,
  ratioMin,
  loadAverageAfter: loadavg(),
};
mkdirSync("bench/results", { recursive: true });
await writeJsonAtomic("bench/results/denoising-experts.json", report);
console.log(
  `one expert: ${one.toFixed(3)} s/step (expert 1), ${two.toFixed(3)} s/step (expert 2); two experts (handoff after step ${split.lastIndexOf(1) + 1} of ${steps}): ${both.toFixed(3)} s/step`,
);
console.log(
  `ratio two experts / one expert: ${ratio.toFixed(3)}× (medians), ${ratioMin.toFixed(3)}× (fastest runs); claim ≤ 1.05×; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}; wrote bench/results/denoising-experts.json`,
);
