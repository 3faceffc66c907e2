import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { serveLocal } from "../../test/utils/httpServer.js";
import { tempDir } from "../../test/utils/tmp.js";
import { AbortedError } from "./errors.js";
import { downloadFile, fetchJson, HttpError, httpRequest, retryAfterMs } from "./http.js";
import type { ProgressEvent } from "./progress.js";

const serve = serveLocal;
const oneLine = (e: unknown) => e instanceof Error && !e.message.includes("\n");

describe("httpRequest", () => {
  test("a server that accepts and never answers fails within the timeout, in one line", async () => {
    const { url } = await serve(() => {}); // reads the request, never answers
    const t0 = Date.now();
    await assert.rejects(
      httpRequest(`${url}/works`, { timeoutMs: 300 }),
      (e: unknown) =>
        e instanceof HttpError &&
        e.kind === "timeout" &&
        oneLine(e) &&
        e.message === `${url}/works: no answer within 0.3 s; raise --timeout`,
    );
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  });

  test("an answer that stalls mid-body fails with the stall timeout", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      res.write('{"results": [');
    });
    const res = await httpRequest(url, { timeoutMs: 2000, stallMs: 300 });
    const t0 = Date.now();
    await assert.rejects(
      res.text(),
      (e: unknown) =>
        e instanceof HttpError && e.kind === "stall" && oneLine(e) && /stopped for 0\.3 s mid-way; raise --timeout/.test(e.message),
    );
    assert.ok(Date.now() - t0 < 5000);
  });

  test("429 then success: retried after Retry-After, with onRetry told", async () => {
    let n = 0;
    const { url } = await serve((_req, res) => {
      n++;
      if (n === 1) {
        res.writeHead(429, { "retry-after": "0" });
        res.end("slow down");
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ok": true}');
      }
    });
    const retries: string[] = [];
    const body = await fetchJson<{ ok: boolean }>(url, { backoffMs: 5000, onRetry: (r) => retries.push(`${r.problem} ${r.delayMs}`) });
    assert.deepEqual(body, { ok: true });
    assert.deepEqual(retries, ["HTTP 429: slow down 0"]);
  });

  test("5xx until the tries run out: status and a body excerpt, one line; 4xx is returned, not retried", async () => {
    let n = 0;
    const { url } = await serve((req, res) => {
      n++;
      if (req.url === "/missing") {
        res.writeHead(404);
        res.end("no such thing");
        return;
      }
      res.writeHead(503);
      res.end(`<html>\n  <body>${"busy ".repeat(100)}</body>\n</html>`);
    });
    await assert.rejects(
      httpRequest(url, { retries: 2, backoffMs: 1 }),
      (e: unknown) =>
        e instanceof HttpError &&
        e.status === 503 &&
        oneLine(e) &&
        /^http:.*: HTTP 503: <html> <body>busy busy .*… \(after 3 attempts\)\.$/.test(e.message),
    );
    assert.equal(n, 3);
    const missing = await httpRequest(`${url}/missing`, { retries: 2, backoffMs: 1 });
    assert.equal(missing.status, 404);
    assert.equal(n, 4);
    await assert.rejects(missing.assertOk(), /missing: HTTP 404: no such thing\.$/);
  });

  test("refused connections, reserved ports and bad JSON are one-line errors", async () => {
    const probe = await serve(() => {});
    const port = new URL(probe.url).port;
    await new Promise((r) => probe.server.close(r));
    await assert.rejects(
      httpRequest(`http://127.0.0.1:${port}/x`, { retries: 1, backoffMs: 1 }),
      (e: unknown) =>
        e instanceof HttpError &&
        e.kind === "refused" &&
        e.message ===
          `http://127.0.0.1:${port}/x: connection refused (after 2 attempts); check that the server is running and the address is right.`,
    );
    const t0 = Date.now();
    await assert.rejects(
      httpRequest("http://127.0.0.1:9/", { retries: 3, backoffMs: 1000 }),
      (e: unknown) =>
        e instanceof HttpError && e.kind === "bad-port" && /port 9 is reserved and fetch refuses it; use another port/.test(e.message),
    );
    assert.ok(Date.now() - t0 < 900, "a reserved port is not retried");
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><p>Sign in</p>");
    });
    await assert.rejects(
      fetchJson(url),
      (e: unknown) =>
        e instanceof HttpError &&
        e.kind === "not-json" &&
        /answered with something that is not JSON \("<!doctype html><p>Sign in/.test(e.message),
    );
  });

  test("an unknown host is a DNS error, not retried", async () => {
    await assert.rejects(httpRequest("http://nosuchhost.invalid/", { retries: 3, backoffMs: 2000, timeoutMs: 5000 }), (e: unknown) => {
      assert.ok(e instanceof HttpError && oneLine(e), String(e));
      assert.match(e.message, /nosuchhost\.invalid/);
      return true;
    });
  });

  test("the caller's signal aborts a waiting request and a backoff", async () => {
    const { url } = await serve(() => {});
    const c = new AbortController();
    setTimeout(() => c.abort(), 100);
    await assert.rejects(httpRequest(url, { timeoutMs: 10_000, signal: c.signal }), AbortedError);
    let n = 0;
    const c2 = new AbortController();
    const busy = await serve((_req, res) => {
      n++;
      res.writeHead(503);
      res.end();
      setTimeout(() => c2.abort(), 50); // during the 10 s backoff after this answer
    });
    const t0 = Date.now();
    await assert.rejects(httpRequest(busy.url, { backoffMs: 10_000, signal: c2.signal }), AbortedError);
    assert.ok(Date.now() - t0 < 5000, "the backoff was not cut short");
    assert.equal(n, 1);
  });

  test("Retry-After in seconds or as a date", () => {
    assert.equal(retryAfterMs("3"), 3000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(retryAfterMs("soon"), undefined);
  });
});

