/**
 * The resumable item runner: a list of work items with stable keys, one JSONL line per finished item,
 * finished items skipped on resume, a settings fingerprint so results of different settings never mix,
 * failures recorded on their own, Ctrl-C that finishes nothing half-way, progress with ETA, optional
 * concurrency (for HTTP backends) and sharding over machines.
 * @module
 */
import { createHash } from "node:crypto";
import { AbortedError, FileFormatError, InvalidInputError, UsageError, userMessage, YomikaiError } from "./errors.js";
import { JsonlAppender } from "./files.js";
import type { OnProgress } from "./progress.js";

/** A line of a runner's results file: the item's record plus its key and the settings fingerprint. */
export type RunnerLine<R> = R & { key: string; settings: string };

/** A failed item as stored in the results file (its own line) and returned. */
export interface RunnerFailure {
  key: string;
  settings: string;
  /** The one-line message of the error the item function threw. */
  error: string;
}

/** What the item function receives besides its item. */
export interface ItemContext {
  /** Fires on Ctrl-C / the caller's abort, or when another item failed fatally; pass it to long calls. */
  signal: AbortSignal;
  /** The item's index in {@link RunItemsOptions.items} (before sharding). */
  index: number;
}

/** Which slice of the items this machine runs: items whose index i has `i % count === index`. */
export interface Shard {
  index: number;
  count: number;
}

