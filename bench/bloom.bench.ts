/**
 * BLOOM harness cost on a bloom-560m-shaped random GGUF (24×1024, vocab 250,880, Q8_0, 1 thread):
 *
 * - `harness`: `scoreChoiceItem` (yomikai/bloom): tokenization, then `scoreTokens` per choice on the
 *   llama.cpp backend opened with 2 sequences (as `yomikai bloom eval` does), which keeps the context's
 *   KV cache across the choices and reads each scored token's log-prob from the argmax probability and
 *   a biased top-2 pair instead of a 250,880-entry Map.
 * - `scratch`: plain node-llama-cpp, each choice evaluated from scratch (`clearHistory`, then context +
 *   choice with the full distribution at each scored position) — lm-eval's per-request cost.
 * - `plainReuse`: plain node-llama-cpp evaluating the same tokens with the same reuse (context once,
 *   each choice after erasing the previous one), log-probs from its probabilities Map.
 *
 * Ratios harness/scratch (target ≤ 0.6) and harness/plainReuse (target ≤ 1.1), medians over rounds,
 * the three methods interleaved item by item. Shapes: a zero-shot item (ARC-like), a HellaSwag-like
 * item and a few-shot item. Run: `npx tsx bench/bloom.bench.ts` (a few minutes on 2 cores; env
 * BLOOM_BENCH_ROUNDS, default 3). Writes `bench/results/bloom.json`.
 */
import { writeJsonAtomic } from "../src/core/index.js";
import { loadLlamaModel } from "../src/lm/index.js";
import { type ChoiceItem, scoreChoiceItem } from "../src/systems/bloom/index.js";
import { bloomShapedModel, machine, machineLine } from "./lib.js";

const ROUNDS = Number(process.env.BLOOM_BENCH_ROUNDS ?? 3);
const SEED = 20221027;
const path = await bloomShapedModel(SEED);

const start = machine();
console.log(machineLine(start));
const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: path });
const ctx = await model.createContext({ contextSize: 1024, sequences: 1, threads: 1 });
const seq = ctx.getSequence();
const lm = await loadLlamaModel(path, { threads: 1, contextSize: 1024, gpu: false, sequences: 2 });

const words = "the river remembered first harvest when people of valley gathered grain and sang old songs under".split(" ");
/** Text of about `n` tokens (measured with the model's tokenizer). */
async function textOf(n: number, salt: number): Promise<string> {
  let t = `${salt}`;
  let i = salt;
  while ((await lm.tokenize(t)).length < n) t += ` ${words[i++ % words.length]}`;
  return t;
}

interface Shape {
  name: string;
  context: number;
  choice: number;
}
const SHAPES: Shape[] = [
  { name: "zero-shot (ARC-like)", context: 32, choice: 4 },
  { name: "HellaSwag-like", context: 64, choice: 16 },
  { name: "few-shot (5-shot)", context: 256, choice: 4 },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const withOutputs = (tokens: number[], from: number) =>
  tokens.map((t, i) => (i >= from - 1 && i < tokens.length - 1 ? [t, { generateNext: { probabilities: true } }] : t));

async function plainScratch(c: number[], choices: number[][]): Promise<void> {
  for (const ch of choices) {
    await seq.clearHistory();
    await seq.controlledEvaluate(withOutputs([...c, ...ch], c.length) as never);
  }
}

async function plainReuse(c: number[], choices: number[][]): Promise<void> {
  await seq.clearHistory();
  await seq.controlledEvaluate(c.slice(0, -1) as never);
  for (const ch of choices) {
    const n = seq.contextTokens.length;
    if (n > c.length - 1) await seq.eraseContextTokenRanges([{ start: c.length - 1, end: n }]);
    const tail = [c[c.length - 1] as number, ...ch];
    await seq.controlledEvaluate(withOutputs(tail, 1) as never);
  }
}

const results = [];
for (const shape of SHAPES) {
  const ms = { harness: [] as number[], scratch: [] as number[], plainReuse: [] as number[] };
  let scored = 0;
  let total = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // A fresh context each round (and per method), so no method finds another's cache.
    const item = async (salt: number): Promise<ChoiceItem> => ({
      context: await textOf(shape.context, salt),
      choices: await Promise.all(
        [0, 1, 2, 3].map(async (k) => ` ${(await textOf(shape.choice, 100 + salt * 4 + k)).replace(/^\d+ /, "")}`),
      ),
      gold: 0,
    });
    const a = await item(r * 3);
    let t0 = performance.now();
    await scoreChoiceItem(lm, a);
    ms.harness.push(performance.now() - t0);
    for (const [key, salt] of [
      ["scratch", r * 3 + 1],
      ["plainReuse", r * 3 + 2],
    ] as const) {
      const b = await item(salt);
      const c = await lm.tokenize(b.context);
      const chs = await Promise.all(b.choices.map((x) => lm.tokenize(x, { addBos: false })));
      scored = chs.reduce((s, x) => s + x.length, 0);
      total = c.length;
      t0 = performance.now();
      await (key === "scratch" ? plainScratch(c, chs) : plainReuse(c, chs));
      ms[key].push(performance.now() - t0);
    }
  }
  const row = {
    shape: shape.name,
    contextTokens: total,
    scoredTokens: scored,
    msHarness: median(ms.harness),
    msScratch: median(ms.scratch),
    msPlainReuse: median(ms.plainReuse),
    harnessOverScratch: median(ms.harness) / median(ms.scratch),
    harnessOverPlainReuse: median(ms.harness) / median(ms.plainReuse),
  };
  results.push(row);
  console.log(
    `${row.shape}: context ${row.contextTokens} tok, 4 choices (${row.scoredTokens} scored tok): harness ${row.msHarness.toFixed(0)} ms, scratch ${row.msScratch.toFixed(0)} ms, plain reuse ${row.msPlainReuse.toFixed(0)} ms → harness/scratch ${row.harnessOverScratch.toFixed(2)}, harness/plain ${row.harnessOverPlainReuse.toFixed(2)}`,
  );
}
await lm.close();
await ctx.dispose();
await model.dispose();
const end = machine();
await writeJsonAtomic("bench/results/bloom.json", {
  bench: "bloom",
  date: start.date,
  seed: SEED,
  model: "bloom-560m shape (24×1024, vocab 250880), Q8_0, random weights, 1 thread",
  hardware: { cpu: start.cpu, cores: start.cores, loadAverageAtStart: start.loadAverage[0], loadAverageAtEnd: end.loadAverage[0] },
  settings: { rounds: ROUNDS, statistic: "median ms per item (4 choices), methods interleaved per round" },
  results,
});
