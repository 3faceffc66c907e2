/**
 * Bounded network waits through the CLI (issue 18 item 3): a server that accepts and never answers, and a
 * model URL that serves an HTML page with status 200, each on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import type { RequestListener } from "node:http";
import { join } from "node:path";
import { describe, test } from "node:test";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { runYomikai } from "../utils/cli.js";
import { serveLocal } from "../utils/httpServer.js";
import { tempDir } from "../utils/tmp.js";

const serve = async (handler: RequestListener) => (await serveLocal(handler)).url;

describe("network commands: --timeout and downloads that are not models", () => {
  test("citations fetch against a server that never answers fails within --timeout, in one line", async () => {
    const url = await serve(() => {}); // accepts, reads the request, never answers
    const dir = tempDir();
    const t0 = Date.now();
    const r = await runYomikai(
      ["citations", "fetch", "--source", "S1", "--out", join(dir, "w.jsonl"), "--api-url", url, "--no-cache", "--timeout", "1"],
      { timeoutMs: 30_000 },
    );
    const took = Date.now() - t0;
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.match(
      lines.at(-1) ?? "",
      /^yomikai: OpenAlex at http:\/\/127\.0\.0\.1:\d+: no answer within 1 s; raise --timeout, or rerun later/,
    );
    assert.ok(took < 15_000, `took ${took} ms`);
    assert.equal(existsSync(join(dir, "w.jsonl")), false);
  });

  test("cd generate with a URL serving an HTML page (status 200) fails in one line and caches nothing", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!doctype html><title>Sign in</title>");
    });
    const dir = tempDir();
    const models = writeTinyModels(join(dir, "models"));
    const cache = join(dir, "cache");
    const r = await runYomikai(
      ["cd", "generate", "--expert", `${url}/gpt2.gguf`, "--amateur", models.amateur, "--prompt", "x", "--timeout", "2"],
      { env: { YOMIKAI_CACHE: cache }, timeoutMs: 30_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr.trim().split("\n").at(-1),
      `yomikai: ${url}/gpt2.gguf is a web page, not a model file (a login, error or landing page?); it was not kept. Check the address, or copy the file and pass its path.`,
    );
    const leftovers = existsSync(cache)
      ? readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith(".gguf") || String(f).endsWith(".part"))
      : [];
    assert.deepEqual(leftovers, []);
  });

  test("cd generate against a model URL that never answers fails within --timeout", async () => {
    const url = await serve(() => {});
    const dir = tempDir();
    const t0 = Date.now();
    const r = await runYomikai(
      ["cd", "generate", "--expert", `${url}/m.gguf`, "--amateur", `${url}/m.gguf`, "--prompt", "x", "--timeout", "1"],
      { env: { YOMIKAI_CACHE: join(dir, "cache") }, timeoutMs: 30_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr.trim().split("\n").at(-1) ?? "",
      /^yomikai: http:\/\/127\.0\.0\.1:\d+\/m\.gguf: no answer within 1 s; raise --timeout$/,
    );
    assert.ok(Date.now() - t0 < 15_000);
  });
});