/** Options of {@link runItems}. `R` is the record an item produces (a JSON object). */
export interface RunItemsOptions<I, R extends object> {
  /** Results JSONL file; created when missing, resumed when present. */
  out: string;
  /** The work items, in the order results are returned. */
  items: readonly I[];
  /** The stable key of an item (unique among the items); it identifies the item's line on resume. */
  key: (item: I) => string;
  /**
   * Does one item and returns its record (a JSON object without the fields `key`, `settings` and
   * `error`, which the runner owns). Throwing marks the item failed (see {@link isFailure}); an
   * {@link AbortedError}, or any throw after the signal fired, writes nothing for the item.
   */
  run: (item: I, context: ItemContext) => Promise<R>;
  /**
   * Everything that changes the results (models, lengths, options) as a JSON value; its
   * {@link settingsFingerprint} is stored in every line and a file holding another one is refused.
   */
  settings: unknown;
  /**
   * Fingerprints of older writers that count as the same settings (e.g. a settings string stored
   * before this runner existed; `undefined` accepts lines without one). Defaults to none.
   */
  legacyFingerprints?: readonly (string | undefined)[];
  /** The key of a stored line that has no `key` field (files written before this runner). Defaults to none. */
  keyOf?: (line: Record<string, unknown>) => string | undefined;
  /** Extra check of a stored success line (e.g. that required fields exist); false refuses the file. Defaults to accepting any object. */
  isRecord?: (line: Record<string, unknown>) => boolean;
  /** What the file holds, for error messages, e.g. `"cd bench results"`. Defaults to `"results"`. */
  what?: string;
  /**
   * Whether an error the item function threw is recorded as that item's failure (true) or stops the
   * run (false). Defaults to every non-abort error being a failure.
   */
  isFailure?: (error: unknown) => boolean;
  /** Run items that failed in an earlier run again on resume. Defaults to `true`. */
  retryFailed?: boolean;
  /** Items run at once (for HTTP backends); results are keyed, returned in item order. Defaults to `1`. */
  concurrency?: number;
  /** Run only one slice of the items (several machines share a run). Defaults to all items. */
  shard?: Shard;
  /** The number an item is sharded by (e.g. the prompt's index when each prompt has several items). Defaults to its index. */
  shardOf?: (item: I, index: number) => number;
  /** Progress label. Defaults to `"items"`. */
  label?: string;
  /** Progress unit. Defaults to `"items"`. */
  unit?: string;
  /** A short description of an item for the progress line. Defaults to none. */
  detail?: (item: I) => string;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** What {@link runItems} returns. */
export interface RunItemsResult<R> {
  /** Successful records of this run's items (resumed and new), in item order. */
  records: RunnerLine<R>[];
  /** Successful records in the file whose keys are not among this run's items (other shards, longer runs). */
  others: RunnerLine<R>[];
  /** Items whose last attempt failed (this run or an earlier one not retried), in item order. */
  failures: RunnerFailure[];
  /** done: succeeded in this run; resumed: found finished in the file; failed: items in `failures`. */
  counts: { done: number; resumed: number; failed: number };
}

/** JSON with object keys sorted at every level, so equal settings always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A stable 16-hex-digit hash of a JSON settings value (key order does not matter). */
export function settingsFingerprint(settings: unknown): string {
  return createHash("sha256").update(canonicalJson(settings)).digest("hex").slice(0, 16);
}

/** Parses a `--shard i/n` flag (0-based i < n); a bad value is a one-line {@link UsageError}. */
export function parseShard(text: string, flag = "--shard"): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError(`${flag} must be i/n with 0 <= i < n, got "${text}".`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || err instanceof AbortedError || (err as Error | undefined)?.name === "AbortError";
}

/**
 * Runs (or resumes) work items into a JSONL results file. Each finished item is appended as one line
 * `{key, …record, settings}` (a failed one as `{key, settings, error}`), so an interrupted run loses at
 * most the items in flight; rerunning with the same settings skips finished items. A torn last line
 * (a crash mid-write) is repaired; any other bad line, or a line made with other settings, refuses the
 * file untouched with one line. On abort no new item starts, items in flight finish or are dropped
 * whole, and {@link AbortedError} is thrown (the CLI exits 130).
 *
 * @example
 * const r = await runItems({
 *   out: "runs/eval.jsonl",
 *   items: questions,
 *   key: (q) => q.id,
 *   settings: { model: lm.name, maxTokens: 64 },
 *   run: async (q, { signal }) => ({ answer: await lm.complete(q.prompt, { signal }) }),
 *   concurrency: 4,
 *   onProgress,
 *   signal,
 * });
 * console.log(`${r.counts.done} new, ${r.counts.resumed} resumed, ${r.counts.failed} failed`);
 */
export async function runItems<I, R extends object>(o: RunItemsOptions<I, R>): Promise<RunItemsResult<R>> {
  const what = o.what ?? "results";
  const fingerprint = settingsFingerprint(o.settings);
  const accepted = new Set<string | undefined>([fingerprint, ...(o.legacyFingerprints ?? [])]);
  const concurrency = o.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InvalidInputError(`concurrency must be a whole number >= 1, got ${concurrency}.`);
  const badLine = (n: number) => `line ${n} is not a result record; delete that line to resume, or pass a new --out file`;
  const keyOfLine = (line: Record<string, unknown>): string | undefined => (typeof line.key === "string" ? line.key : o.keyOf?.(line));
  const appender = await JsonlAppender.open<Record<string, unknown>>(o.out, {
    badLine,
    check: (line, n) => {
      const ok =
        line !== null &&
        typeof line === "object" &&
        !Array.isArray(line) &&
        keyOfLine(line) !== undefined &&
        (typeof line.error === "string" || (o.isRecord?.(line) ?? true));
      if (!ok) throw new FileFormatError(`${what} (JSONL)`, o.out, badLine(n));
      const settings = line.settings;
      if (!accepted.has(typeof settings === "string" ? settings : undefined))
        throw new InvalidInputError(
          `${o.out} holds results made with other settings (line ${n}: ${String(settings)}, now ${fingerprint}); rerun with the same flags to resume, or pass a new --out file.`,
        );
    },
  });

  // The last word per key wins, except that a success is never undone by a later failure line.
  const finished = new Map<string, RunnerLine<R>>();
  const failedBefore = new Map<string, RunnerFailure>();
  for (const line of appender.records) {
    const key = keyOfLine(line) as string;
    if (typeof line.error === "string") {
      if (!finished.has(key)) failedBefore.set(key, { key, settings: String(line.settings ?? fingerprint), error: line.error });
    } else if (!finished.has(key)) {
      finished.set(key, { ...line, key } as RunnerLine<R>);
      failedBefore.delete(key);
    }
  }

  const mine = o.items
    .map((item, index) => ({ item, index, key: o.key(item) }))
    .filter(({ item, index }) => !o.shard || (o.shardOf?.(item, index) ?? index) % o.shard.count === o.shard.index);
  const seen = new Set<string>();
  for (const { key } of mine) {
    if (seen.has(key)) throw new InvalidInputError(`Two work items share the key "${key}"; keys must be unique.`);
    seen.add(key);
  }
  const retry = o.retryFailed ?? true;
  const todo = mine.filter(({ key }) => !finished.has(key) && (retry || !failedBefore.has(key)));
  const resumed = mine.filter(({ key }) => finished.has(key)).length;
  const keptFailures = mine.length - todo.length - resumed;

  const label = o.label ?? "items";
  const unit = o.unit ?? "items";
  const total = mine.length;
  let progressed = resumed + keptFailures;
  o.onProgress?.({ kind: "start", label, total, unit });
  if (progressed > 0)
    o.onProgress?.({ kind: "step", label, done: progressed, total, unit, resumed: progressed, detail: `${resumed} resumed` });

  // Our own controller: the caller's abort, or a fatal error in one item, stops the others.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  if (o.signal?.aborted) controller.abort();
  const newResults = new Map<string, RunnerLine<R>>();
  const newFailures = new Map<string, RunnerFailure>();
  let fatal: { error: unknown } | undefined;
  let next = 0;
  const worker = async () => {
    while (!controller.signal.aborted && next < todo.length) {
      const { item, index, key } = todo[next++] as (typeof todo)[number];
      let line: RunnerLine<R> | RunnerFailure;
      try {
        const record = await o.run(item, { signal: controller.signal, index });
        line = { key, ...record, settings: fingerprint } as RunnerLine<R>;
      } catch (err) {
        if (isAbort(err, controller.signal)) return;
        if (!(o.isFailure?.(err) ?? true)) {
          fatal ??= { error: err };
          controller.abort();
          return;
        }
        const message = userMessage(err) ?? String((err as Error)?.message ?? err).split("\n")[0] ?? "";
        line = { key, settings: fingerprint, error: message };
      }
      try {
        await appender.append(line as unknown as Record<string, unknown>);
      } catch (err) {
        fatal ??= {
          error: new YomikaiError(
            `Cannot append to ${o.out} (${(err as NodeJS.ErrnoException).code ?? err}): check that the file is writable.`,
            { cause: err },
          ),
        };
        controller.abort();
        return;
      }
      const failed = "error" in line && typeof line.error === "string";
      if (failed) newFailures.set(key, line as RunnerFailure);
      else newResults.set(key, line as RunnerLine<R>);
      progressed++;
      const detail = [o.detail?.(item), failed ? "failed" : undefined].filter(Boolean).join(" ");
      o.onProgress?.({
        kind: "step",
        label,
        done: progressed,
        total,
        unit,
        resumed: resumed + keptFailures,
        ...(detail ? { detail } : {}),
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, todo.length)) }, worker));
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
  }
  if (fatal) throw fatal.error;
  if (o.signal?.aborted) throw new AbortedError();
  o.onProgress?.({ kind: "done", label });

  const records: RunnerLine<R>[] = [];
  const failures: RunnerFailure[] = [];
  for (const { key } of mine) {
    const r = finished.get(key) ?? newResults.get(key);
    if (r) records.push(r);
    else {
      const f = newFailures.get(key) ?? failedBefore.get(key);
      if (f) failures.push(f);
    }
  }
  const others = [...finished.values()].filter((r) => !seen.has(r.key));
  return { records, others, failures, counts: { done: newResults.size, resumed, failed: failures.length } };
}
