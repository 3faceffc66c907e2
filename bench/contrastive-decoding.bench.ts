/**
 * Performance of contrastive decoding on real-size model shapes (random weights, Q8_0), through the
 * llama.cpp backend. Run: `npx tsx bench/contrastive-decoding.bench.ts` (about 5 minutes on 2 cores).
 *
 * A. Greedy CD (GPT-2 XL-shaped expert, GPT-2 small-shaped amateur, α 0.1, τ 0.5) against expert-only
 *    greedy decoding through the same runtime (which also fetches the full distribution), per token.
 *    Goal: ≤ 1.2×. Also reported: against native greedy (llama.cpp picks the token, no distribution).
 *    CD is timed twice: `distribution: "full"` (both whole distributions) and `"plausible-set"` (the
 *    expert's head + the amateur restricted to V_head; same tokens, checked here).
 * B. On a 250,880-token vocabulary (bloom-560m shape; amateur: a 4×512 bloom shape), per step and
 *    interleaved step by step: a plain decode step (llama.cpp greedy, no distribution), node-llama-cpp's
 *    probabilities Map, yomikai's full-distribution step (log-probs of all 250,880 tokens; goal ≤ 1.3×),
 *    the expert's head alone, and a whole plausible-set CD step (expert head + amateur on V_head).
 *
 * The model files are written once into `.cache/bench-models/` (git-ignored, about 2 GB) and reused.
 * Env: CD_BENCH_TOKENS (tokens per run, default 32), CD_BENCH_ROUNDS (alternating rounds, default 5),
 * CD_BENCH_THREADS (threads per model, default 1). `--figure-only` redraws the figure from the JSON.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { writeJsonAtomic } from "../src/core/index.js";
import { type LanguageModel, loadLlamaModel } from "../src/lm/index.js";
import { lineChart } from "../src/report/index.js";
import { contrastiveDecode } from "../src/systems/contrastive-decoding/index.js";
import {
  BLOOM_560M_SHAPE,
  buildVocabulary,
  GPT2_SMALL_SHAPE,
  GPT2_XL_SHAPE,
  type ModelShape,
  writeRandomModel,
} from "../test/fixtures/gguf/index.js";
import { benchCache, machine, machineLine } from "./lib.js";

const TOKENS = Number(process.env.CD_BENCH_TOKENS ?? 32);
const ROUNDS = Number(process.env.CD_BENCH_ROUNDS ?? 5);
const THREADS = Number(process.env.CD_BENCH_THREADS ?? 1);
const SEED = 20221027;
const dir = benchCache("bench-models");
mkdirSync(dir, { recursive: true });

function ensureModel(name: string, shape: ModelShape, vocabSize: number): string {
  const path = join(dir, name);
  if (!existsSync(path)) {
    const t = performance.now();
    const n = writeRandomModel(path, shape, {
      vocab: buildVocabulary(vocabSize),
      seed: `${SEED}:${name}`,
      type: "q8_0",
      pooled: true,
      name,
    });
    console.error(`wrote ${name}: ${(n / 1e6).toFixed(0)} M parameters in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return path;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
type Llama = Awaited<ReturnType<typeof import("node-llama-cpp")["getLlama"]>>;

/** Native greedy decoding through node-llama-cpp directly: llama.cpp samples, no distribution crosses into JS. */
async function nativeGreedy(llama: Llama, path: string, prompt: number[], tokens: number, mode: "token" | "probabilities" = "token") {
  const model = await llama.loadModel({ modelPath: path });
  const ctx = await model.createContext({ contextSize: 256, threads: THREADS });
  const seq = ctx.getSequence();
  return {
    async run(): Promise<{ ms: number; cpuMs: number; cumulative: number[] }> {
      await seq.clearHistory();
      const first = await seq.controlledEvaluate(
        prompt.map((t, i) => (i === prompt.length - 1 ? [t, { generateNext: { token: true } }] : t)) as never,
      );
      let next = first[prompt.length - 1]?.next.token as number;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const cumulative: number[] = [];
      for (let i = 0; i < tokens; i++) {
        const r = await seq.controlledEvaluate([
          [next, { generateNext: { token: true, ...(mode === "probabilities" ? { probabilities: true } : {}) } }],
        ] as never);
        next = r[0]?.next.token as number;
        cumulative.push(performance.now() - t0);
      }
      const c = process.cpuUsage(c0);
      return { ms: (performance.now() - t0) / tokens, cpuMs: (c.user + c.system) / 1000 / tokens, cumulative };
    },
    async close() {
      await ctx.dispose();
      await model.dispose();
    },
  };
}

