/**
 * The arXiv client against local servers: batching, the polite interval between requests, the cache,
 * retries after 503, no retry after 400, unknown ids, and malformed feeds.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ExternalError, FileFormatError, InvalidInputError } from "../../src/core/index.js";
import { fetchArxivPapers } from "../../src/systems/reading-session/index.js";
import { tempDir } from "../utils/tmp.js";
import { recordedFeed, startArxivServer } from "./fixtures.js";

/** A server answering each request with the next scripted reply, recording when each arrived. */
async function scripted(replies: { status: number; body: string }[]) {
  const times: number[] = [];
  const server = createServer((_req, res) => {
    times.push(Date.now());
    const r = replies[Math.min(times.length - 1, replies.length - 1)] as { status: number; body: string };
    res.writeHead(r.status, { "content-type": "application/atom+xml" }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`, times };
}

describe("fetchArxivPapers", () => {
  test("batches ids, keeps the asked order, waits the polite interval between requests, then reads the cache", async () => {
    const arxiv = await startArxivServer();
    const cacheDir = join(tempDir(), "arxiv");
    const o = { endpoint: arxiv.endpoint, cacheDir, minIntervalMs: 400, batchSize: 1 };
    const r = await fetchArxivPapers(["2210.15097", "https://arxiv.org/abs/2211.09800"], o);
    assert.deepEqual(
      r.papers.map((p) => p.id),
      ["2210.15097", "2211.09800"],
    );
    assert.deepEqual([r.requests, r.fromCache], [2, 0]);
    assert.equal(arxiv.requests.length, 2);
    const gap = (arxiv.times[1] ?? 0) - (arxiv.times[0] ?? 0);
    assert.ok(gap >= 390, `requests ${gap} ms apart`);
    const again = await fetchArxivPapers(["2211.09800", "2210.15097"], o);
    assert.deepEqual([again.requests, again.fromCache], [0, 2]);
    assert.equal(arxiv.requests.length, 2);
    await assert.rejects(
      fetchArxivPapers(["2211.99999"], o),
      (e: unknown) => e instanceof InvalidInputError && /arXiv has no paper 2211\.99999/.test(e.message),
    );
  });

  test("retries a 503, gives up on a 400 at once, refuses a malformed feed", async () => {
    const flaky = await scripted([
      { status: 503, body: "busy" },
      { status: 200, body: recordedFeed(["2211.09800"]) },
    ]);
    const r = await fetchArxivPapers(["2211.09800"], { endpoint: flaky.endpoint, cacheDir: tempDir(), minIntervalMs: 0, retries: 2 });
    assert.equal(r.papers[0]?.title, "InstructPix2Pix: Learning to Follow Image Editing Instructions");
    assert.equal(flaky.times.length, 2);

    const bad = await scripted([{ status: 400, body: "Bad Request: malformed id" }]);
    await assert.rejects(
      fetchArxivPapers(["2211.09800"], { endpoint: bad.endpoint, cacheDir: tempDir(), minIntervalMs: 0 }),
      (e: unknown) => e instanceof ExternalError && /answered HTTP 400: Bad Request: malformed id/.test(e.message),
    );
    assert.equal(bad.times.length, 1);

    const broken = await scripted([{ status: 200, body: '<feed xmlns="http://www.w3.org/2005/Atom"><entry>' }]);
    await assert.rejects(
      fetchArxivPapers(["2211.09800"], { endpoint: broken.endpoint, cacheDir: tempDir(), minIntervalMs: 0 }),
      (e: unknown) => e instanceof FileFormatError && /not a valid arXiv Atom feed file/.test(e.message),
    );
  });

  test("malformed ids fail before any request", async () => {
    await assert.rejects(fetchArxivPapers(["2211.09800", "banana"], { endpoint: "http://127.0.0.1:9/x" }), /"banana" is not an arXiv id/);
  });
});