describe("downloadFile", () => {
  const gguf = Buffer.concat([Buffer.from("GGUF"), Buffer.alloc(4000, 7)]);
  const isModel = (head: Uint8Array, type: string | null) =>
    type?.includes("text/html") || Buffer.from(head).toString("latin1").startsWith("<")
      ? "is a web page, not a model file"
      : head.length && Buffer.from(head).toString("latin1", 0, 4) !== "GGUF"
        ? "is not a GGUF model file"
        : undefined;

  test("streams with progress into the cache and reuses it", async () => {
    let n = 0;
    const { url } = await serve((_req, res) => {
      n++;
      res.writeHead(200, { "content-length": String(gguf.length) });
      res.write(gguf.subarray(0, 1000));
      setTimeout(() => res.end(gguf.subarray(1000)), 20);
    });
    const dest = join(tempDir(), "m", "model.gguf");
    const events: ProgressEvent[] = [];
    assert.equal(await downloadFile(`${url}/model.gguf`, dest, { check: isModel, onProgress: (e) => events.push(e) }), dest);
    const last = events.filter((e) => e.kind === "download").at(-1);
    assert.deepEqual(last, { kind: "download", label: "download", file: "model.gguf", loaded: gguf.length, total: gguf.length });
    await downloadFile(`${url}/model.gguf`, dest, { check: isModel });
    assert.equal(n, 1);
  });

  test("an HTML page served with status 200 is never kept in the cache", async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Log in</title>");
    });
    const dir = tempDir();
    const dest = join(dir, "model.gguf");
    await assert.rejects(
      downloadFile(`${url}/model.gguf`, dest, { check: isModel }),
      (e: unknown) => oneLine(e) && /model\.gguf is a web page, not a model file; it was not kept/.test((e as Error).message),
    );
    assert.deepEqual(readdirSync(dir), []);
    const text = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end("not a model at all");
    });
    await assert.rejects(downloadFile(`${text.url}/model.gguf`, dest, { check: isModel }), /is not a GGUF model file; it was not kept/);
    assert.deepEqual(readdirSync(dir), []);
    // A bad file already in the cache (from an older version) is replaced, not used.
    writeFileSync(dest, "<html>old</html>");
    const good = await serve((_req, res) => res.end(gguf));
    await downloadFile(`${good.url}/model.gguf`, dest, { check: isModel });
    assert.equal(existsSync(`${dest}.part`), false);
  });

  test("a download that stalls fails in one line and resumes with a Range request", async () => {
    const ranges: (string | undefined)[] = [];
    const { url } = await serve((req, res) => {
      ranges.push(req.headers.range);
      if (!req.headers.range) {
        res.writeHead(200, { "content-length": String(gguf.length) });
        res.write(gguf.subarray(0, 1500)); // then nothing
        return;
      }
      const from = Number(/bytes=(\d+)-/.exec(req.headers.range)?.[1]);
      res.writeHead(206, { "content-length": String(gguf.length - from) });
      res.end(gguf.subarray(from));
    });
    const dest = join(tempDir(), "model.gguf");
    await assert.rejects(
      downloadFile(`${url}/model.gguf`, dest, { check: isModel, timeoutMs: 300 }),
      (e: unknown) =>
        oneLine(e) &&
        /broke off at 1500 bytes \(the answer stopped for 0\.3 s mid-way; raise --timeout\); run again to resume/.test(
          (e as Error).message,
        ),
    );
    await downloadFile(`${url}/model.gguf`, dest, { check: isModel, timeoutMs: 300 });
    assert.deepEqual(ranges, [undefined, "bytes=1500-"]);
  });
});
