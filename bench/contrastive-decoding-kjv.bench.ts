/**
 * Text quality of contrastive decoding on the shipped KJV expert/amateur pair (gpt2 4×192 expert,
 * 1×64 amateur, trained by yomikai on the King James Bible), on prompts from held-out books — the
 * paper's open-ended generation comparison in miniature. Run: `npx tsx bench/contrastive-decoding-kjv.bench.ts`
 * (a few minutes on 2 cores; resumable).
 *
 * Items are the `kjv` dataset (`kjvDataset`): per held-out chapter, the first 25 words as the prompt
 * (≈ 32 tokens, the paper's prompt length) and the next 100 words as the human reference. Decoders, all
 * with EOS banned and exactly `maxTokens` new tokens (the paper's fixed length):
 * - CD (Li et al. 2022): log-prob form, α 0.1, τ 0.5, c 1, amateur sees the last prompt token, beam 5.
 * - CD greedy: the same objective with greedy search.
 * - CD (O'Brien & Lewis 2023): logit form, β 0.5, α 0.1, greedy, amateur sees the full context.
 * - Expert alone: greedy, top-k 50, nucleus p 0.95, typical p 0.95 (seed 0; no amateur attached).
 * Metrics: rep-2/3/4 and diversity (SimCTG definitions, whitespace words), MAUVE against the references
 * and prompt–continuation coherence — both on the expert's own mean-pooled embeddings (llama.cpp), not
 * GPT-2-large features or SimCSE, so they are comparable between rows here, not with the paper's values.
 *
 * Env: CD_KJV_PROMPTS (items, default all 55), CD_KJV_TOKENS (default 96; the models' context is 256),
 * CD_KJV_BEAM_PROMPTS (items for the beam-search run, default 20). Writes bench/results/contrastive-decoding-kjv.json (+ per-run JSONL files in
 * bench/results/contrastive-decoding-kjv/) and docs/figures/contrastive-decoding-kjv-loss.svg.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomic } from "../src/core/index.js";
import { loadLlamaModel, readDemoPairManifest, shippedDemoPair } from "../src/lm/index.js";
import { lineChart } from "../src/report/index.js";
import {
  type ContrastiveOptions,
  KJV_PROMPT_WORDS,
  KJV_REFERENCE_WORDS,
  kjvDataset,
  type MethodSummary,
  PRESETS,
  repetitionStats,
  runBenchmark,
  summaryTable,
} from "../src/systems/contrastive-decoding/index.js";

const N = Number(process.env.CD_KJV_PROMPTS ?? 55);
const TOKENS = Number(process.env.CD_KJV_TOKENS ?? 96);
/** Beam search costs ~5× a greedy run: it runs on the first CD_KJV_BEAM_PROMPTS items only. */
const BEAM_N = Number(process.env.CD_KJV_BEAM_PROMPTS ?? 20);
const resultsDir = join(import.meta.dirname, "results", "contrastive-decoding-kjv");
mkdirSync(resultsDir, { recursive: true });

const pair = shippedDemoPair();
const manifest = readDemoPairManifest();
const expert = await loadLlamaModel(pair.expert, { threads: 1, gpu: false, sequences: 5, contextSize: 256 });
const amateur = await loadLlamaModel(pair.amateur, { threads: 1, gpu: false, sequences: 5, contextSize: 256 });

const items = kjvDataset();
const used = items.slice(0, N);
console.error(`${used.length} held-out prompts (of ${items.length}), ${TOKENS} tokens each`);

const fixed = { maxTokens: TOKENS, stopAtEos: false } as const;
const runs: { name: string; file: string; methods: string[]; cd?: ContrastiveOptions; n?: number }[] = [
  {
    name: "baselines",
    file: "baselines.jsonl",
    methods: ["greedy", "top-k", "nucleus", "typical"],
    cd: { stopAtEos: false },
  },
  {
    name: "CD greedy (Li et al. objective)",
    file: "cd-li2022-greedy.jsonl",
    methods: ["cd"],
    cd: { ...PRESETS.li2022, beams: 1, search: "greedy", ...fixed },
  },
  { name: "CD (O'Brien & Lewis 2023)", file: "cd-obrien2023.jsonl", methods: ["cd"], cd: { ...PRESETS.obrien2023, ...fixed } },
  {
    name: "CD (Li et al. 2022, beam 5)",
    file: "cd-li2022.jsonl",
    methods: ["cd"],
    cd: { ...PRESETS.li2022, ...fixed },
    n: BEAM_N,
  },
];

