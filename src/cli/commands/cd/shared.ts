/** Flags and model loading shared by the `cd` commands. */

import { type OnProgress, UsageError } from "../../../core/index.js";
import type { LanguageModel } from "../../../lm/index.js";
import { loadLanguageModel, parseHfReference } from "../../../lm/index.js";
import { flagValue } from "../../framework.js";
import { timeoutFlag, timeoutMs } from "../../networkFlags.js";

/** Flags that describe how to open models. */
export const modelFlags = {
  expert: {
    type: "string",
    description:
      "Expert model: a .gguf path, hf:<owner>/<repo>/<file.gguf> or an https:// URL of a .gguf (CD needs full distributions, so not an openai: endpoint).",
    required: true,
    placeholder: "M",
  },
  amateur: {
    type: "string",
    description: "Amateur model sharing the expert's tokenizer (same forms as --expert).",
    required: true,
    placeholder: "M",
  },
  threads: { type: "number", description: "CPU threads per model (default: cores − 1, at least 1).", integer: true, min: 1, max: 256 },
  ...timeoutFlag,
} as const;

/** Opens expert and amateur (resolving hf: references with a download bar). */
export async function openPair(
  flags: { expert: string; amateur: string; threads?: number | undefined; timeout: number },
  sequences: number,
  progress: OnProgress,
  signal: AbortSignal,
): Promise<[LanguageModel, LanguageModel]> {
  const common = {
    sequences,
    signal,
    onProgress: progress,
    timeoutMs: timeoutMs(flags),
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
  };
  const expert = await loadLanguageModel(flags.expert, common);
  try {
    const amateur = await loadLanguageModel(flags.amateur, common);
    return [expert, amateur];
  } catch (err) {
    await expert.close();
    throw err;
  }
}

/**
 * Checks the open-interval bounds the flag parser cannot express (α in (0, 1], temperatures > 0), so a
 * bad value fails at once with the flag's name, before any model or dataset is opened.
 */
export function checkObjectiveFlags(flags: {
  alpha?: number | undefined;
  amateurTemperature?: number | undefined;
  temperature?: number | undefined;
}): void {
  if (flags.alpha !== undefined && !(flags.alpha > 0))
    throw new UsageError(
      `--alpha must be in (0, 1], got ${flags.alpha}; use e.g. --alpha 0.1 (the paper's value) or --alpha 1 for the expert's greedy choice.`,
    );
  if (flags.amateurTemperature !== undefined && !(flags.amateurTemperature > 0))
    throw new UsageError(
      `--amateur-temperature must be > 0, got ${flags.amateurTemperature}; use e.g. --amateur-temperature 0.5 (the paper's value).`,
    );
  if (flags.temperature !== undefined && !(flags.temperature > 0))
    throw new UsageError(`--temperature must be > 0, got ${flags.temperature}; use e.g. --temperature 1, or --search greedy for argmax.`);
}

/** Checks the form of `hf:` model references before any work, so a malformed one is a wrong command line (exit 2). */
export function checkModelRefs(refs: readonly (string | undefined)[]): void {
  for (const ref of refs) if (ref?.startsWith("hf:")) flagValue(() => parseHfReference(ref));
}
