/**
 * How the plausibility threshold α shapes contrastive decoding, on the tiny random-weight gpt2 pair used
 * by the tests (behaviour of the algorithm, not text quality): mean |V_head|, the share of CD tokens that
 * differ from the expert's own greedy choice, and the diversity of the output, for α from 0.01 to 1.
 * Run: `npx tsx bench/contrastive-decoding-alpha.bench.ts` (seconds). Writes
 * `bench/results/contrastive-decoding-alpha.json` and `docs/figures/contrastive-decoding-alpha.svg`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeJsonAtomic } from "../src/core/index.js";
import { loadLlamaModel } from "../src/lm/index.js";
import { lineChart } from "../src/report/index.js";
import { diversity, generateContrastive, sampleDataset } from "../src/systems/contrastive-decoding/index.js";
import { writeTinyModels } from "../test/fixtures/gguf/index.js";
import { machine } from "./lib.js";

const SEED = 7;
const ALPHAS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
const dir = mkdtempSync(join(tmpdir(), "cd-alpha-"));
try {
  const models = writeTinyModels(dir);
  const expert = await loadLlamaModel(models.expert, { threads: 1, contextSize: 256 });
  const amateur = await loadLlamaModel(models.amateur, { threads: 1, contextSize: 256 });
  const prompts = sampleDataset(8, SEED).map((p) => p.prompt);
  const rows = [];
  for (const alpha of ALPHAS) {
    let head = 0;
    let changed = 0;
    let steps = 0;
    let div = 0;
    for (const prompt of prompts) {
      const r = await generateContrastive(expert, amateur, prompt, { alpha, amateurTemperature: 0.5, maxTokens: 48, stopAtEos: false });
      for (const s of r.steps) {
        head += s.plausibleSetSize;
        changed += s.expertRank > 0 ? 1 : 0;
        steps++;
      }
      div += diversity(r.tokens.join(" ")); // token-level: random byte-level text has few spaces
    }
    rows.push({
      alpha,
      meanPlausibleSetSize: head / steps,
      shareDifferentFromExpertGreedy: changed / steps,
      diversity: div / prompts.length,
    });
    console.log(
      `α ${alpha}: |V_head| ${(head / steps).toFixed(2)}, ${((100 * changed) / steps).toFixed(1)}% tokens differ from expert greedy, token-level diversity ${(div / prompts.length).toFixed(3)}`,
    );
  }
  await expert.close();
  await amateur.close();
  await writeJsonAtomic(join(import.meta.dirname, "results", "contrastive-decoding-alpha.json"), {
    bench: "contrastive-decoding-alpha",
    machine: machine(),
    seed: SEED,
    models: "tiny random-weight gpt2 pair (test fixtures): expert 3×64, amateur 1×32, vocab 320",
    settings: { amateurTemperature: 0.5, maxTokens: 48, prompts: prompts.length, fixedLength: true },
    rows,
  });
  writeFileSync(
    join(import.meta.dirname, "..", "docs", "figures", "contrastive-decoding-alpha.svg"),
    lineChart({
      title: "CD on the tiny random gpt2 pair: effect of α (τ = 0.5)",
      xLabel: "α (log scale)",
      yLabel: "share / diversity",
      logX: true,
      series: [
        { name: "share ≠ expert greedy", points: rows.map((r) => ({ x: r.alpha, y: r.shareDifferentFromExpertGreedy })) },
        { name: "token diversity", points: rows.map((r) => ({ x: r.alpha, y: r.diversity })) },
        { name: "|V_head| / 10", points: rows.map((r) => ({ x: r.alpha, y: r.meanPlausibleSetSize / 10 })) },
      ],
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
