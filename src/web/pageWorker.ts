/**
 * The worker thread that runs the pages' CPU-heavy API calls (`WebPage.offThread`), so a long
 * computation never holds up other requests. It keeps its own caches between calls.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { ExternalError, YomikaiError } from "../core/errors.js";
import { RefusedRequest } from "./http.js";
import { ModelFolders } from "./modelFolders.js";
import { systemPages } from "./pages/index.js";

/** A call from the server. */
export interface WorkerCall {
  id: number;
  slug: string;
  name: string;
  query: string;
  body: unknown;
}

/** An error as it crosses the thread boundary. */
export interface WorkerError {
  message: string;
  code: string;
  kind: "refused" | "external" | "user" | "internal";
  status?: number;
}

function describe(err: unknown): WorkerError {
  if (err instanceof RefusedRequest) return { message: err.message, code: err.code, kind: "refused", status: err.status };
  if (err instanceof ExternalError) return { message: err.message, code: err.code, kind: "external" };
  if (err instanceof YomikaiError) return { message: err.message, code: err.code, kind: "user" };
  return { message: (err as Error)?.stack ?? String(err), code: "internal", kind: "internal" };
}

const port = parentPort;
if (port) {
  const models = new ModelFolders((workerData as { modelDirs: string[] }).modelDirs);
  port.on("message", async (call: WorkerCall) => {
    try {
      const fn = systemPages.find((p) => p.slug === call.slug)?.api?.[call.name];
      if (!fn) throw new Error(`No page API ${call.slug}/${call.name} in the worker.`);
      const value = await fn({ query: new URLSearchParams(call.query), body: call.body, signal: new AbortController().signal, models });
      port.postMessage({ id: call.id, ok: true, value });
    } catch (err) {
      port.postMessage({ id: call.id, ok: false, error: describe(err) });
    }
  });
}
