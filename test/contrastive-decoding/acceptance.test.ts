/**
 * Acceptance: greedy contrastive decoding from the CLI matches an independent computation of the
 * objective, token for token, on tiny GGUF pairs for several α and τ; α = 1 reduces to the expert's
 * greedy decoding. The independent side talks to node-llama-cpp directly (fresh full evaluation per
 * step, no KV reuse, its own scoring code), sharing nothing with yomikai's runtime or decoder.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const models = writeTinyModels(tempDir());
const PROMPT = "The old library opened the";
const MAX = 16;

type Llama = Awaited<ReturnType<typeof import("node-llama-cpp")["getLlama"]>>;
type Model = Awaited<ReturnType<Llama["loadModel"]>>;
let llama: Llama;
const loaded: Model[] = [];

async function fullDistribution(model: Model, tokens: number[]): Promise<Map<number, number>> {
  const ctx = await model.createContext({ contextSize: 128, threads: 1 });
  try {
    const seq = ctx.getSequence();
    const res = await seq.controlledEvaluate(
      tokens.map((t, i) => (i === tokens.length - 1 ? [t, { generateNext: { probabilities: true } }] : t)) as never,
    );
    return res[tokens.length - 1]?.next.probabilities as Map<number, number>;
  } finally {
    await ctx.dispose();
  }
}

/** The paper's objective, computed from scratch: argmax over {p_E >= α max p_E} of log p_E − log softmax(log p_A / τ). */
async function referenceCd(
  expert: Model,
  amateur: Model,
  alpha: number,
  tau: number,
  amateurContext: "full" | "last-token",
): Promise<number[]> {
  const prompt = expert.tokenize(PROMPT) as number[];
  const ctxE = [...prompt];
  const ctxA = amateurContext === "full" ? [...prompt] : prompt.slice(-1);
  const out: number[] = [];
  const clampLog = (p: number) => Math.log(Math.max(p, 1e-45));
  for (let step = 0; step < MAX; step++) {
    const pE = await fullDistribution(expert, ctxE);
    const pA = await fullDistribution(amateur, ctxA);
    let maxP = 0;
    for (const p of pE.values()) maxP = Math.max(maxP, p);
    let m = Number.NEGATIVE_INFINITY;
    for (const p of pA.values()) m = Math.max(m, clampLog(p) / tau);
    let z = 0;
    for (const p of pA.values()) z += Math.exp(clampLog(p) / tau - m);
    const logZ = m + Math.log(z);
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let id = 0; id < 320; id++) {
      const pe = pE.get(id) ?? 0;
      if (Math.log(pe) < Math.log(maxP) + Math.log(alpha)) continue;
      const score = clampLog(pe) - (clampLog(pA.get(id) ?? 0) / tau - logZ);
      if (score > bestScore) {
        bestScore = score;
        best = id;
      }
    }
    if (best === expert.tokens.eos) break;
    out.push(best);
    ctxE.push(best);
    ctxA.push(best);
  }
  return out;
}

async function referenceGreedy(expert: Model): Promise<number[]> {
  const ctx = [...(expert.tokenize(PROMPT) as number[])];
  const out: number[] = [];
  for (let step = 0; step < MAX; step++) {
    const p = await fullDistribution(expert, ctx);
    let best = -1;
    let bestP = -1;
    for (const [id, v] of p) if (v > bestP || (v === bestP && id < best)) [best, bestP] = [id, v];
    if (best === expert.tokens.eos) break;
    out.push(best);
    ctx.push(best);
  }
  return out;
}

async function cli(args: string[]) {
  const r = await runYomikai([
    "cd",
    "generate",
    "--expert",
    models.expert,
    "--amateur",
    models.amateur,
    "--prompt",
    PROMPT,
    "--max-tokens",
    String(MAX),
    "--threads",
    "1",
    "--json",
    ...args,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as {
    text: string;
    tokens: number[];
    steps: { token: number; expertLogProb: number; amateurLogProb: number; score: number }[];
  };
}

let expert: Model;
let amateur: Model;
before(async () => {
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  expert = await llama.loadModel({ modelPath: models.expert });
  amateur = await llama.loadModel({ modelPath: models.amateur });
  loaded.push(expert, amateur);
});
after(async () => {
  for (const m of loaded) await m.dispose();
});

describe("cd generate (greedy) equals the objective computed independently", () => {
  const settings: [number, number, "full" | "last-token"][] = [
    [0.1, 0.5, "full"],
    [0.1, 1, "full"],
    [0.3, 0.5, "full"],
    [0.05, 2, "full"],
    [0.1, 0.5, "last-token"],
  ];
  for (const [alpha, tau, ctx] of settings) {
    test(`alpha ${alpha}, tau ${tau}, amateur context ${ctx}`, async () => {
      const got = await cli(["--alpha", String(alpha), "--amateur-temperature", String(tau), "--amateur-context", ctx]);
      const want = await referenceCd(expert, amateur, alpha, tau, ctx);
      assert.deepEqual(got.tokens, want);
      assert.equal(got.steps.length, got.tokens.length);
      for (const s of got.steps) assert.ok(Math.abs(s.score - (s.expertLogProb - s.amateurLogProb)) < 1e-9);
      assert.equal(got.text, expert.detokenize(got.tokens as never));
    });
  }

  test("alpha = 1 reduces to the expert's greedy decoding", async () => {
    const got = await cli(["--alpha", "1", "--amateur-temperature", "0.5"]);
    const greedy = await referenceGreedy(expert);
    assert.deepEqual(got.tokens, greedy);
    // ... and contrastive decoding with a real α actually differs from greedy on this pair.
    const cd = await cli(["--alpha", "0.1"]);
    assert.notDeepEqual(cd.tokens, greedy);
  });
});