/** A 4-layer, 512-wide bloom: the amateur of the 250,880-token CD step. */
const BLOOM_AMATEUR_SHAPE: ModelShape = { arch: "bloom", nEmbd: 512, nLayer: 4, nHead: 8, contextLength: 2048 };

/** CPU milliseconds (user + system, all threads of this process) per token of the last timed run. */
const cpuStart = () => process.cpuUsage();
const cpuMsPerToken = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000 / TOKENS;
};

async function timeExpertGreedy(expert: LanguageModel, prompt: number[]) {
  await expert.nextTokenLogProbs(prompt);
  const c0 = cpuStart();
  const t0 = performance.now();
  const cumulative: number[] = [];
  for await (const _ of expert.generate(prompt, { maxTokens: TOKENS, stopAtEos: false })) cumulative.push(performance.now() - t0);
  return { ms: (performance.now() - t0) / TOKENS, cpuMs: cpuMsPerToken(c0), cumulative };
}

async function timeCd(expert: LanguageModel, amateur: LanguageModel, prompt: number[], distribution: "full" | "plausible-set" = "full") {
  await Promise.all([expert.nextTokenLogProbs(prompt), amateur.nextTokenLogProbs(prompt)]);
  const c0 = cpuStart();
  const t0 = performance.now();
  const cumulative: number[] = [];
  const tokens: number[] = [];
  for await (const step of contrastiveDecode(expert, amateur, prompt, {
    alpha: 0.1,
    amateurTemperature: 0.5,
    maxTokens: TOKENS,
    stopAtEos: false,
    traceTop: 1,
    distribution,
  })) {
    cumulative.push(performance.now() - t0);
    tokens.push(step.token);
  }
  return { ms: (performance.now() - t0) / TOKENS, cpuMs: cpuMsPerToken(c0), cumulative, tokens };
}

