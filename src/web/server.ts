/**
 * The web app's HTTP server (node:http, no framework): the reading-session index, one page per
 * system, and a small JSON API. Binds 127.0.0.1 by default.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ExternalError, YomikaiError } from "../core/errors.js";
import { papers } from "../papers.js";
import { papersJson } from "../registry.js";
import { renderIndexPage } from "./indexPage.js";
import { renderLayout } from "./layout.js";
import { systemPages } from "./pages/index.js";
import type { WebPage } from "./types.js";

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Port; 0 picks a free one. Defaults to `8080`. */
  port?: number;
  /** Address to bind. Defaults to `"127.0.0.1"`. */
  host?: string;
  /** System pages to serve. Defaults to every registered page. */
  pages?: readonly WebPage[];
  /** Largest accepted request body, bytes. Defaults to 32 MiB (image uploads). */
  maxBodyBytes?: number;
}

/** A running server. */
export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(body);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new YomikaiError(`Request body is larger than ${limit} bytes.`, { code: "too-large" });
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new YomikaiError("Request body is not valid JSON.", { code: "bad-request" });
  }
}

/** Starts the server and resolves once it listens. */
export function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const pages = options.pages ?? systemPages;
  const host = options.host ?? "127.0.0.1";
  const limit = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      if (path === "/" && req.method === "GET") return sendHtml(res, 200, renderIndexPage(pages));
      if (path === "/api/papers") return sendJson(res, 200, papersJson(pages.map((p) => p.slug)));
      if (path === "/healthz") return sendJson(res, 200, { ok: true });
      const api = /^\/api\/([a-z0-9-]+)\/([a-zA-Z0-9-]+)$/.exec(path);
      if (api) {
        const page = pages.find((p) => p.slug === api[1]);
        const name = api[2] as string;
        const raw = page?.raw?.[name];
        if (raw) return await raw(req, res, url.searchParams);
        const fn = page?.api?.[name];
        if (!fn) return sendJson(res, 404, { error: `No API ${path}.` });
        const body = req.method === "POST" ? await readBody(req, limit) : undefined;
        return sendJson(res, 200, await fn({ query: url.searchParams, body, signal: controller.signal }));
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
      else reject(err);
    });
    server.listen(options.port ?? 8080, host, () => {
      const addr = server.address() as AddressInfo;
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
