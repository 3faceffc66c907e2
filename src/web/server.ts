/**
 * The web app's HTTP server (node:http, no framework): the reading-session index, one page per
 * system, the shared browser script and a small JSON API. Binds 127.0.0.1 by default and trusts no
 * caller: a foreign Host or Origin gets 403, a POST that is not `application/json` 415, a body over the
 * API's limit 413, and pages open models only from the demo folder and the `--models` folders.
 * @module
 */

import type { Server } from "node:http";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ExternalError, YomikaiError } from "../core/errors.js";
import { papers } from "../papers.js";
import { papersJson } from "../registry.js";
import { CLIENT_SCRIPT } from "./client/yomikai.js";
import { FAVICON_SVG } from "./favicon.js";
import { HttpError, isJsonRequest, readJsonBody, sendHtml, sendJson } from "./http.js";
import { renderIndexPage } from "./indexPage.js";
import { renderLayout } from "./layout.js";
import { ModelFolders } from "./modelFolders.js";
import { allowedHosts, foreignRequest } from "./origin.js";
import { systemPages } from "./pages/index.js";
import { streamJob } from "./sse.js";
import type { WebPage } from "./types.js";

/** Largest JSON body of an API that declares no limit of its own (`WebPage.bodyLimits`), bytes. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Port; 0 picks a free one. Defaults to `8080`. */
  port?: number;
  /** Address to bind. Defaults to `"127.0.0.1"`. */
  host?: string;
  /** System pages to serve. Defaults to every registered page. */
  pages?: readonly WebPage[];
  /**
   * Largest JSON body of an API without its own `bodyLimits` entry, bytes. Defaults to
   * {@link DEFAULT_BODY_LIMIT} (64 KiB).
   */
  maxBodyBytes?: number;
  /**
   * Folders pages may open models from, besides the demo folder (`yomikai serve --models DIR`).
   * Defaults to none.
   */
  modelDirs?: readonly string[];
}

/** A running server. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the server and resolves once it listens. */
export function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const pages = options.pages ?? systemPages;
  const host = options.host ?? "127.0.0.1";
  const limit = options.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
  const models = new ModelFolders(options.modelDirs ?? []);
  let hosts: ReadonlySet<string> = new Set();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const foreign = foreignRequest(req, hosts);
      if (foreign) throw new HttpError(403, foreign, "forbidden");
      if (path === "/" && req.method === "GET") return sendHtml(res, 200, renderIndexPage(pages));
      if (path === "/api/papers") return sendJson(res, 200, papersJson(pages.map((p) => p.slug)));
      if (path === "/healthz") return sendJson(res, 200, { ok: true });
      if (path === "/assets/yomikai.js") {
        res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" });
        return res.end(CLIENT_SCRIPT);
      }
      if (path === "/favicon.ico" || path === "/favicon.svg") {
        res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "max-age=86400" });
        return res.end(FAVICON_SVG);
      }
      const api = /^\/api\/([a-z0-9-]+)\/([a-zA-Z0-9-]+)$/.exec(path);
      if (api) {
        const page = pages.find((p) => p.slug === api[1]);
        const name = api[2] as string;
        const raw = page?.raw?.[name];
        const fn = page?.api?.[name];
        if (!raw && !fn) return sendJson(res, 404, { error: `No API ${path}.` });
        if (req.method === "POST" && !isJsonRequest(req))
          throw new HttpError(415, "POST bodies must be JSON: send the header content-type: application/json.", "unsupported-media-type");
        if (raw) return await raw(req, res, url.searchParams);
        const body = req.method === "POST" ? await readJsonBody(req, page?.bodyLimits?.[name] ?? limit) : undefined;
        const input = { query: url.searchParams, body, signal: controller.signal, models };
        if (/text\/event-stream/.test(req.headers.accept ?? ""))
          return await streamJob(res, (progress) => Promise.resolve(fn?.({ ...input, onProgress: progress })));
        return sendJson(res, 200, await fn?.(input));
      }
      const page = pages.find((p) => `/${p.slug}` === path);
      if (page && req.method === "GET") {
        const paper = papers.find((p) => p.slug === page.slug);
        return sendHtml(
          res,
          200,
          renderLayout({ title: paper ? `${paper.number}. ${page.title}` : page.title, body: await page.render(), lang: "en" }),
        );
      }
      return sendHtml(
        res,
        404,
        renderLayout({ title: "Not found", body: `<h1>Not found</h1><p><a href="/">Back to the reading session</a></p>`, lang: "en" }),
      );
    } catch (err) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (err instanceof HttpError) {
        // A refused body is not read: close the connection rather than wait for the rest of it.
        const close: Record<string, string> = err.status === 413 ? { connection: "close" } : {};
        sendJson(res, err.status, { error: err.message, code: err.code }, close);
        if (err.status === 413) req.resume();
        return;
      }
      if (err instanceof YomikaiError)
        return sendJson(res, err instanceof ExternalError ? 502 : 400, { error: err.message, code: err.code });
      process.stderr.write(`yomikai serve: internal error on ${req.method} ${path}: ${(err as Error)?.stack ?? String(err)}\n`);
      return sendJson(res, 500, { error: "Internal error; see the server log." });
    }
  };
  const server = createServer((req, res) => {
    void handle(req, res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE")
        reject(
          new YomikaiError(`Port ${options.port} on ${host} is in use: pick another with --port, or --port 0 for any free one.`, {
            cause: err,
          }),
        );
      else if (err.code === "EADDRNOTAVAIL")
        reject(new YomikaiError(`Cannot bind ${host}: use an address of this machine, such as 127.0.0.1.`, { cause: err }));
      else if (err.code === "ENOTFOUND" || err.code === "EAI_AGAIN" || err.code === "EAI_NONAME")
        reject(new YomikaiError(`Cannot resolve --host ${host}: use an address of this machine, such as 127.0.0.1.`, { cause: err }));
      else if (err.code === "EACCES")
        reject(new YomikaiError(`Port ${options.port} needs extra privileges: pick one above 1023 with --port.`, { cause: err }));
      else reject(err);
    });
    server.listen(options.port ?? 8080, host, () => {
      const addr = server.address() as AddressInfo;
      hosts = allowedHosts(host, addr.address, addr.port);
      const shownHost = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
