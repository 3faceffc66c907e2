import { resolve } from "node:path";
import { AbortedError, UsageError } from "../../../core/index.js";
import { apeBench, INSTRUCTION_INDUCTION_TASKS } from "../../../systems/ape/index.js";
import { defineCommand, outputFolder } from "../../framework.js";
import { cacheFileOf, openModels, type SearchFlags, searchFlags, searchOptionsOf } from "./shared.js";

/** `yomikai ape bench`: APE vs the human instructions on many tasks. */
export const BenchCommand = defineCommand({
  name: "bench",
  summary: "Run APE on the instruction-induction tasks and write the APE-vs-human table (Markdown, JSON, IQM row).",
  description:
    "One search per task with the same models and settings; the call cache makes the run resumable (Ctrl-C, then the same command: finished calls are not sent again). Writes DIR/ape-bench.md and DIR/ape-bench.json.",
  usage: "--tasks all|t1,t2 --proposer M --scorer M [--out DIR] [flags]",
  flags: {
    tasks: { type: "strings", description: 'Task names, comma-separated, or "all" for the 24.', default: ["all"], placeholder: "LIST" },
    out: { type: "string", description: "Output folder.", default: "ape-bench", placeholder: "DIR" },
    ...searchFlags,
  },
  examples: [
    "yomikai ape bench --tasks antonyms,sum --candidates 3 --samples 3 --test-examples 5   # demo model: mechanics only",
    "yomikai ape bench --tasks all --proposer openai:http://127.0.0.1:8000#qwen --scorer openai:http://127.0.0.1:8000#qwen --concurrency 8",
  ],
  docs: "docs/ape.md",
  async run({ flags, print, printJson, progress, log, signal }) {
    const f = flags as unknown as SearchFlags & { tasks: readonly string[]; out: string; dryRun: boolean; json: boolean };
    const names = f.tasks.flatMap((t) => t.split(",")).filter(Boolean);
    const tasks = names.includes("all") ? [...INSTRUCTION_INDUCTION_TASKS] : names;
    if (tasks.length === 0) throw new UsageError('--tasks is empty: pass "all" or task names.');
    const out = outputFolder(resolve(f.out));
    if (f.dryRun) throw new UsageError("--dry-run is for `ape search`; run it per task to see each projection.");
    const models = await openModels(f, progress, signal);
    try {
      const cacheFile = cacheFileOf(f);
      const r = await apeBench({
        ...searchOptionsOf(f),
        tasks,
        out,
        proposer: models.proposer,
        scorer: models.scorer,
        ...(cacheFile ? { cacheFile } : {}),
        onProgress: progress,
        signal,
      });
      const tested = r.rows.filter((x) => x.ape !== null).length;
      for (const fail of r.failures ?? []) log(`${fail.task}: failed (${fail.error}); it is not in the table — rerun to retry it.`);
      if (f.json) printJson(r);
      else {
        print(r.table);
        print(`APE ≥ human on ${r.atLeastHuman} of ${tested} tasks. Written to ${out}/ape-bench.md and ape-bench.json.`);
      }
      if (tested === 0) {
        log("No task produced a tested instruction.");
        return 1;
      }
    } catch (err) {
      if (err instanceof AbortedError) throw new AbortedError("Cancelled; answered calls are cached — rerun the same command to resume.");
      throw err;
    } finally {
      await models.close();
    }
  },
});
