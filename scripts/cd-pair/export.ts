/**
 * Step 3 of building the shipped expert/amateur pair: write the trained weights (train.py's
 * weights.json + weights.bin) to GGUF through yomikai's own writer (2-D tensors F16, the rest F32,
 * output tied to the token embedding as in GPT-2), check llama.cpp's next-token log-probs against
 * torch's, and write the manifest (corpus, licence, hyper-parameters, loss curves, held-out
 * perplexity, sha256 of each file) beside the models.
 *
 *   node --import tsx scripts/cd-pair/export.ts [WORK_DIR] [ASSET_DIR]
 *     # defaults: work/cd-pair src/lm/assets/cd-pair
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Vocabulary } from "../../src/lm/gguf/randomModels.js";
import { modelMetadata } from "../../src/lm/gguf/randomModels.js";
import { type TensorSpec, writeGguf } from "../../src/lm/gguf/writeGguf.js";
import { loadLlamaModel } from "../../src/lm/llamaCpp.js";

const work = process.argv[2] ?? "work/cd-pair";
const assets = process.argv[3] ?? "src/lm/assets/cd-pair";
mkdirSync(assets, { recursive: true });
const vocab = JSON.parse(readFileSync(join(work, "vocab.json"), "utf8")) as Vocabulary;
const corpus = JSON.parse(readFileSync(join(work, "corpus.json"), "utf8")) as Record<string, unknown>;

interface TrainResult {
  name: string;
  params: number;
  hyperparameters: { layers: number; d: number; heads: number; ctx: number } & Record<string, number>;
  stepsTaken: number;
  stoppedEarly: boolean;
  trainSeconds: number;
  tokensSeen: number;
  heldoutLoss: number;
  heldoutPerplexity: number;
  torch: string;
  reference: { prompt: number[]; top: [number, number][] }[];
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

async function exportModel(role: "expert" | "amateur") {
  const dir = join(work, role);
  const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8")) as TrainResult;
  const index = JSON.parse(readFileSync(join(dir, "weights.json"), "utf8")) as { name: string; dims: number[]; offset: number }[];
  const blob = readFileSync(join(dir, "weights.bin"));
  const h = result.hyperparameters;
  const shape = { arch: "gpt2" as const, nEmbd: h.d, nLayer: h.layers, nHead: h.heads, contextLength: h.ctx };
  const file = `kjv-${role}.gguf`;
  const path = join(assets, file);
  const tensors: TensorSpec[] = index.map((t) => {
    const n = t.dims.reduce((a, b) => a * b, 1);
    const values = new Float32Array(blob.buffer.slice(blob.byteOffset + t.offset, blob.byteOffset + t.offset + n * 4));
    return {
      name: t.name,
      dims: t.dims,
      type: t.dims.length === 2 ? "f16" : "f32",
      fill(out: Float32Array, start: number) {
        out.set(values.subarray(start, start + out.length));
      },
    };
  });
  const meta = modelMetadata(shape, vocab, { type: "f16", name: `yomikai KJV ${role} (gpt2 ${h.layers}×${h.d})` });
  writeGguf(path, meta, tensors);

  // llama.cpp against torch: top-10 next-token log-probs after held-out prompts.
  const lm = await loadLlamaModel(path, { threads: 1, gpu: false });
  let maxDiff = 0;
  for (const ref of result.reference) {
    const { logProbs } = await lm.nextTokenLogProbs(ref.prompt);
    for (const [id, lp] of ref.top) maxDiff = Math.max(maxDiff, Math.abs((logProbs[id] as number) - lp));
  }
  await lm.close();
  console.error(`${file}: ${statSync(path).size} bytes; max |llama.cpp − torch| top-10 log-prob difference ${maxDiff.toFixed(4)}`);
  const log = readFileSync(join(dir, "log.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { step: number; loss: number; heldout_loss?: number; elapsed_s: number });
  // Loss curve: mean training loss per 10 steps, and every held-out evaluation.
  const curve: { step: number; trainLoss: number; heldoutLoss?: number }[] = [];
  for (let i = 0; i < log.length; i += 10) {
    const chunk = log.slice(i, i + 10);
    const last = chunk[chunk.length - 1] as (typeof log)[number];
    const ev = chunk.find((r) => r.heldout_loss !== undefined);
    curve.push({
      step: last.step,
      trainLoss: Number((chunk.reduce((s, r) => s + r.loss, 0) / chunk.length).toFixed(4)),
      ...(ev ? { heldoutLoss: ev.heldout_loss } : {}),
    });
  }
  return {
    file,
    bytes: statSync(path).size,
    sha256: sha256(path),
    architecture: "gpt2",
    params: result.params,
    shape: { layers: h.layers, embedding: h.d, heads: h.heads, feedForward: 4 * h.d, context: h.ctx },
    tensorTypes: "2-D weights F16, norms and biases F32; output tied to token_embd",
    hyperparameters: result.hyperparameters,
    stepsTaken: result.stepsTaken,
    stoppedEarly: result.stoppedEarly,
    trainSeconds: result.trainSeconds,
    tokensSeen: result.tokensSeen,
    heldoutLoss: result.heldoutLoss,
    heldoutPerplexity: result.heldoutPerplexity,
    torch: result.torch,
    reference: { maxAbsDiffLlamaCppVsTorch: Number(maxDiff.toFixed(5)), prompts: result.reference },
    lossCurve: curve,
  };
}

const expert = await exportModel("expert");
const amateur = await exportModel("amateur");
for (const f of ["heldout.jsonl", "words.txt"]) copyFileSync(join(work, f), join(assets, f));
const manifest = {
  description:
    "A GPT-2-architecture expert/amateur pair trained by yomikai on the King James Bible, for contrastive decoding without a download.",
  corpus,
  tokenizer: {
    type: "byte-level BPE (GPT-2 pre-tokenizer and byte alphabet), llama.cpp tokenizer.ggml.model gpt2, pre gpt-2",
    vocabSize: vocab.tokens.length,
    merges: vocab.merges.length,
    trainedOn: "training chapters only",
  },
  commands: [
    "apt-get install -y bible-kjv python3-torch libopenblas0-pthread   # OpenBLAS: ~12x faster than Debian torch's default reference BLAS",
    "node --import tsx scripts/cd-pair/prepare.ts work/cd-pair",
    `OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice -n 10 /usr/bin/python3 scripts/cd-pair/train.py --name expert --layers ${expert.shape.layers} --d ${expert.shape.embedding} --heads ${expert.shape.heads} --steps ${expert.hyperparameters.steps} --warmup ${expert.hyperparameters.warmup} --eval-every 40`,
    `OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice -n 10 /usr/bin/python3 scripts/cd-pair/train.py --name amateur --layers ${amateur.shape.layers} --d ${amateur.shape.embedding} --heads ${amateur.shape.heads} --steps ${amateur.hyperparameters.steps} --warmup ${amateur.hyperparameters.warmup} --eval-every 50`,
    "node --import tsx scripts/cd-pair/export.ts work/cd-pair src/lm/assets/cd-pair",
  ],
  files: {
    "heldout.jsonl": { bytes: statSync(join(assets, "heldout.jsonl")).size, sha256: sha256(join(assets, "heldout.jsonl")) },
    "words.txt": { bytes: statSync(join(assets, "words.txt")).size, sha256: sha256(join(assets, "words.txt")) },
  },
  expert,
  amateur,
};
writeFileSync(join(assets, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.error(`wrote ${join(assets, "manifest.json")}`);
