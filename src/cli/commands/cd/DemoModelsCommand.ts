import { existsSync } from "node:fs";
import { join } from "node:path";
import { InvalidInputError } from "../../../core/index.js";
import { lmDemoDir, writeDemoPair } from "../../../lm/index.js";
import { defineCommand, outputFolder, shellQuote } from "../../framework.js";

/** `yomikai cd demo-models`: writes a tiny random-weight expert/amateur pair (no download). */
export const DemoModelsCommand = defineCommand({
  name: "demo-models",
  summary: "Write a tiny RANDOM-WEIGHT expert/amateur GGUF pair to try `cd generate` without a download (text is noise).",
  description:
    "Writes tiny-expert.gguf (gpt2, 3 layers × 64 wide) and tiny-amateur.gguf (gpt2, 1 layer × 32 wide) sharing a 320-token byte-level BPE vocabulary, in about a second. The weights are random (fixed seeds, byte-identical on every machine), so the generated text is noise: the pair only shows the mechanics of contrastive decoding (plausible set, expert − amateur scores) end to end through llama.cpp. Existing files are reused unless --force. For meaningful text use real models, e.g. GPT-2 XL and GPT-2 small in GGUF.",
  usage: "[--out DIR] [--force]",
  flags: {
    out: {
      type: "string",
      description: "Folder to write into (default: <model cache>/demo, i.e. $YOMIKAI_CACHE/models/demo or ~/.cache/yomikai/models/demo).",
      placeholder: "DIR",
    },
    force: { type: "boolean", description: "Rewrite the files even if they already exist." },
  },
  examples: [
    "yomikai cd demo-models",
    "yomikai cd demo-models --out ./demo --json",
    'yomikai cd generate --expert ~/.cache/yomikai/models/demo/tiny-expert.gguf --amateur ~/.cache/yomikai/models/demo/tiny-amateur.gguf --prompt "The city" --max-tokens 16',
  ],
  docs: "docs/contrastive-decoding.md",
  async run({ flags, print, printJson }) {
    const dir = outputFolder(flags.out ?? lmDemoDir());
    const reused = !flags.force && existsSync(join(dir, "tiny-expert.gguf")) && existsSync(join(dir, "tiny-amateur.gguf"));
    let pair: ReturnType<typeof writeDemoPair>;
    try {
      pair = writeDemoPair(dir, { overwrite: flags.force === true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "error";
      throw new InvalidInputError(`cannot write the demo models into ${dir} (${code}): pass a writable folder with --out`, {
        cause: err,
      });
    }
    const command = `yomikai cd generate --expert ${shellQuote(pair.expert)} --amateur ${shellQuote(pair.amateur)} --prompt "The city" --max-tokens 16`;
    if (flags.json) {
      printJson({ expert: pair.expert, amateur: pair.amateur, randomWeights: true, reused, command });
      return;
    }
    print(`${reused ? "Reusing" : "Wrote"} a tiny random-weight demo pair (no download; the generated text is noise):`);
    print(`  expert:  ${pair.expert}  (gpt2, 3 layers × 64 wide)`);
    print(`  amateur: ${pair.amateur}  (gpt2, 1 layer × 32 wide, same vocabulary)`);
    print("Try contrastive decoding on it:");
    print(`  ${command}`);
  },
});
