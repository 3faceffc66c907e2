/**
 * The paper's main table on your models: APE against the human instructions on the instruction-induction
 * tasks, one search per task (resumable: each finished task is one line of `DIR/results.jsonl`), written
 * as Markdown and JSON with an interquartile-mean row.
 * @module
 */
import { join } from "node:path";
import { type OnProgress, runItems, writeFileAtomic, writeJsonAtomic } from "../../core/index.js";
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
  /** Tasks whose search failed (a one-line error each); never counted in the table. */
  failures?: { task: string; error: string }[];
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

/**
 * Runs APE on each task (the proposer and scorer are shared) through the shared item runner: each
 * finished task is one line of `DIR/results.jsonl`, a rerun skips finished tasks (and the call cache
 * skips answered calls of an interrupted one), a task that fails is reported apart; then writes the table.
 */
export async function apeBench(o: ApeBenchOptions & { proposer: LanguageModel; scorer: LanguageModel }): Promise<ApeBenchResult> {
  const ledger = new CallLedger(o.cacheFile ? { cacheFile: o.cacheFile } : {});
  const { tasks, out, cacheFile: _c, onProgress, signal, proposer, scorer, taskOptions, ...search } = o;
  const r = await runItems<string, ApeBenchRow>({
    out: join(out, "results.jsonl"),
    items: tasks,
    key: (t) => t,
    settings: { proposer: proposer.name, scorer: scorer.name, ...search },
    what: "ape bench results",
    label: "tasks",
    unit: "tasks",
    detail: (t) => t,
    run: async (name, ctx) =>
      benchRow(
        await apeSearch({
          ...search,
          proposer,
          scorer,
          task: loadTask(name, taskOptions ?? (o.seed !== undefined ? { seed: o.seed } : {})),
          ledger,
          signal: ctx.signal,
        }),
      ),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
  const rows = r.records.map(({ key: _k, settings: _s, ...row }) => row as ApeBenchRow);
  const result = { ...summarizeBench(rows), failures: r.failures.map((f) => ({ task: f.key, error: f.error })) };
  await writeFileAtomic(join(out, "ape-bench.md"), `${result.table}\n`);
  await writeJsonAtomic(join(out, "ape-bench.json"), {
    rows: result.rows,
    iqm: result.iqm,
    atLeastHuman: result.atLeastHuman,
    failures: result.failures,
  });
  return result;
}
