/**
 * The evaluation harness: runs tasks (multiple choice and generation) over a model through the
 * resumable item runner, and aggregates accuracy per task and language.
 * @module
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OnProgress, runItems } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import { addChrfStats, type ChrfStats, chrfFromStats } from "./chrf.js";
import { type ChoiceResult, type GenerationResult, generateItem, scoreChoiceItem } from "./scoring.js";
import { isGeneration, type TaskItem } from "./taskFile.js";

/** A named list of items to evaluate. */
export interface EvalTask {
  name: string;
  items: TaskItem[];
}

/** Options of {@link evaluateTasks}. */
export interface EvaluateOptions {
  /** Results JSONL (one line per item); an interrupted run resumes from it. Defaults to a temporary file removed afterwards (no resume). */
  out?: string;
  /** Evaluate only the first `limit` items of each task and language. Defaults to all. */
  limit?: number;
  /** Generation tasks: tokens to generate at most. Defaults to `64`. */
  maxTokens?: number;
  /** Generation tasks: stop sequences. Defaults to `["\n"]`. */
  stop?: string[];
  /** Items scored at once (useful for HTTP backends). Defaults to `1`. */
  concurrency?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Accuracy of one language. */
export interface LangScore {
  n: number;
  /** Fraction right by the raw score (LAMBADA: greedy match); `null` for generation tasks. */
  acc: number | null;
  /** Fraction right by score per character; `null` for LAMBADA-style and generation tasks. */
  accNorm: number | null;
  /** Generation tasks: corpus chrF (0–100). */
  chrf?: number;
  /** LAMBADA-style tasks: exp(−mean log-likelihood of the target) over items. */
  perplexity?: number;
}

/** One task's scorecard entry (the `--json` shape). */
export interface TaskScore extends LangScore {
  name: string;
  byLang: Record<string, LangScore>;
  /** Items that failed (errors), reported apart and never counted as right. */
  failed: number;
  /** The metric of generation tasks: `"chrF"` (spBLEU needs the Flores SentencePiece model). */
  metric?: "chrF";
}

/** One item's line in `--log-samples`. */
export interface SampleLine {
  task: string;
  lang?: string;
  index: number;
  scores?: number[];
  pred?: number;
  predNorm?: number;
  gold?: number;
  greedy?: boolean;
  output?: string;
  reference?: string;
  chrf?: number;
}

/** What {@link evaluateTasks} returns. */
export interface EvaluateResult {
  model: string;
  tasks: TaskScore[];
  /** Per-item results, in task and item order. */
  samples: SampleLine[];
  counts: { done: number; resumed: number; failed: number };
}

interface Work {
  task: string;
  index: number;
  item: TaskItem;
}

type ItemRecord = { task: string; index: number; lang?: string } & (Partial<ChoiceResult> &
  Partial<Omit<GenerationResult, "stats">> & { stats?: ChrfStats });

/** Whether a line counts as right: greedy match for single-choice items, else argmax = gold. */
function isRight(l: ItemRecord): boolean {
  return l.greedy !== undefined ? l.greedy : l.pred === l.gold;
}

/** Aggregates sample lines of one group (single-choice, multiple-choice and generation lines may mix). */
function aggregate(lines: readonly ItemRecord[]): LangScore {
  const n = lines.length;
  const gen = lines.filter((l) => l.stats);
  const scored = lines.filter((l) => !l.stats);
  const single = scored.filter((l) => l.greedy !== undefined);
  const multi = scored.filter((l) => l.greedy === undefined);
  const out: LangScore = {
    n,
    acc: scored.length ? scored.filter(isRight).length / scored.length : null,
    accNorm: multi.length ? multi.filter((l) => l.predNorm === l.gold).length / multi.length : null,
  };
  if (gen.length) {
    let total: ChrfStats = [];
    for (const l of gen) total = addChrfStats(total, l.stats as ChrfStats);
    out.chrf = chrfFromStats(total);
  }
  if (single.length) out.perplexity = Math.exp(-single.reduce((s, l) => s + (l.scores?.[0] ?? 0), 0) / single.length);
  return out;
}

/**
 * Evaluates `tasks` on `lm`: multiple-choice items by log-likelihood (acc, acc_norm), single-choice
 * items LAMBADA-style (greedy acc, perplexity), generation items greedily with chrF.
 * @example
 * const r = await evaluateTasks(lm, [{ name: "demo", items: DEMO_ITEMS }], { out: "runs/demo.jsonl" });
 * r.tasks[0].acc; r.tasks[0].byLang.fr.accNorm;
 */
export async function evaluateTasks(lm: LanguageModel, tasks: readonly EvalTask[], options: EvaluateOptions = {}): Promise<EvaluateResult> {
  const work: Work[] = [];
  for (const t of tasks) {
    const perLang = new Map<string, number>();
    t.items.forEach((item, index) => {
      const lang = item.lang ?? "";
      const seen = perLang.get(lang) ?? 0;
      if (options.limit !== undefined && seen >= options.limit) return;
      perLang.set(lang, seen + 1);
      work.push({ task: t.name, index, item });
    });
  }
  const temp = options.out === undefined ? join(tmpdir(), `yomikai-bloom-${process.pid}-${Date.now()}.jsonl`) : undefined;
  const out = options.out ?? (temp as string);
  const maxTokens = options.maxTokens ?? 64;
  const stop = options.stop ?? ["\n"];
  try {
    const r = await runItems<Work, ItemRecord>({
      out,
      items: work,
      key: (w) => `${w.task}/${w.index}`,
      settings: { model: lm.name, backend: lm.backend, vocabulary: lm.vocabularyFingerprint, maxTokens, stop },
      what: "bloom eval results",
      label: "score",
      detail: (w) => `${w.task}${w.item.lang ? ` ${w.item.lang}` : ""}`,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      run: async (w, { signal }) => {
        const base = { task: w.task, index: w.index, ...(w.item.lang ? { lang: w.item.lang } : {}) };
        if (isGeneration(w.item)) {
          const g = await generateItem(lm, w.item, { maxTokens, stop, signal });
          return { ...base, ...g };
        }
        return { ...base, ...(await scoreChoiceItem(lm, w.item, { signal })) };
      },
    });
    const failedByTask = new Map<string, number>();
    for (const f of r.failures) {
      const task = f.key.slice(0, f.key.lastIndexOf("/"));
      failedByTask.set(task, (failedByTask.get(task) ?? 0) + 1);
    }
    const scores: TaskScore[] = tasks.map((t) => {
      const lines = r.records.filter((l) => l.task === t.name);
      const byLang: Record<string, LangScore> = {};
      const langs = [...new Set(lines.map((l) => l.lang ?? ""))].filter(Boolean);
      for (const lang of langs) byLang[lang] = aggregate(lines.filter((l) => l.lang === lang));
      const all = aggregate(lines);
      return {
        name: t.name,
        ...all,
        byLang,
        failed: failedByTask.get(t.name) ?? 0,
        ...(t.items.some(isGeneration) ? { metric: "chrF" as const } : {}),
      };
    });
    const samples: SampleLine[] = r.records.map((l) =>
      l.stats
        ? {
            task: l.task,
            ...(l.lang ? { lang: l.lang } : {}),
            index: l.index,
            output: l.output as string,
            reference: l.reference as string,
            chrf: l.chrf as number,
          }
        : {
            task: l.task,
            ...(l.lang ? { lang: l.lang } : {}),
            index: l.index,
            scores: l.scores as number[],
            pred: l.pred as number,
            predNorm: l.predNorm as number,
            gold: l.gold as number,
            ...(l.greedy !== undefined ? { greedy: l.greedy } : {}),
          },
    );
    return { model: lm.name, tasks: scores, samples, counts: r.counts };
  } finally {
    if (temp) rmSync(temp, { force: true });
  }
}
