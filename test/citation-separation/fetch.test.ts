import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { YomikaiError } from "../../src/core/index.js";
import {
  analyzeCitationFiles,
  createSyntheticDataset,
  fetchOpenAlexWorks,
  syntheticWorkObjects,
} from "../../src/systems/citation-separation/index.js";
import { tempDir } from "../utils/tmp.js";
import { type FakeOpenAlex, startFakeOpenAlex } from "./openalexServer.js";

describe("OpenAlex fetch client (loopback server)", () => {
  const dataset = createSyntheticDataset({ works: 450, seed: 3, malformedLines: 0, missingIdLines: 0, duplicateLines: 0 });
  const works = syntheticWorkObjects(dataset);
  let api: FakeOpenAlex;
  before(async () => {
    api = await startFakeOpenAlex(works);
  });
  after(() => api.close());
  const dir = tempDir();

  test("pages through the cursor, retries 429 and 503, sends mailto and filters, writes every work", async () => {
    api.requests.length = 0;
    api.failures = [429, undefined, 503];
    const out = join(dir, "neurips.jsonl");
    const events: string[] = [];
    const r = await fetchOpenAlexWorks({
      venue: "neurips",
      years: [2012, 2021],
      out,
      mailto: "reader@example.org",
      apiUrl: api.url,
      cacheDir: join(dir, "cache"),
      perPage: 100,
      retryDelayMs: 1,
      onProgress: (e) => events.push(e.kind),
    });
    assert.equal(r.works, works.length);
    assert.equal(r.pages, Math.ceil(works.length / 100));
    assert.equal(r.retries, 2);
    assert.equal(r.reported, works.length);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { id: string }).id),
      works.map((w) => (w as { id: string }).id),
    );
    const first = api.requests[0]!;
    assert.equal(first.searchParams.get("mailto"), "reader@example.org");
    assert.equal(first.searchParams.get("cursor"), "*");
    assert.equal(
      first.searchParams.get("filter"),
      "primary_location.source.id:S4306420609|S4363606243|S4393916742,publication_year:2012-2021",
    );
    assert.equal(first.searchParams.get("select"), "id,title,publication_year,authorships,referenced_works");
    assert.ok(api.requests.some((u) => u.searchParams.get("cursor") === "c100"));
    assert.ok(events.includes("log") && events.at(-1) === "done");
    // the fetched file analyses to the planted truth
    const a = await analyzeCitationFiles([out], { years: [2012, 2021], bootstrap: 0 });
    assert.deepEqual(a.papers, dataset.truth.papers);
    assert.deepEqual(a.matrix, dataset.truth.matrix);
  });

  test("a second run is served from the on-disk cache without requests", async () => {
    api.requests.length = 0;
    const out = join(dir, "again.jsonl");
    const r = await fetchOpenAlexWorks({
      venue: "neurips",
      years: [2012, 2021],
      out,
      mailto: "reader@example.org",
      apiUrl: api.url,
      cacheDir: join(dir, "cache"),
      perPage: 100,
    });
    assert.equal(api.requests.length, 0);
    assert.equal(r.cachedPages, r.pages);
    assert.equal(readFileSync(out, "utf8"), readFileSync(join(dir, "neurips.jsonl"), "utf8"));
  });

  test("an outage leaves no partial output; the rerun resumes from cached pages", async () => {
    const out = join(dir, "resume.jsonl");
    const cacheDir = join(dir, "cache-resume");
    api.outageFromPage = 2;
    await assert.rejects(
      fetchOpenAlexWorks({ sources: ["S1"], out, apiUrl: api.url, cacheDir, perPage: 100, retries: 1, retryDelayMs: 1 }),
      (err: unknown) =>
        err instanceof YomikaiError && /kept failing after 2 tries \(HTTP 500: simulated outage\)\. Rerun later/.test(err.message),
    );
    assert.equal(existsSync(out), false);
    api.outageFromPage = undefined;
    api.requests.length = 0;
    const r = await fetchOpenAlexWorks({ sources: ["S1"], out, apiUrl: api.url, cacheDir, perPage: 100 });
    assert.equal(r.cachedPages, 2);
    assert.equal(api.requests.length, r.pages - 2);
    assert.equal(r.works, works.length);
  });

  test("a port that fetch refuses and a non-http URL fail at once with the fix", async () => {
    const out = join(dir, "never.jsonl");
    await assert.rejects(
      fetchOpenAlexWorks({ sources: ["S1"], out, apiUrl: "http://127.0.0.1:9", noCache: true, retries: 3, retryDelayMs: 1000 }),
      /fetch refuses the port of http:\/\/127\.0\.0\.1:9 .*pass an --api-url with another port\.$/,
    );
    await assert.rejects(
      fetchOpenAlexWorks({ sources: ["S1"], out, apiUrl: "api.openalex.org" }),
      /API URL "api\.openalex\.org" is not an http\(s\) URL/,
    );
    assert.equal(existsSync(out), false);
  });

  test("persistent 429s end in one line that says how to get past the rate limit", async () => {
    api.failures = [429, 429];
    await assert.rejects(
      fetchOpenAlexWorks({ sources: ["S1"], out: join(dir, "limited.jsonl"), apiUrl: api.url, noCache: true, retries: 1, retryDelayMs: 1 }),
      (err: unknown) =>
        err instanceof YomikaiError &&
        /^OpenAlex kept rate-limiting after 2 tries \(HTTP 429.*pass --mailto.*pages already fetched are cached\.$/.test(err.message) &&
        !err.message.includes("\n"),
    );
    assert.equal(existsSync(join(dir, "limited.jsonl")), false);
    api.failures = [];
  });

  test("a 400 is reported at once with OpenAlex's message; bad names are one-line errors", async () => {
    api.failures = [400];
    api.requests.length = 0;
    await assert.rejects(
      fetchOpenAlexWorks({ sources: ["S1"], out: join(dir, "x.jsonl"), apiUrl: api.url, noCache: true, retryDelayMs: 1 }),
      /OpenAlex refused the query \(HTTP 400: simulated 400\)/,
    );
    assert.equal(api.requests.length, 1);
    await assert.rejects(
      fetchOpenAlexWorks({ venue: "nerips", out: join(dir, "x.jsonl") }),
      /Unknown venue "nerips" \(did you mean "neurips"\?\)/,
    );
    await assert.rejects(fetchOpenAlexWorks({ sources: ["W12"], out: join(dir, "x.jsonl") }), /not an OpenAlex source id/);
  });

  test("maxWorks stops early", async () => {
    const r = await fetchOpenAlexWorks({
      sources: ["S1"],
      out: join(dir, "few.jsonl"),
      apiUrl: api.url,
      noCache: true,
      perPage: 50,
      maxWorks: 120,
    });
    assert.equal(r.works, 120);
    assert.equal(readFileSync(join(dir, "few.jsonl"), "utf8").trim().split("\n").length, 120);
  });
});
