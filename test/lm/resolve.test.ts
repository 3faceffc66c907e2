import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { ProgressEvent } from "../../src/core/index.js";
import { loadLanguageModel, parseHfReference, resolveModelFile } from "../../src/lm/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

const dir = tempDir();
const models = writeTinyModels(join(dir, "src"));
const payload = readFileSync(models.amateur);
let server: Server;
let endpoint: string;
const requests: { url: string; range: string | undefined; auth: string | undefined }[] = [];

before(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? "", range: req.headers.range, auth: req.headers.authorization });
    if (req.url !== "/acme/tiny-GGUF/resolve/main/tiny.gguf" && req.url !== "/acme/tiny-GGUF/resolve/v2/sub/tiny.gguf") {
      res.writeHead(404);
      res.end("Entry not found");
      return;
    }
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const start = m ? Number(m[1]) : 0;
    res.writeHead(m ? 206 : 200, { "content-length": String(payload.length - start), "accept-ranges": "bytes" });
    res.end(payload.subarray(start));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise((r) => server.close(r)));

describe("model resolution", () => {
  test("parses hf: references with an optional revision", () => {
    assert.deepEqual(parseHfReference("hf:acme/tiny-GGUF/tiny.gguf"), {
      owner: "acme",
      repo: "tiny-GGUF",
      file: "tiny.gguf",
      revision: "main",
    });
    assert.deepEqual(parseHfReference("hf:acme/tiny-GGUF/sub/tiny.gguf@v2"), {
      owner: "acme",
      repo: "tiny-GGUF",
      file: "sub/tiny.gguf",
      revision: "v2",
    });
    assert.throws(() => parseHfReference("hf:acme/tiny.gguf"), /expected hf:<owner>\/<repo>\/<file.gguf>/);
  });

  test("a local path resolves to itself; a missing one is a one-line error", async () => {
    assert.equal(await resolveModelFile(models.expert), models.expert);
    await assert.rejects(resolveModelFile(join(dir, "missing.gguf")), /Model file not found: .*missing\.gguf/);
  });

  test("downloads into the cache with monotone progress, then loads through llama.cpp", async () => {
    const cacheDir = join(dir, "cache1");
    const events: ProgressEvent[] = [];
    const path = await resolveModelFile("hf:acme/tiny-GGUF/tiny.gguf", {
      cacheDir,
      hfEndpoint: endpoint,
      hfToken: "secret",
      onProgress: (e) => events.push(e),
    });
    assert.equal(path, join(cacheDir, "hf", "acme", "tiny-GGUF", "main", "tiny.gguf"));
    assert.deepEqual(readFileSync(path), payload);
    const loaded = events.filter((e) => e.kind === "download").map((e) => (e as { loaded: number }).loaded);
    assert.ok(
      loaded.every((v, i) => i === 0 || v >= (loaded[i - 1] as number)),
      "never goes backwards",
    );
    assert.equal(loaded.at(-1), payload.length);
    assert.equal(events.at(-1)?.kind, "done");
    assert.equal(requests.at(-1)?.auth, "Bearer secret");
    // A second resolution is a cache hit: no request.
    const n = requests.length;
    assert.equal(await resolveModelFile("hf:acme/tiny-GGUF/tiny.gguf", { cacheDir, hfEndpoint: endpoint }), path);
    assert.equal(requests.length, n);
    const lm = await loadLanguageModel("hf:acme/tiny-GGUF/tiny.gguf", { cacheDir, hfEndpoint: endpoint, threads: 1, contextSize: 64 });
    assert.equal(lm.vocabSize, 320);
    await lm.close();
  });

  test("resumes a partial download with a Range request", async () => {
    const cacheDir = join(dir, "cache2");
    const dest = join(cacheDir, "hf", "acme", "tiny-GGUF", "v2", "sub", "tiny.gguf");
    mkdirSync(dirname(dest), { recursive: true });
    const half = Math.floor(payload.length / 2);
    writeFileSync(`${dest}.part`, payload.subarray(0, half));
    const path = await resolveModelFile("hf:acme/tiny-GGUF/sub/tiny.gguf@v2", { cacheDir, hfEndpoint: endpoint });
    assert.equal(requests.at(-1)?.range, `bytes=${half}-`);
    assert.equal(statSync(path).size, payload.length);
    assert.deepEqual(readFileSync(path), payload);
    assert.equal(existsSync(`${dest}.part`), false);
  });

  test("a missing remote file is a one-line error", async () => {
    await assert.rejects(
      resolveModelFile("hf:acme/tiny-GGUF/other.gguf", { cacheDir: join(dir, "cache3"), hfEndpoint: endpoint }),
      /does not exist \(HTTP 404\); check the owner, repo, file name and revision/,
    );
  });
});
