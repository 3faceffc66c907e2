import { AbortedError, InvalidInputError, parseShard, UsageError } from "../../../core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../../lm/index.js";
import {
  CD_DEFAULTS,
  CD_LIMITS,
  DATASETS,
  DEFAULT_METHODS,
  loadDataset,
  PRESETS,
  runBenchmark,
} from "../../../systems/contrastive-decoding/index.js";
import { defineCommand, outputFile } from "../../framework.js";
import { timeoutMs } from "../../networkFlags.js";
import { checkModelRefs, modelFlags, openPair } from "./shared.js";

/** `yomikai cd bench`: CD against the baselines on a prompt set, resumable. */
export const BenchCommand = defineCommand({
  name: "bench",
  summary: "Run CD and the baselines (greedy, top-k, nucleus, typical) on a prompt set; score rep-n, diversity, MAUVE, coherence.",
  description:
    "Each (prompt, method) result is appended to --out as one JSON line; rerunning the same command resumes where it stopped (Ctrl-C is safe; a file made with other settings is refused). The comparison table is printed and written next to --out (.md, .summary.json). wikinews/wikitext/story are downloaded on first use; sample is generated offline.",
  usage: "--expert M --amateur M --dataset NAME [--prompts N] [flags]",
  flags: {
    ...modelFlags,
    dataset: { type: "string", description: "Prompt set.", choices: DATASETS, default: "wikitext" },
    prompts: { type: "number", description: "Number of prompts (the first N).", integer: true, min: 1, max: 100_000, default: 20 },
    data: {
      type: "string",
      description: "Local JSON/JSONL file of {prefix_text, reference_text} (or {text}) items instead of the download.",
      placeholder: "FILE",
    },
    out: { type: "string", description: "Results JSONL (default cd-bench-<dataset>.jsonl).", placeholder: "FILE" },
    methods: { type: "strings", description: `Methods, comma-separated (default ${DEFAULT_METHODS.join(",")}).`, placeholder: "LIST" },
    "max-tokens": { type: "number", description: "Tokens per continuation.", ...CD_LIMITS.maxTokens, default: CD_DEFAULTS.maxTokens },
    alpha: { type: "number", description: "CD plausibility threshold α, in (0, 1].", ...CD_LIMITS.alpha, default: CD_DEFAULTS.alpha },
    "amateur-temperature": {
      type: "number",
      description: "CD amateur temperature τ, > 0.",
      ...CD_LIMITS.amateurTemperature,
      default: CD_DEFAULTS.amateurTemperature,
    },
    coefficient: { type: "number", description: "CD amateur coefficient.", ...CD_LIMITS.coefficient, default: CD_DEFAULTS.coefficient },
    beams: { type: "number", description: "CD beam width (the paper: 5).", ...CD_LIMITS.beams, default: CD_DEFAULTS.beams },
    "amateur-context": { type: "string", description: "What the amateur sees.", choices: ["full", "last-token"], default: "last-token" },
    embedder: {
      type: "string",
      description: "Embedding model for MAUVE and coherence (a GGUF such as SimCSE, or openai:<url>#<model>); default: the expert.",
      placeholder: "M",
    },
    "no-embed": { type: "boolean", description: "Skip MAUVE and coherence." },
    shard: { type: "string", description: "Take every n-th item: i/n (0-based), to split a run over machines.", placeholder: "i/n" },
    seed: { type: "number", description: "Sampling seed (recorded).", ...CD_LIMITS.seed, default: CD_DEFAULTS.seed },
  },
  examples: [
    "yomikai cd bench --expert ~/.cache/yomikai/models/demo/kjv-expert.gguf --amateur ~/.cache/yomikai/models/demo/kjv-amateur.gguf --dataset kjv --prompts 8 --max-tokens 48 --methods cd,greedy,nucleus   # after `yomikai cd demo-models`",
    "yomikai cd bench --expert gpt2-xl.Q8_0.gguf --amateur gpt2.Q8_0.gguf --dataset wikitext --prompts 50",
    "yomikai cd bench --expert big.gguf --amateur small.gguf --dataset sample --prompts 8 --max-tokens 32 --out runs/sample.jsonl",
    "yomikai cd bench --expert big.gguf --amateur small.gguf --dataset wikinews --shard 0/4   # machine 1 of 4",
  ],
  docs: "docs/contrastive-decoding.md",
  async run({ flags, print, printJson, progress, signal }) {
    checkModelRefs([flags.expert, flags.amateur, flags.embedder]);
    const methods = flags.methods.length ? flags.methods.flatMap((m) => m.split(",")).filter(Boolean) : [...DEFAULT_METHODS];
    for (const m of methods)
      if (m === "contrastive-search")
        throw new UsageError(
          `Contrastive search needs each candidate's hidden state, which neither node-llama-cpp 3.21.1 nor OpenAI-compatible servers expose; use --methods ${DEFAULT_METHODS.join(",")}.`,
        );
      else if (!(DEFAULT_METHODS as readonly string[]).includes(m))
        throw new UsageError(`Unknown method "${m}". Known: ${DEFAULT_METHODS.join(", ")}.`);
    const shard = flags.shard ? parseShard(flags.shard) : undefined;
    const out = outputFile(flags.out ?? `cd-bench-${flags.dataset}.jsonl`);
    const items = await loadDataset(flags.dataset, {
      prompts: flags.prompts,
      seed: flags.seed,
      timeoutMs: timeoutMs(flags),
      onProgress: progress,
      signal,
      ...(flags.data ? { file: flags.data } : {}),
    });
    if (items.length === 0) throw new InvalidInputError("The prompt set is empty.");
    const [expert, amateur] = await openPair(flags, flags.beams, progress, signal);
    let embedder: LanguageModel | undefined;
    try {
      embedder = flags.noEmbed
        ? undefined
        : flags.embedder
          ? await loadLanguageModel(flags.embedder, { onProgress: progress, signal, timeoutMs: timeoutMs(flags) })
          : expert;
      const r = await runBenchmark({
        expert,
        amateur,
        items,
        out,
        methods,
        cd: {
          ...PRESETS.li2022,
          alpha: flags.alpha,
          amateurTemperature: flags.amateurTemperature,
          coefficient: flags.coefficient,
          beams: flags.beams,
          search: flags.beams > 1 ? "beam" : "greedy",
          amateurContext: flags.amateurContext as "full" | "last-token",
          stopAtEos: false,
        },
        maxTokens: flags.maxTokens,
        seed: flags.seed,
        ...(embedder ? { embedder } : {}),
        ...(shard ? { shard } : {}),
        onProgress: progress,
        signal,
      });
      if (flags.json) printJson({ records: r.records, resumed: r.skipped, summaries: r.summaries });
      else {
        print(r.table);
        print(`${r.records} results in ${out} (${r.skipped} resumed).`);
      }
    } catch (err) {
      if (err instanceof AbortedError)
        throw new AbortedError(`Cancelled; the finished results are in ${out} — rerun the same command to resume.`);
      throw err;
    } finally {
      if (embedder && embedder !== expert) await embedder.close();
      await amateur.close();
      await expert.close();
    }
  },
});
