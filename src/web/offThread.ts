/**
 * Runs page API calls on one worker thread ({@link PageWorker}): the server hands it the calls a page
 * lists in `WebPage.offThread`, and keeps answering everything else meanwhile.
 * @module
 */
import { Worker } from "node:worker_threads";
import { ExternalError, YomikaiError } from "../core/errors.js";
import { RefusedRequest } from "./http.js";
import type { WorkerCall, WorkerError } from "./pageWorker.js";

function rebuild(e: WorkerError): Error {
  if (e.kind === "refused") return new RefusedRequest(e.status ?? 400, e.message, e.code);
  if (e.kind === "external") return new ExternalError(e.message);
  if (e.kind === "user") return new YomikaiError(e.message, { code: e.code });
  return new Error(e.message);
}

/** One lazily started worker thread for the pages' heavy calls; calls queue on it. */
export class PageWorker {
  private worker: Worker | undefined;
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  /** @param modelDirs - The server's `--models` folders, for the worker's model checks. */
  constructor(private readonly modelDirs: readonly string[]) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    // The built server runs pageWorker.js; under the TypeScript loader (tests) the .ts source.
    const source = import.meta.url.endsWith(".ts");
    const entry = new URL(`./pageWorker${source ? ".ts" : ".js"}`, import.meta.url);
    // Under the TypeScript loader (tests, `tsx`), the worker registers it before loading the source.
    const url = source
      ? new URL(
          `data:text/javascript,${encodeURIComponent(
            `import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(entry.href)});`,
          )}`,
        )
      : entry;
    const worker = new Worker(url, { workerData: { modelDirs: [...this.modelDirs] } });
    worker.unref();
    worker.on("message", (m: { id: number; ok: boolean; value?: unknown; error?: WorkerError }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(rebuild(m.error as WorkerError));
    });
    const fail = (err: Error) => {
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`The page worker stopped (exit ${code}).`)));
    this.worker = worker;
    return worker;
  }

  /** Runs page `slug`'s API `name` on the worker. */
  run(slug: string, name: string, query: URLSearchParams, body: unknown): Promise<unknown> {
    const worker = this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, slug, name, query: query.toString(), body } satisfies WorkerCall);
    });
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
