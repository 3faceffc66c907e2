/**
 * The no-download demo model: a tiny random-weight GPT-2 with an 8k-token context (so the paper's
 * prompts fit), written once into the model cache. It runs through the real llama.cpp runtime, but its
 * weights are random: its traces are noise and its accuracy is about 0. It shows the mechanics only.
 * @module
 */
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { buildVocabulary, lmDemoDir, writeRandomModel } from "../../lm/index.js";

/** The name that selects the demo model (`--model demo`). */
export const DEMO_MODEL = "demo";

/** Context of the demo model, in tokens (its byte-level vocabulary spends about one token per character). */
export const DEMO_CONTEXT = 8192;

/**
 * Writes (or reuses) the demo model and returns its path: `<dir>/algo-demo.gguf`, gpt2, 2 layers × 64
 * wide, 8192 positions, fixed seed (byte-identical on every call).
 * @param dir - folder for the file. Defaults to the LM demo folder (`lmDemoDir()`, `<cache>/models/demo`).
 */
export function writeAlgoDemoModel(dir: string = lmDemoDir()): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "algo-demo.gguf");
  if (!existsSync(path)) {
    const tmp = `${path}.${process.pid}.tmp`;
    writeRandomModel(
      tmp,
      { arch: "gpt2", nEmbd: 64, nLayer: 2, nHead: 4, contextLength: DEMO_CONTEXT },
      { vocab: buildVocabulary(320), seed: "algorithmic-prompting-demo", name: "algo-demo.gguf" },
    );
    renameSync(tmp, path);
  }
  return path;
}
