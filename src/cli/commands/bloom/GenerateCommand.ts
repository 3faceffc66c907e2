import { UsageError } from "../../../core/index.js";
import { completeText } from "../../../lm/index.js";
import { defineCommand } from "../../framework.js";
import { bloomModelFlags, openModel } from "./shared.js";

/** `yomikai bloom generate`: greedy (or sampled) continuation of a prompt. */
export const GenerateCommand = defineCommand({
  name: "generate",
  summary: "Continue a prompt with a BLOOM checkpoint (greedy by default), with stop sequences.",
  usage: "--model M --prompt TEXT [--max-tokens N] [--stop S,…] [--temperature T]",
  flags: {
    ...bloomModelFlags,
    prompt: { type: "string", description: "The prompt to continue.", required: true, placeholder: "TEXT" },
    "max-tokens": { type: "number", description: "Tokens to generate at most.", integer: true, min: 1, max: 4096, default: 64 },
    stop: {
      type: "strings",
      description: "Stop sequences, comma-separated (not part of the output; \\n for a newline).",
      placeholder: "S,…",
    },
    temperature: { type: "number", description: "Sampling temperature; 0 is greedy.", min: 0, max: 10, default: 0 },
    seed: { type: "number", description: "Sampling seed (with --temperature > 0).", integer: true, min: 0, default: 0 },
  },
  examples: [
    'yomikai bloom generate --model demo --prompt "The river" --max-tokens 16   # shipped tiny GPT-2 trained on the KJV Bible, no download',
    'yomikai bloom generate --model bloom-560m.Q8_0.gguf --prompt "Paris est la capitale de" --max-tokens 20 --stop "\\n"',
    'yomikai bloom generate --model openai:http://gpu-node:8000#bigscience/bloom --prompt "Translate to French: cheese =>" --json',
  ],
  docs: "docs/bloom.md",
  async run({ flags, print, printJson, progress, signal, log }) {
    if (flags.prompt.trim() === "") throw new UsageError('--prompt is empty; pass the text to continue, e.g. --prompt "The river".');
    const stop = flags.stop.map((s) => s.replaceAll("\\n", "\n"));
    const lm = await openModel(flags, progress, signal);
    try {
      const c = await completeText(lm, flags.prompt, {
        maxTokens: flags.maxTokens,
        stop,
        temperature: flags.temperature,
        seed: flags.seed,
        signal,
      });
      if (flags.json) {
        printJson({
          model: lm.name,
          prompt: flags.prompt,
          ...c,
          settings: { maxTokens: flags.maxTokens, stop, temperature: flags.temperature, seed: flags.seed },
        });
        return;
      }
      print(flags.prompt + c.text);
      log(`${c.completionTokens} tokens from ${lm.name} (${c.finishReason}).`);
    } finally {
      await lm.close();
    }
  },
});
