import { join } from "node:path";
import { AbortedError, ExternalError, UsageError, writeFileAtomic } from "../../../core/index.js";
import {
  DEMO_ITEMS,
  type EvalTask,
  evaluateTasks,
  loadTask,
  readTaskFile,
  resolveTasks,
  scorecardJson,
  scorecardMarkdown,
  scorecardSvg,
  TASK_NAMES,
} from "../../../systems/bloom/index.js";
import { defineCommand, flagValue, outputFile, outputFolder } from "../../framework.js";
import { timeoutMs } from "../../networkFlags.js";
import { bloomModelFlags, openModel } from "./shared.js";

/** `yomikai bloom eval`: the zero-shot harness. */
export const EvalCommand = defineCommand({
  name: "eval",
  summary: "Zero-shot evaluation in the lm-eval-harness style: acc / acc_norm per task and language, chrF for translation.",
  description:
    "A choice's score is Σ log p(choice | context), context and choice tokenized separately; acc = argmax is gold, acc_norm = argmax of score ÷ characters; ties go to the lowest index. Single-choice items (LAMBADA) count greedy matches and report perplexity. Translation (flores) is greedy with a newline stop and scored by chrF (spBLEU needs the Flores SentencePiece model). Datasets download on first use into the cache. With --out, each item is appended to that JSONL and rerunning the same command resumes.",
  usage: "--model M (--tasks T,… [--langs L,…] | --task-file F.jsonl) [--limit N] [--log-samples out.jsonl] [--json]",
  flags: {
    ...bloomModelFlags,
    tasks: { type: "strings", description: `Tasks, comma-separated: ${["demo", ...TASK_NAMES].join(", ")}.`, placeholder: "T,…" },
    langs: {
      type: "strings",
      description:
        "Languages, comma-separated (default: each task's own list; flores: en-fr style pairs or a language for both directions).",
      placeholder: "L,…",
    },
    "task-file": {
      type: "string",
      description: 'Your own task: JSONL of {"context", "choices", "gold", "lang"?} (or {"context", "reference"} for generation).',
      placeholder: "F.jsonl",
    },
    limit: { type: "number", description: "Only the first N items of each task and language.", integer: true, min: 1 },
    "log-samples": {
      type: "string",
      description: "Write one JSON line per item: {index, scores, pred, predNorm, gold} (+ task, lang).",
      placeholder: "FILE",
    },
    out: {
      type: "string",
      description: "Results JSONL, resumed when rerun with the same flags (default: none, no resume).",
      placeholder: "FILE",
    },
    scorecard: { type: "string", description: "Folder for scorecard.json, scorecard.md and scorecard.svg.", placeholder: "DIR" },
    "max-tokens": {
      type: "number",
      description: "Translation: tokens to generate at most.",
      integer: true,
      min: 1,
      max: 1024,
      default: 64,
    },
    "datasets-server": {
      type: "string",
      description: "Hugging Face dataset viewer base URL (default $YOMIKAI_DATASETS_SERVER or https://datasets-server.huggingface.co).",
      placeholder: "URL",
    },
    concurrency: { type: "number", description: "Items at once (for openai: servers).", integer: true, min: 1, max: 64, default: 1 },
  },
  examples: [
    "yomikai bloom eval --model demo --tasks demo   # built-in 8-item task, shipped tiny demo model, no download (near chance)",
    "yomikai bloom eval --model bloom-560m.Q8_0.gguf --tasks xnli,xstorycloze --langs fr,zh,ar --limit 200",
    "yomikai bloom eval --model bloom-560m.Q8_0.gguf --tasks arc-easy,hellaswag,lambada --out runs/b560m.jsonl --scorecard runs/b560m",
    "yomikai bloom eval --model bloom-560m.Q8_0.gguf --task-file my-task.jsonl --log-samples samples.jsonl --json",
    "yomikai bloom eval --model openai:http://gpu-node:8000/v1#bigscience/bloom --tasks xcopa --concurrency 8",
  ],
  docs: "docs/bloom.md",
  async run({ flags, print, printJson, progress, signal, log }) {
    if (flags.taskFile && flags.tasks.length) throw new UsageError("Pass either --tasks or --task-file, not both.");
    if (!flags.taskFile && flags.tasks.length === 0)
      throw new UsageError("Pass --tasks (e.g. --tasks demo, or xnli,xstorycloze) or --task-file F.jsonl.");
    if (flags.taskFile && flags.langs.length) throw new UsageError("--langs selects languages of --tasks; a --task-file is used whole.");
    const logSamples = flags.logSamples ? outputFile(flags.logSamples, "--log-samples") : undefined;
    const out = flags.out ? outputFile(flags.out, "--out") : undefined;
    const scorecard = flags.scorecard ? outputFolder(flags.scorecard, "--scorecard") : undefined;
    const named = flags.tasks.filter((t) => t !== "demo");
    const resolved = named.length ? flagValue(() => resolveTasks(named, flags.langs)) : [];
    const tasks: EvalTask[] = [];
    if (flags.taskFile)
      tasks.push({ name: flags.taskFile.replace(/^.*[\\/]/, "").replace(/\.jsonl?$/, ""), items: await readTaskFile(flags.taskFile) });
    for (const t of flags.tasks) {
      if (t === "demo") tasks.push({ name: "demo", items: [...DEMO_ITEMS] });
      const r = resolved.find((x) => x.task.name === t);
      if (!r) continue;
      const items = [];
      for (const lang of r.langs)
        items.push(
          ...(await loadTask(r.task, lang, {
            timeoutMs: timeoutMs(flags),
            onProgress: progress,
            signal,
            ...(flags.datasetsServer ? { datasetsServer: flags.datasetsServer } : {}),
          })),
        );
      tasks.push({ name: t, items });
    }
    const lm = await openModel(flags, progress, signal);
    try {
      const r = await evaluateTasks(lm, tasks, {
        ...(out ? { out } : {}),
        ...(flags.limit ? { limit: flags.limit } : {}),
        maxTokens: flags.maxTokens,
        concurrency: flags.concurrency,
        onProgress: progress,
        signal,
      });
      if (logSamples)
        await writeFileAtomic(logSamples, r.samples.map((s) => JSON.stringify(s)).join("\n") + (r.samples.length ? "\n" : ""));
      if (scorecard) {
        await writeFileAtomic(join(scorecard, "scorecard.json"), `${JSON.stringify(scorecardJson(r), null, 2)}\n`);
        await writeFileAtomic(join(scorecard, "scorecard.md"), scorecardMarkdown(r));
        await writeFileAtomic(join(scorecard, "scorecard.svg"), scorecardSvg(r));
      }
      const failed = r.tasks.reduce((s, t) => s + t.failed, 0);
      if (flags.json) printJson(scorecardJson(r));
      else {
        print(scorecardMarkdown(r));
        if (r.tasks.some((t) => t.metric === "chrF"))
          print("Translation is scored by chrF (sacreBLEU defaults); spBLEU needs the Flores SentencePiece model.");
        if (logSamples) log(`Per-item samples in ${logSamples}.`);
        if (scorecard) log(`Scorecard in ${scorecard} (scorecard.json, scorecard.md, scorecard.svg).`);
        if (out) log(`${r.counts.done} items scored, ${r.counts.resumed} resumed from ${out}.`);
      }
      if (failed > 0) {
        log(
          `${failed} item(s) failed and are not counted: ${r.tasks
            .filter((t) => t.failed)
            .map((t) => `${t.name} ${t.failed}`)
            .join(", ")}.`,
        );
        if (r.tasks.every((t) => t.n === 0)) throw new ExternalError("Every item failed; see the errors in the results file (--out).");
      }
    } catch (err) {
      if (err instanceof AbortedError && out)
        throw new AbortedError(`Cancelled; the finished items are in ${out} — rerun the same command to resume.`);
      throw err;
    } finally {
      await lm.close();
    }
  },
});
