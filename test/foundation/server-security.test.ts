// The server trusts no one (issue 18 items 4, 5, 7): foreign Host/Origin → 403, non-JSON POST → 415,
// bodies over the route's cap → 413, models only from the demo folder and --models folders, no file
// content echoed, bounded Go replays, and /healthz answers while a big request is processed.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { GO_LIMITS } from "../../src/systems/adversarial-go/index.js";
import { type RunningServer, startServer } from "../../src/web/server.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw request (node:http, so Host and Origin can be anything). */
function send(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer | (() => AsyncIterable<Buffer>) } = {},
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: options.method ?? "GET", headers: options.headers ?? {} },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    const b = options.body;
    if (typeof b === "function") {
      (async () => {
        for await (const chunk of b()) if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
        req.end();
      })().catch(() => req.destroy());
    } else req.end(b);
  });
}

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

function oneLineError(a: Answer): string {
  const parsed = JSON.parse(a.body) as { error: string };
  assert.equal(typeof parsed.error, "string");
  assert.equal(parsed.error.split("\n").length, 1, parsed.error);
  return parsed.error;
}

describe("web server: trusts no one", () => {
  let server: RunningServer;
  const models = tempDir();
  const outside = tempDir();
  let port: string;
  before(async () => {
    mkdirSync(join(models, "sub"));
    writeFileSync(join(models, "sub", "notes.gguf"), "root:$6$secret-hash:19000:0:99999:7:::\n");
    writeFileSync(join(outside, "shadow"), "root:$6$secret-hash:19000:0:99999:7:::\n");
    server = await startServer({ port: 0, modelDirs: [models] });
    port = new URL(server.url).port;
  });
  after(() => server.close());

  test("the server's own names are served: 127.0.0.1, localhost, with or without a same-origin Origin", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      assert.equal((await send(server.url, "/healthz", { headers: { host } })).status, 200, host);
      assert.equal((await send(server.url, "/healthz", { headers: { host, origin: `http://${host}` } })).status, 200);
    }
  });

  test("a foreign Host (DNS rebinding) is refused with 403 and one line", async () => {
    for (const host of [`evil.example:${port}`, "127.0.0.1", `127.0.0.1:${Number(port) + 1}`]) {
      const a = await send(server.url, "/api/papers", { headers: { host } });
      assert.equal(a.status, 403, `Host "${host}"`);
      assert.match(oneLineError(a), /is not this server/);
    }
  });

  test("a foreign Origin is refused with 403, for pages and APIs", async () => {
    for (const origin of ["http://evil.example", `http://evil.example:${port}`, "null", `https://127.0.0.1:${port}`]) {
      const get = await send(server.url, "/", { headers: { origin } });
      assert.equal(get.status, 403, origin);
      const post = await send(server.url, "/api/adversarial-go/replay", {
        ...json({ sgf: "(;SZ[9])" }),
        headers: { "content-type": "application/json", origin },
      });
      assert.equal(post.status, 403, origin);
      assert.match(oneLineError(post), /Origin .* is not this server/);
    }
  });

  test("POST bodies must be application/json (415 otherwise)", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", undefined]) {
      const a = await send(server.url, "/api/contrastive-decoding/generate", {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: JSON.stringify({ demo: true, prompt: "x" }),
      });
      assert.equal(a.status, 415, String(type));
      assert.match(oneLineError(a), /must be JSON/);
    }
    const ok = await send(server.url, "/api/adversarial-go/replay", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ sgf: "(;GM[1]SZ[9];B[ee])" }),
    });
    assert.equal(ok.status, 200, ok.body);
  });

  test("a model path outside the demo and --models folders is 403 and echoes no file content", async () => {
    for (const field of ["expert", "amateur"] as const) {
      for (const path of ["/etc/shadow", join(outside, "shadow"), `${models}/../${outside.split("/").pop()}/shadow`]) {
        const other = field === "expert" ? "amateur" : "expert";
        const a = await send(
          server.url,
          "/api/contrastive-decoding/generate",
          json({ [field]: path, [other]: join(models, "sub", "notes.gguf"), prompt: "x" }),
        );
        assert.equal(a.status, 403, `${field} ${path}: ${a.body}`);
        const error = oneLineError(a);
        assert.match(error, new RegExp(`^${field}: pages open models only from the demo folder`));
        assert.doesNotMatch(a.body, /root|secret/);
      }
    }
  });

  test("pages never download: hf: and http(s): references are 403", async () => {
    for (const ref of ["hf:ddh0/GPT-2-GGUF/GPT-2-q8_0.gguf", "https://example.com/m.gguf", "http://127.0.0.1:1/m.gguf"]) {
      const a = await send(server.url, "/api/contrastive-decoding/generate", json({ expert: ref, amateur: ref, prompt: "x" }));
      assert.equal(a.status, 403, ref);
      assert.match(oneLineError(a), /pages never download models/);
    }
    const ip2p = await send(server.url, "/api/instruct-pix2pix/edit", json({ model: "hf:timbrooks/instruct-pix2pix", instruction: "x" }));
    assert.equal(ip2p.status, 403);
  });

  test("a non-model file inside a --models folder is one line without its bytes", async () => {
    const a = await send(
      server.url,
      "/api/contrastive-decoding/generate",
      json({ expert: "sub/notes.gguf", amateur: join(models, "sub", "notes.gguf"), prompt: "x" }),
    );
    assert.equal(a.status, 400, a.body);
    assert.match(oneLineError(a), /^expert: the file is not a model this page can open/);
    assert.doesNotMatch(a.body, /root|secret/);
  });

  test("a non-string prompt (or model) is a 400 with one line, never a 500", async () => {
    for (const prompt of [42, ["The"], { text: "x" }, true]) {
      const a = await send(server.url, "/api/contrastive-decoding/generate", json({ demo: true, prompt }));
      assert.equal(a.status, 400, JSON.stringify(prompt));
      assert.match(oneLineError(a), /^prompt must be text/);
    }
    const m = await send(server.url, "/api/contrastive-decoding/generate", json({ expert: 7, amateur: "x", prompt: "x" }));
    assert.equal(m.status, 400);
    assert.match(oneLineError(m), /^expert must be text/);
    for (const body of ["[]", "null", '"text"', "7"]) {
      const a = await send(server.url, "/api/contrastive-decoding/generate", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      assert.equal(a.status, 400, body);
      oneLineError(a);
    }
  });

  test("bodies over the route's cap are 413 with a one-line JSON error", async () => {
    const big = JSON.stringify({ demo: true, prompt: "x".repeat(100 * 1024) });
    const a = await send(server.url, "/api/contrastive-decoding/generate", json(JSON.parse(big)));
    assert.equal(a.status, 413);
    assert.match(oneLineError(a), /larger than 64 KiB/);
    // Chunked (no content-length): refused once the body passes the cap.
    const chunked = await send(server.url, "/api/adversarial-go/replay", {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: async function* () {
        for (let i = 0; i < 8; i++) yield Buffer.alloc(64 * 1024, 0x20);
      },
    }).catch((err: Error) => ({ status: -1, headers: {}, body: err.message }));
    assert.ok(chunked.status === 413 || chunked.status === -1, `status ${chunked.status}`);
  });

  test("an 8 MB SGF of passes is refused early (413) and /healthz answers promptly meanwhile", async () => {
    const passes = `(;GM[1]FF[4]SZ[19]KM[7.5]${";B[];W[]".repeat(1_000_000)})`;
    assert.ok(passes.length > 8_000_000);
    const t0 = Date.now();
    const big = send(server.url, "/api/adversarial-go/replay", json({ sgf: passes })).catch((err: Error) => ({
      status: -1,
      headers: {},
      body: err.message,
    }));
    const health = await send(server.url, "/healthz");
    assert.equal(health.status, 200);
    const healthMs = Date.now() - t0;
    const r = await big;
    assert.ok(r.status === 413 || r.status === -1, `status ${r.status}`);
    if (r.status === 413) assert.match(oneLineError(r), /larger than 256 KiB/);
    assert.ok(healthMs < 3000, `/healthz took ${healthMs} ms while the big SGF was sent`);
  });

  test(`an SGF of more than ${GO_LIMITS.replayMoves.max} moves is refused in one line; the longest allowed replay leaves /healthz answering`, async () => {
    const tooMany = `(;GM[1]SZ[19]${";B[];W[]".repeat(GO_LIMITS.replayMoves.max / 2 + 1)})`;
    const a = await send(server.url, "/api/adversarial-go/replay", json({ sgf: tooMany }));
    assert.equal(a.status, 400);
    assert.match(oneLineError(a), new RegExp(`at most ${GO_LIMITS.replayMoves.max}`));

    const longest = `(;GM[1]SZ[19]${";B[];W[]".repeat(GO_LIMITS.replayMoves.max / 2)})`;
    const replay = send(server.url, "/api/adversarial-go/replay", json({ sgf: longest }));
    const t0 = Date.now();
    assert.equal((await send(server.url, "/healthz")).status, 200);
    const healthMs = Date.now() - t0;
    const r = await replay;
    assert.equal(r.status, 200);
    const frames = (JSON.parse(r.body) as { frames: { stones: string; ownership: string }[] }).frames;
    assert.equal(frames.length, GO_LIMITS.replayMoves.max + 1);
    assert.equal(typeof frames[0]?.ownership, "string", "compact frames: one letter per point");
    assert.ok(r.body.length < 1.2 * 1024 * 1024, `answer is ${r.body.length} bytes`);
    assert.ok(healthMs < 3000, `/healthz took ${healthMs} ms`);
  });

  test("the shared browser script and the favicon are served", async () => {
    const js = await send(server.url, "/assets/yomikai.js");
    assert.equal(js.status, 200);
    assert.match(String(js.headers["content-type"]), /javascript/);
    assert.match(js.body, /^export const \$ = /m);
    for (const name of ["esc", "el", "showError", "api", "stream", "progressText"])
      assert.match(js.body, new RegExp(`^export (const|async function|function) ${name}\\b`, "m"), name);
    const icon = await send(server.url, "/favicon.ico");
    assert.equal(icon.status, 200);
    assert.match(String(icon.headers["content-type"]), /^image\/svg\+xml/);
    assert.match(icon.body, /^<svg /);
  });
});
