import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { AbortedError, InvalidInputError, writeJsonAtomic, YomikaiError } from "../../../core/index.js";
import { apeSearch, loadTask, projectCost } from "../../../systems/ape/index.js";
import { defineCommand } from "../../framework.js";
import { cacheFileOf, openModels, type SearchFlags, searchFlags, searchOptionsOf } from "./shared.js";

/** `yomikai ape search`: APE on one task. */
export const SearchCommand = defineCommand({
  name: "search",
  summary: "Find an instruction for a task: propose with one LM, score with another, test the winner against the human instructions.",
  description:
    'The 24 instruction-induction tasks are built in (--task antonyms, sum, translation_en-fr, …), or pass a JSONL file of {"input", "output"} lines. Every request is counted (budget.calls) and cached: a rerun of an interrupted or finished search sends nothing twice. --dry-run prints the projected requests and tokens first. The demo model (the default) shows the mechanics only; for real results pass a GGUF instruct model (e.g. hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q8_0.gguf) or an OpenAI-compatible server.',
  usage: "--task <name|file.jsonl> --proposer M --scorer M [flags]",
  flags: {
    task: {
      type: "string",
      description: "A built-in task name or a JSONL file of input/output pairs.",
      default: "antonyms",
      placeholder: "T",
    },
    out: { type: "string", description: "Also write the result JSON to this file.", placeholder: "FILE" },
    ...searchFlags,
  },
  examples: [
    "yomikai ape search --task antonyms --candidates 4 --samples 4 --test-examples 10   # demo model: mechanics in about a minute",
    "yomikai ape search --task antonyms --proposer hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q8_0.gguf --scorer hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q8_0.gguf --estimator ucb",
    "yomikai ape search --task sum --proposer openai:http://127.0.0.1:8000#qwen --scorer openai:http://127.0.0.1:8000#qwen --concurrency 8 --json",
    "yomikai ape search --task my-task.jsonl --estimator filter --max-calls 2000 --dry-run",
  ],
  docs: "docs/ape.md",
  async run({ flags, print, printJson, progress, log, signal }) {
    const f = flags as unknown as SearchFlags & { task: string; out?: string; dryRun: boolean; json: boolean };
    const options = searchOptionsOf(f);
    const task = loadTask(f.task, { seed: options.seed ?? 0 });
    const out = f.out ? resolve(f.out) : undefined;
    if (out && existsSync(out) && statSync(out).isDirectory())
      throw new InvalidInputError(`--out ${out} is a folder: pass a file path for the result JSON.`);
    const projection = projectCost(task, {
      candidates: f.candidates,
      demos: f.demos,
      estimator: options.estimator ?? "full",
      estimatorOptions: { samples: f.samples },
      testExamples: f.testExamples,
      noTest: f.noTest,
    });
    if (f.dryRun) {
      if (f.json) printJson({ task: task.name, projection });
      else {
        const c = projection.calls;
        print(`Projected for ${task.name} (at most; cached calls cost nothing):`);
        print(`  calls:  ${c.total}  (propose ${c.propose}, score ${c.score}, test ${c.test})`);
        print(
          `  tokens: about ${projection.tokens.total} (${projection.tokens.prompt} prompt + ${projection.tokens.completion} completion, characters ÷ 4)`,
        );
      }
      return;
    }
    log(
      `${task.name}: up to ${projection.calls.total} calls (propose ${projection.calls.propose}, score ${projection.calls.score}, test ${projection.calls.test}).`,
    );
    const models = await openModels(f, progress, signal);
    try {
      const cacheFile = cacheFileOf(f);
      const r = await apeSearch({
        ...options,
        task,
        proposer: models.proposer,
        scorer: models.scorer,
        ledger: {
          ...(cacheFile ? { cacheFile } : {}),
          ...(f.maxCalls !== undefined ? { maxCalls: f.maxCalls } : {}),
          ...(f.maxTokens !== undefined ? { maxTokens: f.maxTokens } : {}),
        },
        onProgress: progress,
        signal,
      });
      if (r.candidates.length === 0)
        throw new YomikaiError(
          `The proposer wrote no usable instruction in ${r.budget.calls + r.budget.cachedCalls} requests; try another --proposer (an instruction-tuned model) or --template paper.`,
        );
      if (out) await writeJsonAtomic(out, r);
      if (r.stoppedBy)
        log(
          `Stopped early: --${r.stoppedBy} reached; the ranking covers what was scored. Rerun with a higher ceiling to continue (answered calls are cached).`,
        );
      if (f.json) {
        printJson(r);
      } else {
        const pct = (x: number | null) => (x === null ? "–" : x.toFixed(2));
        print(`Task ${r.task} (metric ${r.settings.metric}, ${r.settings.estimator} estimator, ${r.settings.method} score)`);
        print(`Best instruction: ${JSON.stringify(r.best.instruction)}`);
        print(
          `  validation ${r.best.validationScore.toFixed(3)}   test ${pct(r.best.testScore)}   human instructions' mean test ${pct(r.human.testScore)}`,
        );
        print("Top candidates:");
        for (const c of r.candidates.slice(0, 5)) print(`  ${c.validationScore.toFixed(3)} (${c.examples} ex.)  ${c.instruction}`);
        const b = r.budget;
        print(
          `Budget: ${b.calls} calls (${b.cachedCalls} more from the cache), ${b.promptTokens} prompt + ${b.completionTokens} completion tokens${b.estimated ? " (estimated)" : ""}.`,
        );
        if (out) print(`Result written to ${out}.`);
      }
    } catch (err) {
      if (err instanceof AbortedError)
        throw new AbortedError("Cancelled; answered calls are cached — rerun the same command to resume where it stopped.");
      throw err;
    } finally {
      await models.close();
    }
  },
});
