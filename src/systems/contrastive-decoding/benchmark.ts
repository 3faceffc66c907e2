/**
 * The open-ended generation benchmark: CD and the expert-only baselines on a prompt set, each result
 * appended to a resumable JSONL file (shardable by item), then rep-n, diversity, MAUVE and coherence per
 * method in a comparison table.
 * @module
 */
import { dirname, join } from "node:path";
import { type OnProgress, progressTask, runItems, writeFileAtomic, writeJsonAtomic } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import { markdownTable } from "../../report/index.js";
import { BASELINES, type BaselineName, decodeBaseline } from "./baselines.js";
import type { PromptItem } from "./datasets.js";
import { type ContrastiveOptions, generateContrastive } from "./decode.js";
import { coherence, mauve, repetitionStats } from "./metrics.js";

/** One line of the results file. */
export interface BenchRecord {
  id: string;
  method: string;
  prompt: string;
  reference: string;
  text: string;
  tokens: number[];
  seed: number | string;
  /** The settings the text was made with (models, maxTokens, CD options); a resume must match them. */
  settings?: string;
}

/** Per-method metrics. */
export interface MethodSummary {
  method: string;
  n: number;
  rep2: number;
  rep3: number;
  rep4: number;
  diversity: number;
  mauve: number | null;
  coherence: number | null;
}

/** Options of {@link runBenchmark}. */
export interface BenchmarkOptions {
  expert: LanguageModel;
  amateur: LanguageModel;
  items: readonly PromptItem[];
  /** Results JSONL; existing (id, method) records are kept and skipped. */
  out: string;
  /** Methods to run. Defaults to `["cd", "greedy", "top-k", "nucleus", "typical"]`. */
  methods?: readonly string[];
  /** CD settings (α, τ, beams, …). */
  cd?: ContrastiveOptions;
  /** Tokens per continuation. Defaults to `256`. */
  maxTokens?: number;
  /** Seed of the samplers (recorded per record). Defaults to `0`. */
  seed?: number | string;
  /** Embedding model for MAUVE and coherence; without one those columns are null. */
  embedder?: LanguageModel;
  /** Only items whose index i satisfies i % shards === shard (several machines share a run). */
  shard?: { index: number; count: number };
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link runBenchmark} returns; also written next to `out` as `.summary.json` and `.md`. */
export interface BenchmarkResult {
  summaries: MethodSummary[];
  table: string;
  records: number;
  skipped: number;
}

export const DEFAULT_METHODS = ["cd", ...BASELINES] as const;

/** Runs (or resumes) the benchmark, then scores every method. */
export async function runBenchmark(o: BenchmarkOptions): Promise<BenchmarkResult> {
  const methods = o.methods ?? DEFAULT_METHODS;
  const seed = o.seed ?? 0;
  const maxTokens = o.maxTokens ?? 256;
  const { signal: _signal, maxTokens: _maxTokens, ...cdSettings } = o.cd ?? {};
  const settings = { expert: o.expert.name, amateur: o.amateur.name, maxTokens, cd: cdSettings };
  const work = o.items.flatMap((item, i) => methods.map((method) => ({ item, i, method })));
  const run = await runItems<(typeof work)[number], Omit<BenchRecord, "settings">>({
    out: o.out,
    what: "cd bench results",
    items: work,
    key: ({ item, method }) => `${method}:${item.id}`,
    // Files written before the shared runner: no key field, the settings as a JSON string (or none).
    keyOf: (line) => (typeof line.method === "string" && typeof line.id === "string" ? `${line.method}:${line.id}` : undefined),
    legacyFingerprints: [JSON.stringify(settings), undefined],
    isRecord: (line) => typeof line.id === "string" && typeof line.method === "string" && typeof line.text === "string",
    isFailure: () => false,
    settings,
    ...(o.shard ? { shard: o.shard, shardOf: ({ i }: { i: number }) => i } : {}),
    label: "generate",
    unit: "runs",
    detail: ({ method }) => method,
    run: async ({ item, method }, { signal }) => {
      const r =
        method === "cd"
          ? await generateContrastive(o.expert, o.amateur, item.prompt, { ...o.cd, maxTokens, seed, signal })
          : await decodeBaseline(o.expert, item.prompt, method as BaselineName, {
              maxTokens,
              seed,
              stopAtEos: o.cd?.stopAtEos ?? true,
              signal,
            });
      return { id: item.id, method, prompt: item.prompt, reference: item.reference, text: r.text, tokens: r.tokens, seed };
    },
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const records: BenchRecord[] = [...run.records, ...run.others];
  const skipped = run.counts.resumed;
  const summaries = await summarize(records, methods, o.embedder, o.onProgress, o.signal);
  const table = summaryTable(summaries);
  const base = join(
    dirname(o.out),
    o.out
      .split("/")
      .pop()
      ?.replace(/\.jsonl$/, "") ?? "results",
  );
  await writeJsonAtomic(`${base}.summary.json`, { seed, maxTokens, methods, cd: o.cd ?? {}, summaries });
  await writeFileAtomic(`${base}.md`, `${table}\n`);
  return { summaries, table, records: records.length, skipped };
}

/** The comparison table (markdown) of per-method metrics; `label` replaces the method name in the first column. */
export function summaryTable(summaries: readonly (MethodSummary & { label?: string })[], header = "method"): string {
  return markdownTable(
    [header, "n", "rep-2", "rep-3", "rep-4", "diversity", "MAUVE", "coherence"],
    summaries.map((s) => [
      s.label ?? s.method,
      s.n,
      s.rep2.toFixed(2),
      s.rep3.toFixed(2),
      s.rep4.toFixed(2),
      s.diversity.toFixed(3),
      s.mauve === null ? "–" : s.mauve.toFixed(3),
      s.coherence === null ? "–" : s.coherence.toFixed(3),
    ]),
  );
}

/** Scores the records of each method. MAUVE compares generations with the references of the same items. */
export async function summarize(
  records: readonly BenchRecord[],
  methods: readonly string[],
  embedder?: LanguageModel,
  onProgress?: OnProgress,
  signal?: AbortSignal,
): Promise<MethodSummary[]> {
  const cache = new Map<string, Float32Array>();
  const embed = async (text: string) => {
    let v = cache.get(text);
    if (!v && embedder) {
      v = await embedder.embed(text, signal ? { signal } : {});
      cache.set(text, v);
    }
    return v as Float32Array;
  };
  const task = progressTask(onProgress, "score", methods.length, "methods");
  const out: MethodSummary[] = [];
  for (const method of methods) {
    const rs = records.filter((r) => r.method === method);
    const rep = repetitionStats(rs.map((r) => r.text));
    let mv: number | null = null;
    let coh: number | null = null;
    if (embedder && rs.length > 0) {
      const refs = rs.filter((r) => r.reference.trim());
      if (refs.length > 0) {
        const p: Float32Array[] = [];
        for (const r of refs) p.push(await embed(r.reference));
        const q: Float32Array[] = [];
        for (const r of rs) q.push(await embed(r.text || " "));
        mv = mauve(p, q);
      }
      coh = await coherence(
        embedder,
        rs.map((r) => ({ prompt: r.prompt, continuation: r.text || " " })),
        signal,
      );
    }
    out.push({ method, n: rs.length, ...rep, mauve: mv, coherence: coh });
    task.tick();
  }
  task.done();
  return out;
}