const rows: (MethodSummary & { label: string; sample: string })[] = [];
const t0 = performance.now();
for (const run of runs) {
  const t = performance.now();
  const out = join(resultsDir, run.file);
  const r = await runBenchmark({
    expert,
    amateur,
    items: used.slice(0, run.n ?? used.length),
    out,
    methods: run.methods,
    maxTokens: TOKENS,
    seed: 0,
    embedder: expert,
    ...(run.cd ? { cd: run.cd } : {}),
    onProgress: (e) => {
      if (e.kind === "step" && e.done % 20 === 0) console.error(`  ${run.name}: ${e.label} ${e.done}/${e.total ?? "?"}`);
    },
  });
  const records = readFileSync(out, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; method: string; text: string });
  for (const s of r.summaries) {
    const label = run.methods.length > 1 ? `${s.method} (expert alone)` : run.name;
    const sample = records.find((x) => x.method === s.method && x.id === used[0]?.id)?.text ?? "";
    rows.push({ ...s, label, sample });
  }
  console.error(`${run.name}: ${((performance.now() - t) / 1000).toFixed(0)} s`);
}

const table = summaryTable(rows, "decoder (MAUVE, coherence: expert embeddings)");
const human = repetitionStats(used.map((i) => i.reference));
console.log(table);
console.log(`human references: rep-2 ${human.rep2.toFixed(2)}, rep-4 ${human.rep4.toFixed(2)}, diversity ${human.diversity.toFixed(3)}`);
const greedy = rows.find((r) => r.method === "greedy");
const cd = rows.find((r) => r.label.startsWith("CD (Li"));
if (greedy && cd) console.log(`rep-4 greedy / CD (Li et al.): ${(greedy.rep4 / Math.max(cd.rep4, 1e-9)).toFixed(2)}×`);
console.log(`\nSample continuations of "${used[0]?.id}" — prompt: ${used[0]?.prompt}`);
for (const r of rows) console.log(`\n[${r.label}]${r.sample}`);

await writeJsonAtomic(join(import.meta.dirname, "results", "contrastive-decoding-kjv.json"), {
  models: { expert: manifest.expert.file, amateur: manifest.amateur.file, expertSha256: manifest.expert.sha256 },
  prompts: used.length,
  promptWords: KJV_PROMPT_WORDS,
  referenceWords: KJV_REFERENCE_WORDS,
  maxTokens: TOKENS,
  metrics:
    "rep-n/diversity: SimCTG definitions on whitespace words; MAUVE and coherence on the expert's own llama.cpp embeddings (not GPT-2-large / SimCSE)",
  human,
  rows,
  prompt: used[0],
  seconds: Math.round((performance.now() - t0) / 1000),
});

// Loss curves of the two models (from the manifest): training loss per 10 steps, held-out loss at each evaluation.
const curves = (role: "expert" | "amateur") => {
  const c = manifest[role].lossCurve;
  return [
    { name: `${role} train`, markers: false, points: c.map((p) => ({ x: p.step, y: p.trainLoss })) },
    {
      name: `${role} held-out`,
      points: c.flatMap((p) => (p.heldoutLoss === undefined ? [] : [{ x: p.step, y: p.heldoutLoss }])),
    },
  ];
};
writeFileSync(
  join(import.meta.dirname, "..", "docs", "figures", "contrastive-decoding-kjv-loss.svg"),
  lineChart({
    title: "KJV pair: training and held-out loss",
    xLabel: "step (16 sequences × 256 tokens)",
    yLabel: "cross-entropy (nats/token)",
    series: [...curves("expert"), ...curves("amateur")],
  }),
);
await expert.close();
await amateur.close();
