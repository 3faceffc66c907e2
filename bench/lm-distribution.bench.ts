/**
 * Where the time of a full-distribution step goes on a 250,880-token vocabulary (bloom-560m shape, random
 * Q8_0 weights, 1 thread), through node-llama-cpp's public `controlledEvaluate` API:
 *
 * - `plain`: one decode step, llama.cpp picks the greedy token (no distribution).
 * - `confidence`: + `generateNext.confidence` at temperature 0: native full sort + softmax, one number back.
 * - `probabilitiesMap`: + `generateNext.probabilities`: native sort + softmax, 2 × vocab boxed numbers
 *   through N-API, and node-llama-cpp's `Map` over the whole vocabulary.
 * - `fullLogProbs`: yomikai's `nextTokenLogProbs` (the Map, then a `Float32Array` of log-probs).
 * - `head`: yomikai's `nextTokenHead` (top-k + min-p in the sampler chain: V_head only, α 0.1).
 * - `restricted`: yomikai's `nextTokenRestricted` on 16 given tokens (token bias + top-k).
 *
 * Ratios are against `plain`, measured in the same run. Run: `npx tsx bench/lm-distribution.bench.ts`
 * (about a minute on 2 cores). Env: LM_BENCH_TOKENS × LM_BENCH_ROUNDS steps per method (default 16 × 3),
 * interleaved step by step so that other processes' load falls on every method alike.
 * Writes `bench/results/lm-distribution.json`.
 */
import { existsSync, mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { writeJsonAtomic } from "../src/core/index.js";
import { loadLlamaModel } from "../src/lm/index.js";
import { BLOOM_560M_SHAPE, buildVocabulary, writeRandomModel } from "../test/fixtures/gguf/index.js";
import { benchCache, machine, machineLine } from "./lib.js";

const TOKENS = Number(process.env.LM_BENCH_TOKENS ?? 16);
const ROUNDS = Number(process.env.LM_BENCH_ROUNDS ?? 3);
const SEED = 20221027;
const dir = benchCache("bench-models");
mkdirSync(dir, { recursive: true });
const path = join(dir, "bloom-560m-shape.Q8_0.gguf");
if (!existsSync(path))
  writeRandomModel(path, BLOOM_560M_SHAPE, {
    vocab: buildVocabulary(250880),
    seed: `${SEED}:bloom-560m-shape.Q8_0.gguf`,
    type: "q8_0",
    pooled: true,
    name: "bloom-560m-shape.Q8_0.gguf",
  });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const start = machine();
console.log(machineLine(start));
const loadStart = start.loadAverage[0] as number;
const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: path });
const ctx = await model.createContext({ contextSize: 512, sequences: 3, threads: 1 });
const prompt = model.tokenize("The river remembered the first harvest") as number[];
const lm = await loadLlamaModel(path, { threads: 1, contextSize: 512, sequences: 3, gpu: false });
const ids = await lm.tokenize("The river remembered the first harvest");
const restrictTo = Array.from({ length: 16 }, (_, i) => 1000 + i * 997);

/** One method: `step()` decodes one more token (its own sequence) and returns the ms it took. */
interface Method {
  step(): Promise<number>;
}

/** Native greedy decoding on its own sequence, with extra `generateNext` flags. */
async function native(extra: { confidence?: boolean; probabilities?: boolean }): Promise<Method> {
  const seq = ctx.getSequence();
  const first = await seq.controlledEvaluate(
    prompt.map((t, i) => (i === prompt.length - 1 ? [t, { generateNext: { token: true } }] : t)) as never,
  );
  let next = first[prompt.length - 1]?.next.token as number;
  return {
    async step() {
      const t0 = performance.now();
      const r = await seq.controlledEvaluate([[next, { generateNext: { token: true, ...extra } }]] as never);
      next = r[0]?.next.token as number;
      return performance.now() - t0;
    },
  };
}

/** Greedy decoding through yomikai's runtime (one shared model; each method keeps its own context list). */
async function viaRuntime(kind: "full" | "head" | "restricted"): Promise<Method> {
  const c = [...ids];
  if (kind === "head") await lm.nextTokenHead?.(c, 0.1); // sizes the head's top-k once
  return {
    async step() {
      const t0 = performance.now();
      let best: number;
      if (kind === "full") {
        const { logProbs } = await lm.nextTokenLogProbs(c);
        best = 0;
        for (let j = 1; j < logProbs.length; j++) if ((logProbs[j] as number) > (logProbs[best] as number)) best = j;
      } else if (kind === "head") {
        best = (await (lm.nextTokenHead as NonNullable<typeof lm.nextTokenHead>).call(lm, c, 0.1)).tokens[0] as number;
      } else {
        const r = await (lm.nextTokenRestricted as NonNullable<typeof lm.nextTokenRestricted>).call(lm, c, restrictTo);
        best = r.tokens[0] as number;
      }
      c.push(best);
      return performance.now() - t0;
    },
  };
}

/** The Map → Float32Array conversion alone, on a Map like node-llama-cpp's. */
const fakeMap = new Map<number, number>();
for (let i = 0; i < 250880; i++) fakeMap.set((i * 7919) % 250880, 1 / 250880);
const conversion: Method = {
  async step() {
    const t0 = performance.now();
    const out = new Float32Array(250880);
    fakeMap.forEach((p, t) => {
      out[t] = p > 1e-45 ? Math.log(p) : -103.28;
    });
    return performance.now() - t0;
  },
};

const methods: Record<string, Method> = {
  plain: await native({}),
  confidence: await native({ confidence: true }),
  probabilitiesMap: await native({ probabilities: true }),
  fullLogProbs: await viaRuntime("full"),
  head: await viaRuntime("head"),
  restricted: await viaRuntime("restricted"),
  conversionOnly: conversion,
};
// Interleaved step by step, so that load from other processes falls on every method alike.
const runs: Record<string, number[]> = Object.fromEntries(Object.keys(methods).map((k) => [k, [] as number[]]));
for (let i = 0; i < TOKENS * ROUNDS; i++) for (const [k, m] of Object.entries(methods)) runs[k]?.push(await m.step());
await lm.close();
await ctx.dispose();
await model.dispose();

const med = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as Record<string, number>;
const plain = med.plain as number;
const ratios = Object.fromEntries(Object.entries(med).map(([k, v]) => [k, v / plain]));
const result = {
  bench: "lm-distribution",
  machine: start,
  seed: SEED,
  model: "bloom-560m shape (24×1024, vocab 250880), Q8_0, random weights, 1 thread",
  loadAverageAtEnd: loadavg()[0],
  settings: { steps: TOKENS * ROUNDS, statistic: "median of per-step ms, methods interleaved step by step" },
  msPerStep: med,
  ratioToPlainStep: ratios,
  breakdownMs: {
    nativeSortAndSoftmax: (med.confidence as number) - plain,
    napiBoxingAndMap: (med.probabilitiesMap as number) - (med.confidence as number),
    mapToFloat32Array: (med.fullLogProbs as number) - (med.probabilitiesMap as number),
    conversionOnlyMicrobench: med.conversionOnly,
  },
  runs,
};
await writeJsonAtomic(join(import.meta.dirname, "results", "lm-distribution.json"), result);
for (const [k, v] of Object.entries(med)) console.log(`${k.padEnd(18)} ${v.toFixed(1).padStart(7)} ms  ${(v / plain).toFixed(2)}×`);
console.log(`load average ${loadStart.toFixed(2)} → ${loadavg()[0]?.toFixed(2)}`);
