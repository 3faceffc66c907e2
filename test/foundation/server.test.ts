import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type RunningServer, startServer } from "../../src/web/server.js";
import { runYomikai } from "../utils/cli.js";

describe("web server", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0 });
  });
  after(async () => {
    await server.close();
  });

  test("binds 127.0.0.1 by default", () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test("/ answers with the ten cards in deck order", async () => {
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    const html = await res.text();
    const ids = [...html.matchAll(/class="card paper" data-arxiv="([\d.]+)"/g)].map((m) => m[1]);
    assert.equal(ids.length, 10);
    assert.equal(ids[0], "2211.03759");
    assert.equal(ids[9], "2210.15097");
    assert.match(html, /AI最新論文読み会2022年12月/);
  });

  test("/api/papers returns the same array as `yomikai papers --json`", async () => {
    const res = await fetch(`${server.url}/api/papers`);
    assert.equal(res.status, 200);
    const api = await res.json();
    const cli = await runYomikai(["papers", "--json"]);
    assert.deepEqual(api, JSON.parse(cli.stdout));
    assert.equal((api as unknown[]).length, 10);
  });

  test("unknown paths are 404 pages, unknown APIs 404 JSON", async () => {
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    const res = await fetch(`${server.url}/api/nope/x`);
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { error: string }).error, /No API/);
  });
});
