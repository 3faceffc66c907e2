/** Flags and model loading shared by the `cd` commands. */

import type { OnProgress } from "../../../core/index.js";
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

/** Checks the form of `hf:` model references before any work, so a malformed one is a wrong command line (exit 2). */
export function checkModelRefs(refs: readonly (string | undefined)[]): void {
  for (const ref of refs) if (ref?.startsWith("hf:")) flagValue(() => parseHfReference(ref));
}
