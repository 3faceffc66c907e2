/**
 * The contract between the web server and a system's page. A page lives in `src/web/pages/<slug>.ts`,
 * imports its system's public `index.ts`, and is listed in `src/web/pages/index.ts`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { OnProgress } from "../core/progress.js";
import type { ModelFolders } from "./modelFolders.js";

/** Input of a JSON API handler. */
export interface ApiInput {
  /** Query string of the request. */
  query: URLSearchParams;
  /** Parsed JSON body (POST), or undefined for GET. */
  body: unknown;
  /** Aborted when the client disconnects. */
  signal: AbortSignal;
  /**
   * The folders this server may open models from: check every model named in a request with
   * `models.check(ref, field)`. Always set by the server; absent only in direct calls (tests).
   */
  models?: ModelFolders;
  /**
   * Set when the page asked for a stream (`Accept: text/event-stream`): each event goes to the page as a
   * `progress` server-sent event, and the handler's value as the final `result` event.
   */
  onProgress?: OnProgress;
}

/** One system page of the web app. */
export interface WebPage {
  /** The system's slug, as in `papers.ts` (`"inference-planner"`); the page is served at `/<slug>`. */
  slug: string;
  /** Page title (English). */
  title: string;
  /** The page's HTML body (inside the shared layout). May include `<script type="module">`. */
  render(): string | Promise<string>;
  /**
   * JSON endpoints at `/api/<slug>/<name>` (GET or POST). Return a JSON-serialisable value; throw a
   * `YomikaiError` for a 400 with its one-line message.
   */
  api?: Record<string, (input: ApiInput) => Promise<unknown> | unknown>;
  /**
   * Largest accepted JSON body per API name, bytes. Defaults to 64 KiB; a bigger body gets 413 with a
   * one-line error before it is read.
   */
  bodyLimits?: Record<string, number>;
  /** Raw endpoints at `/api/<slug>/<name>` for streams (server-sent events) or binary bodies. */
  raw?: Record<string, (req: IncomingMessage, res: ServerResponse, query: URLSearchParams) => Promise<void>>;
}
