/**
 * Small HTTP pieces of the web server: JSON/HTML answers, a size-capped JSON body reader, and
 * {@link HttpError} for answers other than 400 (403, 413, 415).
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { InvalidInputError, YomikaiError } from "../core/errors.js";

/** A refusal with its HTTP status; its message is the one-line `error` of the JSON answer. */
export class HttpError extends YomikaiError {
  /** HTTP status, e.g. 403, 413, 415. */
  readonly status: number;
  constructor(status: number, message: string, code = "http") {
    super(message, { code });
    this.status = status;
  }
}

/** A model or file a page may not open (403): outside the demo folders and `yomikai serve --models` folders. */
export class ForbiddenError extends HttpError {
  constructor(message: string) {
    super(403, message, "forbidden");
  }
}

/** Sends `value` as JSON (never cached). */
export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(value));
}

/** Sends an HTML page. */
export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
  res.end(html);
}

const kib = (n: number) => (n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MiB` : `${+(n / 1024).toFixed(1)} KiB`);

/**
 * Reads a JSON request body of at most `limit` bytes. A declared `content-length` over the limit is
 * refused before a byte is read; a body that grows past it is refused as soon as it does (413).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const tooLarge = () => new HttpError(413, `Request body is larger than ${kib(limit)}, the limit of this API.`, "too-large");
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new InvalidInputError("Request body is not valid JSON.");
  }
}

/** True when the request declares a JSON body (`application/json`, any parameters). */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  return type === "application/json";
}
