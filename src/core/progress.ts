/**
 * Progress as events that someone else renders. Library code calls `onProgress(event)`; the CLI draws a
 * bar on stderr ({@link createCliProgress}); the web app forwards events; tests check the invariants.
 * @module
 */

/** One progress event. `label` names the unit of work ("download", "games", "denoise"). */
export type ProgressEvent =
  | { kind: "start"; label: string; total?: number; unit?: string }
  | {
      kind: "step";
      label: string;
      done: number;
      total?: number;
      unit?: string;
      detail?: string;
      /** Steps of `done` finished before this run started (resumed); the ETA counts only the others. */
      resumed?: number;
    }
  | { kind: "download"; label: string; file: string; loaded: number; total?: number }
  | { kind: "log"; label: string; message: string }
  | { kind: "done"; label: string };

/** Callback form accepted by every long-running library call. */
export type OnProgress = (event: ProgressEvent) => void;

/** A small event hub for library callers that want several subscribers. */
export class ProgressEmitter {
  private readonly listeners = new Set<OnProgress>();
  /** Subscribes; returns the unsubscribe function. */
  on(listener: OnProgress): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** Sends one event to every subscriber. */
  emit(event: ProgressEvent): void {
    for (const l of this.listeners) l(event);
  }
  /** This emitter as a plain callback, to hand to a library call. */
  get callback(): OnProgress {
    return (event) => this.emit(event);
  }
}

/**
 * A helper for library code: counts steps of one labelled task and emits start/step/done.
 * @example const p = progressTask(onProgress, "games", 20); p.tick(); p.done();
 */
export function progressTask(onProgress: OnProgress | undefined, label: string, total?: number, unit?: string) {
  let done = 0;
  onProgress?.({ kind: "start", label, ...(total === undefined ? {} : { total }), ...(unit ? { unit } : {}) });
  const step = (detail?: string) =>
    onProgress?.({
      kind: "step",
      label,
      done,
      ...(total === undefined ? {} : { total }),
      ...(unit ? { unit } : {}),
      ...(detail ? { detail } : {}),
    });
  return {
    /** Advances by `n` (default 1) and emits a step event. */
    tick(n = 1, detail?: string) {
      done += n;
      step(detail);
    },
    /** Sets the absolute count (never lower than before) and emits a step event. */
    set(value: number, detail?: string) {
      done = Math.max(done, value);
      step(detail);
    },
    /** Emits the done event. */
    done() {
      onProgress?.({ kind: "done", label });
    },
  };
}

/** Options of {@link createCliProgress}. */
export interface CliProgressOptions {
  /** Stream to draw on. Defaults to `process.stderr`. */
  stream?: NodeJS.WriteStream;
  /** Draw nothing at all (the CLI's `--json` mode). Defaults to `false`. */
  silent?: boolean;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return `${v.toFixed(1)} ${units[u]}`;
}

/**
 * A progress renderer for terminals: one bar per label on stderr, redrawn in place on a TTY; on a
 * non-TTY stream only start/done lines (so logs stay readable); nothing when `silent`.
 */
export function createCliProgress(options: CliProgressOptions = {}): OnProgress {
  const stream = options.stream ?? process.stderr;
  if (options.silent) return () => {};
  const tty = Boolean(stream.isTTY);
  const started = new Map<string, number>();
  let lastDraw = 0;
  let drawn = false;
  const clear = () => {
    if (tty && drawn) {
      stream.write("\r\x1b[2K");
      drawn = false;
    }
  };
  return (event) => {
    const now = Date.now();
    switch (event.kind) {
      case "start":
        started.set(event.label, now);
        if (!tty) stream.write(`${event.label}: started${event.total ? ` (${event.total}${event.unit ? ` ${event.unit}` : ""})` : ""}\n`);
        break;
      case "log":
        clear();
        stream.write(`${event.message}\n`);
        break;
      case "done": {
        clear();
        const t0 = started.get(event.label);
        stream.write(`${event.label}: done${t0 ? ` in ${((now - t0) / 1000).toFixed(1)} s` : ""}\n`);
        break;
      }
      case "step":
      case "download": {
        if (!tty) return;
        const done = event.kind === "step" ? event.done : event.loaded;
        const total = event.total;
        const final = total !== undefined && done >= total;
        if (!final && now - lastDraw < 80) return;
        lastDraw = now;
        const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 50));
        const frac = total ? Math.min(1, done / total) : 0;
        const bar = total ? `[${"#".repeat(Math.round(frac * width)).padEnd(width, ".")}] ${(frac * 100).toFixed(0).padStart(3)}%` : "";
        const t0 = started.get(event.label) ?? now;
        const elapsed = (now - t0) / 1000;
        // The rate (and so the ETA) comes from this run's steps only, not from resumed ones.
        const before = event.kind === "step" ? (event.resumed ?? 0) : 0;
        const fresh = total ? (done - before) / Math.max(1, total - before) : 0;
        const eta = total && fresh > 0 && frac < 1 ? ` eta ${((elapsed / fresh) * (1 - fresh)).toFixed(0)}s` : "";
        const count =
          event.kind === "download"
            ? `${formatBytes(done)}${total ? `/${formatBytes(total)}` : ""}`
            : `${done}${total ? `/${total}` : ""}${event.unit ? ` ${event.unit}` : ""}`;
        const detail = event.kind === "step" && event.detail ? ` ${event.detail}` : "";
        const line = `${event.label} ${bar} ${count}${eta}${detail}`;
        stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 120) - 1)}`);
        drawn = true;
        break;
      }
    }
  };
}
