/**
 * The paper's main table on your models: APE against the human instructions on the instruction-induction
 * tasks, one search per task (resumable: each finished task is one line of `DIR/results.jsonl`), written
 * as Markdown and JSON with an interquartile-mean row.
 * @module
 */
import { join } from "node:path";
import { type OnProgress, writeFileAtomic, writeJsonAtomic } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import { markdownTable } from "../../report/index.js";
import { CallLedger } from "./ledger.js";
import { apeSearch, type SearchOptions, type SearchResult } from "./search.js";
import { type LoadTaskOptions, loadTask } from "./tasks.js";

/** One task's row. */
export interface ApeBenchRow {
  task: string;
  metric: string;
  /** Test score of APE's best instruction (null when the search could not test it). */
  ape: number | null;
  /** Mean test score of the human instructions. */
  human: number | null;
  instruction: string;
  validationScore: number;
  calls: number;
  stoppedBy?: string;
}

/** Options of {@link apeBench}. */
export interface ApeBenchOptions extends Omit<SearchOptions, "task" | "ledger" | "onEvent"> {
  /** Task names (or JSONL files). */
  tasks: readonly string[];
  /** Output folder: results.jsonl, ape-bench.md, ape-bench.json. */
  out: string;
  /** The call cache shared by every task (and by reruns). */
  cacheFile?: string;
  /** Loader seed. Defaults to the search seed. */
  taskOptions?: LoadTaskOptions;
  /** Run each task through this instead of {@link apeSearch} (the shared item runner passes it). */
  runTask?: (task: string, search: () => Promise<SearchResult>) => Promise<ApeBenchRow>;
  onProgress?: OnProgress;
}

/** What {@link apeBench} returns. */
export interface ApeBenchResult {
  rows: ApeBenchRow[];
  /** Interquartile means over the tasks with both scores. */
  iqm: { ape: number | null; human: number | null };
  /** Tasks where APE's test score ≥ the human instructions'. */
  atLeastHuman: number;
  table: string;
}

/** Interquartile mean: the mean of the middle half of the sorted values (fractional weights at the cut points). */
export function interquartileMean(values: readonly number[]): number | null {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  if (n === 0) return null;
  const lo = n / 4;
  const hi = (3 * n) / 4;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.max(0, Math.min(i + 1, hi) - Math.max(i, lo));
    sum += w * (v[i] as number);
  }
  return sum / (hi - lo);
}

/** One row from a search result. */
export function benchRow(r: SearchResult): ApeBenchRow {
  return {
    task: r.task,
    metric: r.settings.metric,
    ape: r.best.testScore,
    human: r.human.testScore,
    instruction: r.best.instruction,
    validationScore: r.best.validationScore,
    calls: r.budget.calls,
    ...(r.stoppedBy ? { stoppedBy: r.stoppedBy } : {}),
  };
}

/** Summarises rows into the table, IQMs and the at-least-human count. */
export function summarizeBench(rows: readonly ApeBenchRow[]): ApeBenchResult {
  const both = rows.filter((r) => r.ape !== null && r.human !== null);
  const iqm = {
    ape: interquartileMean(both.map((r) => r.ape as number)),
    human: interquartileMean(both.map((r) => r.human as number)),
  };
  const f = (x: number | null) => (x === null ? "–" : x.toFixed(2));
  const atLeastHuman = both.filter((r) => (r.ape as number) >= (r.human as number)).length;
  const table = markdownTable(
    ["task", "metric", "APE (test)", "human (test)", "APE ≥ human", "APE's instruction"],
    [
      ...rows.map((r) => [
        r.task,
        r.metric,
        f(r.ape),
        f(r.human),
        r.ape === null || r.human === null ? "–" : r.ape >= r.human ? "yes" : "no",
        r.instruction.length > 70 ? `${r.instruction.slice(0, 67)}…` : r.instruction,
      ]),
      ["IQM", "", f(iqm.ape), f(iqm.human), `${atLeastHuman}/${both.length}`, ""],
    ],
  );
  return { rows: [...rows], iqm, atLeastHuman, table };
}

/** Runs APE on each task (the proposer and scorer are shared), then writes the table. */
export async function apeBench(o: ApeBenchOptions & { proposer: LanguageModel; scorer: LanguageModel }): Promise<ApeBenchResult> {
  const ledger = new CallLedger(o.cacheFile ? { cacheFile: o.cacheFile } : {});
  const rows: ApeBenchRow[] = [];
  for (const name of o.tasks) {
    const search = () => apeSearch({ ...o, task: loadTask(name, o.taskOptions ?? (o.seed !== undefined ? { seed: o.seed } : {})), ledger });
    rows.push(o.runTask ? await o.runTask(name, search) : benchRow(await search()));
  }
  const result = summarizeBench(rows);
  await writeFileAtomic(join(o.out, "ape-bench.md"), `${result.table}\n`);
  await writeJsonAtomic(join(o.out, "ape-bench.json"), { rows: result.rows, iqm: result.iqm, atLeastHuman: result.atLeastHuman });
  return result;
}