async function main() {
  const xl = ensureModel("gpt2-xl-shape.Q8_0.gguf", GPT2_XL_SHAPE, 50257);
  const small = ensureModel("gpt2-small-shape.Q8_0.gguf", GPT2_SMALL_SHAPE, 50257);
  const bloom = ensureModel("bloom-560m-shape.Q8_0.gguf", BLOOM_560M_SHAPE, 250880);
  const bloomAmateur = ensureModel("bloom-4x512-shape.Q8_0.gguf", BLOOM_AMATEUR_SHAPE, 250880);
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  const start = machine();
  console.log(machineLine(start));
  const loadBefore = start.loadAverage[0];

  // A. CD vs expert-only greedy.
  const expert = await loadLlamaModel(xl, { threads: THREADS, contextSize: 256, gpu: false });
  const amateur = await loadLlamaModel(small, { threads: THREADS, contextSize: 256, gpu: false });
  const prompt = await expert.tokenize("The city council opened the new railway in the spring of that year, and");
  const native = await nativeGreedy(llama, xl, prompt, TOKENS);
  const runs = {
    expertGreedy: [] as number[],
    cd: [] as number[],
    cdPlausibleSet: [] as number[],
    nativeGreedy: [] as number[],
    expertGreedyCpu: [] as number[],
    cdCpu: [] as number[],
    cdPlausibleSetCpu: [] as number[],
  };
  let sameTokens = true;
  await timeExpertGreedy(expert, prompt); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const n = await native.run();
    const g = await timeExpertGreedy(expert, prompt);
    const c = await timeCd(expert, amateur, prompt);
    const f = await timeCd(expert, amateur, prompt, "plausible-set");
    sameTokens &&= f.tokens.join() === c.tokens.join();
    runs.cdPlausibleSet.push(f.ms);
    runs.cdPlausibleSetCpu.push(f.cpuMs);
    runs.nativeGreedy.push(n.ms);
    runs.expertGreedy.push(g.ms);
    runs.cd.push(c.ms);
    runs.expertGreedyCpu.push(g.cpuMs);
    runs.cdCpu.push(c.cpuMs);
    console.error(
      `round ${r + 1}/${ROUNDS}: native ${n.ms.toFixed(1)} ms/token, expert greedy ${g.ms.toFixed(1)}, CD ${c.ms.toFixed(1)} (${(c.ms / g.ms).toFixed(3)}×; CPU ${c.cpuMs.toFixed(1)} vs ${g.cpuMs.toFixed(1)}), CD plausible-set ${f.ms.toFixed(1)} (${(f.ms / g.ms).toFixed(3)}×)`,
    );
  }
  await native.close();
  // Where the amateur's time goes: its forward pass vs fetching its 50,257-entry distribution.
  const amateurNative = await nativeGreedy(llama, small, prompt, TOKENS);
  const amateurProbs = await nativeGreedy(llama, small, prompt, TOKENS, "probabilities");
  const amateurRuns = { plainStep: [] as number[], probabilitiesStep: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    amateurRuns.plainStep.push((await amateurNative.run()).ms);
    amateurRuns.probabilitiesStep.push((await amateurProbs.run()).ms);
  }
  console.error(
    `amateur: plain step ${median(amateurRuns.plainStep).toFixed(1)} ms, with node-llama-cpp probabilities ${median(amateurRuns.probabilitiesStep).toFixed(1)} ms`,
  );
  await amateurNative.close();
  await amateurProbs.close();
  await amateur.close();
  await expert.close();

  // B. Per step on a 250,880-token vocabulary, methods interleaved step by step (load falls on all alike).
  const lm = await loadLlamaModel(bloom, { threads: THREADS, contextSize: 512, sequences: 3, gpu: false });
  const lmAmateur = await loadLlamaModel(bloomAmateur, { threads: THREADS, contextSize: 512, gpu: false });
  const bloomPrompt = await lm.tokenize("The river remembered the first harvest");
  const steps = TOKENS * ROUNDS;
  const plainModel = await llama.loadModel({ modelPath: bloom });
  const plainCtx = await plainModel.createContext({ contextSize: 512, sequences: 2, threads: THREADS });
  const nativeStepper = async (probabilities: boolean) => {
    const seq = plainCtx.getSequence();
    const first = await seq.controlledEvaluate(
      bloomPrompt.map((t, i) => (i === bloomPrompt.length - 1 ? [t, { generateNext: { token: true } }] : t)) as never,
    );
    let next = first[bloomPrompt.length - 1]?.next.token as number;
    return async () => {
      const r = await seq.controlledEvaluate([
        [next, { generateNext: { token: true, ...(probabilities ? { probabilities: true } : {}) } }],
      ] as never);
      next = r[0]?.next.token as number;
    };
  };
  const fullCtx = [...bloomPrompt];
  const headCtx = [...bloomPrompt, 5]; // diverges from fullCtx, so the two keep separate sequences
  await lm.nextTokenLogProbs(fullCtx);
  await lm.nextTokenHead?.(headCtx, 0.05); // sizes the head's top-k once
  const cd = contrastiveDecode(lm, lmAmateur, bloomPrompt, {
    alpha: 0.1,
    amateurTemperature: 0.5,
    maxTokens: steps + 1,
    stopAtEos: false,
    traceTop: 1,
    distribution: "plausible-set",
  });
  await cd.next(); // first step evaluates the prompt
  const methods: Record<string, () => Promise<unknown>> = {
    plain: await nativeStepper(false),
    nodeLlamaCppProbabilities: await nativeStepper(true),
    fullDistribution: async () => {
      const { logProbs } = await lm.nextTokenLogProbs(fullCtx);
      let best = 0;
      for (let j = 1; j < logProbs.length; j++) if ((logProbs[j] as number) > (logProbs[best] as number)) best = j;
      fullCtx.push(best);
    },
    expertHead: async () => {
      const h = await lm.nextTokenHead?.(headCtx, 0.05);
      headCtx.push(h?.tokens[0] as number);
    },
    cdPlausibleSetStep: () => cd.next(),
  };
  const stepRuns: Record<string, number[]> = Object.fromEntries(Object.keys(methods).map((k) => [k, [] as number[]]));
  for (let i = 0; i < steps; i++) {
    for (const [k, step] of Object.entries(methods)) {
      const t0 = performance.now();
      await step();
      stepRuns[k]?.push(performance.now() - t0);
    }
    if ((i + 1) % TOKENS === 0)
      console.error(
        `B: ${i + 1}/${steps} steps: ${Object.entries(stepRuns)
          .map(([k, v]) => `${k} ${median(v).toFixed(1)}`)
          .join(", ")} ms (medians so far)`,
      );
  }
  await cd.return(undefined);
  await plainCtx.dispose();
  await plainModel.dispose();
  await lmAmateur.close();
  await lm.close();

  const a = {
    nativeGreedyMsPerToken: median(runs.nativeGreedy),
    expertGreedyMsPerToken: median(runs.expertGreedy),
    cdMsPerToken: median(runs.cd),
    cdPlausibleSetMsPerToken: median(runs.cdPlausibleSet),
    expertGreedyCpuMsPerToken: median(runs.expertGreedyCpu),
    cdCpuMsPerToken: median(runs.cdCpu),
    cdPlausibleSetCpuMsPerToken: median(runs.cdPlausibleSetCpu),
  };
  const cdRatio = a.cdMsPerToken / a.expertGreedyMsPerToken;
  const cdVsNative = a.cdMsPerToken / a.nativeGreedyMsPerToken;
  const b = Object.fromEntries(Object.entries(stepRuns).map(([k, v]) => [`${k}Ms`, median(v)])) as Record<string, number>;
  const plainMs = b.plainMs as number;
  const stepRatio = (b.fullDistributionMs as number) / plainMs;
  const cdStepRatio = (b.cdPlausibleSetStepMs as number) / plainMs;
  const cdFastRatio = a.cdPlausibleSetMsPerToken / a.expertGreedyMsPerToken;
  const result = {
    bench: "contrastive-decoding",
    seed: SEED,
    machine: start,
    loadAverageAtEnd: loadavg()[0],
    settings: {
      tokensPerRun: TOKENS,
      rounds: ROUNDS,
      threadsPerModel: THREADS,
      type: "Q8_0",
      alpha: 0.1,
      amateurTemperature: 0.5,
      statistic: "median over rounds (minRatio: fastest CD run / fastest expert run)",
    },
    cdVsExpertGreedy: {
      expert: "GPT-2 XL shape (48×1600, vocab 50257)",
      amateur: "GPT-2 small shape (12×768)",
      ...a,
      ratio: cdRatio,
      plausibleSetRatio: cdFastRatio,
      plausibleSetRatioVsNativeGreedy: a.cdPlausibleSetMsPerToken / a.nativeGreedyMsPerToken,
      plausibleSetSameTokensAsFull: sameTokens,
      ratioVsNativeGreedy: cdVsNative,
      cpuRatio: a.cdCpuMsPerToken / a.expertGreedyCpuMsPerToken,
      minRatio: Math.min(...runs.cd) / Math.min(...runs.expertGreedy),
      amateurPlainStepMs: median(amateurRuns.plainStep),
      amateurProbabilitiesStepMs: median(amateurRuns.probabilitiesStep),
      goal: 1.2,
      met: cdRatio <= 1.2,
      metWithPlausibleSet: cdFastRatio <= 1.2,
      runs,
    },
    fullDistributionStep: {
      model: "bloom-560m shape (24×1024, vocab 250880); CD amateur: bloom 4×512, same vocabulary",
      statistic: `median of ${steps} per-step times, methods interleaved step by step`,
      ...b,
      ratio: stepRatio,
      nodeLlamaCppRatio: (b.nodeLlamaCppProbabilitiesMs as number) / plainMs,
      expertHeadRatio: (b.expertHeadMs as number) / plainMs,
      cdPlausibleSetStepRatio: cdStepRatio,
      goal: 1.3,
      met: stepRatio <= 1.3,
      metByPlausibleSetCdStep: cdStepRatio <= 1.3,
      runs: stepRuns,
    },
  };
  await writeJsonAtomic(join(import.meta.dirname, "results", "contrastive-decoding.json"), result);
  drawFigure(result);
  console.log(
    `CD vs expert-only greedy: ${a.cdMsPerToken.toFixed(1)} / ${a.expertGreedyMsPerToken.toFixed(1)} ms per token = ${cdRatio.toFixed(3)}× (goal ≤ 1.2×: ${cdRatio <= 1.2 ? "met" : "NOT met"}); vs native greedy ${a.nativeGreedyMsPerToken.toFixed(1)} ms = ${cdVsNative.toFixed(3)}×; CPU time ${a.cdCpuMsPerToken.toFixed(1)} / ${a.expertGreedyCpuMsPerToken.toFixed(1)} ms = ${(a.cdCpuMsPerToken / a.expertGreedyCpuMsPerToken).toFixed(3)}×`,
  );
  console.log(
    `CD plausible-set vs expert-only greedy: ${a.cdPlausibleSetMsPerToken.toFixed(1)} / ${a.expertGreedyMsPerToken.toFixed(1)} ms per token = ${cdFastRatio.toFixed(3)}× (goal ≤ 1.2×: ${cdFastRatio <= 1.2 ? "met" : "NOT met"}; same tokens as full: ${sameTokens}); vs native greedy ${(a.cdPlausibleSetMsPerToken / a.nativeGreedyMsPerToken).toFixed(3)}×`,
  );
  console.log(
    `250,880-token vocabulary, per step (plain ${plainMs.toFixed(1)} ms): full distribution ${(b.fullDistributionMs as number).toFixed(1)} ms = ${stepRatio.toFixed(3)}× (goal ≤ 1.3×: ${stepRatio <= 1.3 ? "met" : "NOT met"}); node-llama-cpp probabilities Map ${(b.nodeLlamaCppProbabilitiesMs as number).toFixed(1)} ms = ${((b.nodeLlamaCppProbabilitiesMs as number) / plainMs).toFixed(3)}×; expert head ${(b.expertHeadMs as number).toFixed(1)} ms = ${((b.expertHeadMs as number) / plainMs).toFixed(3)}×; plausible-set CD step (expert + amateur) ${(b.cdPlausibleSetStepMs as number).toFixed(1)} ms = ${cdStepRatio.toFixed(3)}×`,
  );
  console.log(`load average ${loadBefore?.toFixed(2)} at start, ${loadavg()[0]?.toFixed(2)} at end`);
}

/** Per-round ms/token of each method (wall and CPU), from the results JSON. */
function drawFigure(result: { cdVsExpertGreedy: { runs: Record<string, number[]> } }) {
  const r = result.cdVsExpertGreedy.runs;
  const series = (name: string, ys: number[] | undefined) => ({
    name,
    points: (ys ?? []).map((y, i) => ({ x: i + 1, y })),
  });
  const svg = lineChart({
    title: "Greedy decoding, GPT-2 XL shape, 1 thread per model",
    xLabel: "round",
    yLabel: "ms per token",
    series: [
      series("native greedy", r.nativeGreedy),
      series("greedy + distribution", r.expertGreedy),
      series("CD (+ amateur)", r.cd),
      series("CD plausible-set", r.cdPlausibleSet),
      series("greedy CPU", r.expertGreedyCpu),
      series("CD CPU", r.cdCpu),
    ],
  });
  writeFileSync(join(import.meta.dirname, "..", "docs", "figures", "contrastive-decoding-speed.svg"), svg);
}

if (process.argv.includes("--figure-only")) {
  drawFigure(JSON.parse(readFileSync(join(import.meta.dirname, "results", "contrastive-decoding.json"), "utf8")));
} else {
  await main();
}
