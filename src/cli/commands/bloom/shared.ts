/** Flags and model loading shared by the `bloom` commands. */
import type { OnProgress } from "../../../core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../../lm/index.js";
import { timeoutFlag, timeoutMs } from "../../networkFlags.js";

/** Sequences a BLOOM model is opened with on llama.cpp: 2 enables the paired scoring path. */
export const BLOOM_SEQUENCES = 2;

/** `--model`, `--threads`, `--timeout`. */
export const bloomModelFlags = {
  model: {
    type: "string",
    description:
      "The model: a .gguf path (e.g. bloom-560m.Q8_0.gguf), hf:<owner>/<repo>/<file.gguf>, an https:// URL, openai:<url>#<model> (a vLLM/TGI server with echo + logprobs), or demo (the shipped tiny GPT-2 trained on the King James Bible, no download).",
    required: true,
    placeholder: "M",
  },
  threads: { type: "number", description: "CPU threads (default: cores − 1, at least 1).", integer: true, min: 1, max: 256 },
  ...timeoutFlag,
} as const;

/** Opens `--model`. */
export function openModel(
  flags: { model: string; threads?: number | undefined; timeout: number },
  progress: OnProgress,
  signal: AbortSignal,
): Promise<LanguageModel> {
  return loadLanguageModel(flags.model, {
    // Two sequences: llama.cpp scores choices without building the 250,880-entry probability Map (see scoreTokens).
    sequences: BLOOM_SEQUENCES,
    signal,
    onProgress: progress,
    timeoutMs: timeoutMs(flags),
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
  });
}
