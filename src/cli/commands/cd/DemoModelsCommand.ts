import { InvalidInputError } from "../../../core/index.js";
import { DEMO_PAIR_PROMPT, hasDemoPair, lmDemoDir, readDemoPairManifest, writeDemoPair } from "../../../lm/index.js";
import { defineCommand, outputFolder, shellQuote } from "../../framework.js";

/** `yomikai cd demo-models`: copies the shipped expert/amateur pair trained on the King James Bible. */
export const DemoModelsCommand = defineCommand({
  name: "demo-models",
  summary:
    "Copy the shipped expert/amateur GGUF pair (GPT-2 architecture, trained on the King James Bible) to try `cd generate` without a download.",
  description:
    "Copies kjv-expert.gguf (gpt2, 4 layers × 192 wide) and kjv-amateur.gguf (gpt2, 1 layer × 64 wide), which yomikai trained on the King James Bible (Debian's bible-kjv, public domain) with one shared 4,096-token byte-level BPE vocabulary, into a folder (under 20 MB, in well under a second). They write recognisable, archaic English — far from GPT-2's fluency, but enough to see contrastive decoding work on real text: the expert alone repeats itself under greedy decoding, expert − amateur does much less. The package's lm/assets/cd-pair/manifest.json records the corpus, hyper-parameters, loss curves and held-out perplexity; scripts/cd-pair/ retrains them. Intact copies are reused unless --force.",
  usage: "[--out DIR] [--force]",
  flags: {
    out: {
      type: "string",
      description: "Folder to write into (default: <model cache>/demo, i.e. $YOMIKAI_CACHE/models/demo or ~/.cache/yomikai/models/demo).",
      placeholder: "DIR",
    },
    force: { type: "boolean", description: "Copy the files again even if intact copies exist." },
  },
  examples: [
    "yomikai cd demo-models",
    "yomikai cd demo-models --out ./demo --json",
    `yomikai cd generate --expert ~/.cache/yomikai/models/demo/kjv-expert.gguf --amateur ~/.cache/yomikai/models/demo/kjv-amateur.gguf --prompt "${DEMO_PAIR_PROMPT}" --max-tokens 48`,
  ],
  docs: "docs/contrastive-decoding.md",
  async run({ flags, print, printJson }) {
    const dir = outputFolder(flags.out ?? lmDemoDir());
    const manifest = readDemoPairManifest();
    const reused = !flags.force && hasDemoPair(dir);
    let pair: ReturnType<typeof writeDemoPair>;
    try {
      pair = writeDemoPair(dir, { overwrite: flags.force === true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "error";
      throw new InvalidInputError(`cannot write the demo models into ${dir} (${code}): pass a writable folder with --out`, {
        cause: err,
      });
    }
    const command = `yomikai cd generate --expert ${shellQuote(pair.expert)} --amateur ${shellQuote(pair.amateur)} --prompt "${DEMO_PAIR_PROMPT}" --max-tokens 48`;
    const { expert: e, amateur: a } = manifest;
    if (flags.json) {
      printJson({
        expert: pair.expert,
        amateur: pair.amateur,
        randomWeights: false,
        reused,
        corpus: manifest.corpus.name,
        heldoutPerplexity: { expert: e.heldoutPerplexity, amateur: a.heldoutPerplexity },
        command,
      });
      return;
    }
    const desc = (m: typeof e) =>
      `gpt2, ${m.shape.layers} layer${m.shape.layers > 1 ? "s" : ""} × ${m.shape.embedding} wide, ${(m.params / 1e6).toFixed(2)} M parameters, held-out perplexity ${m.heldoutPerplexity}`;
    print(`${reused ? "Reusing" : "Copied"} the demo pair trained on the ${manifest.corpus.name} (no download):`);
    print(`  expert:  ${pair.expert}  (${desc(e)})`);
    print(`  amateur: ${pair.amateur}  (${desc(a)})`);
    print("Try contrastive decoding on it:");
    print(`  ${command}`);
  },
});
