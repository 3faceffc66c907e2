/**
 * The reading-session page's JSON API over HTTP: the example builds with no model and no network, a
 * model-backed build (a GGUF file in a --models folder) goes through the arXiv stand-in, downloads serve
 * the three formats, model references outside the allowed folders get 403, bad requests one-line 400s.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import JSZip from "jszip";
import { readingSessionPage } from "../../src/web/pages/reading-session.js";
import { startServer } from "../../src/web/server.js";
import { buildVocabulary, TINY_EXPERT, writeRandomModel } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";
import { startArxivServer } from "./fixtures.js";

process.env.YOMIKAI_CACHE = tempDir();

describe("reading-session page API", () => {
  test("builds the example, serves deck.md / deck.html / deck.pptx, refuses bad input in one line", async () => {
    const server = await startServer({ port: 0, pages: [readingSessionPage] });
    try {
      const post = (body: unknown) =>
        fetch(`${server.url}/api/reading-session/build`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const r = await post({ ids: "2211.09800 2210.15097", lang: "ja", example: true });
      assert.equal(r.status, 200);
      const j = (await r.json()) as { token: string; slides: number; succeeded: number; markdown: string; html: string };
      assert.deepEqual([j.slides, j.succeeded], [4, 2]);
      assert.match(j.markdown, /^---\nmarp: true/);
      assert.equal(j.html.match(/<section\b/g)?.length, 4);
      const dl = (file: string) => fetch(`${server.url}/api/reading-session/download?token=${j.token}&file=${file}`);
      assert.match(await (await dl("deck.md")).text(), /\*\*目的:\*\* 人間の指示で画像を編集する手法を提案/);
      assert.match((await dl("deck.html")).headers.get("content-disposition") ?? "", /filename="deck\.html"/);
      const zip = await JSZip.loadAsync(await (await dl("deck.pptx")).arrayBuffer());
      assert.equal(Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length, 4);

      for (const [body, status, message] of [
        [{ ids: "2211.09800", example: false }, 400, /Name a model/],
        [{ ids: "2211.09800", example: false, model: "hf:a/b/c.gguf" }, 403, /pages never download models/],
        [{ ids: "2211.09800", example: false, model: "openai:http://127.0.0.1:9#m" }, 403, /pages never download models/],
        [{ ids: "2211.09800", example: false, model: "/etc/passwd" }, 403, /model/],
        [{ ids: "2211.09800", example: true, lang: "fr" }, 400, /lang must be ja or en; got "fr"/],
        [{ ids: "nope", example: true }, 400, /None of the given ids is one of the seed deck's ten papers/],
      ] as const) {
        const bad = await post(body);
        assert.equal(bad.status, status, JSON.stringify(body));
        const e = (await bad.json()) as { error: string };
        assert.match(e.error, message);
        assert.doesNotMatch(e.error, /\n/);
      }
      const gone = await fetch(`${server.url}/api/reading-session/download?token=unknown&file=deck.md`);
      assert.equal(gone.status, 400);
    } finally {
      await server.close();
    }
  });

  test("a model-backed build from a --models folder through the arXiv stand-in: the random model's failure is reported", {
    timeout: 120_000,
  }, async () => {
    const arxiv = await startArxivServer();
    const dir = tempDir();
    writeRandomModel(
      join(dir, "tiny-2k.gguf"),
      { ...TINY_EXPERT, contextLength: 2048 },
      { vocab: buildVocabulary(320), seed: "web", name: "tiny-2k" },
    );
    const server = await startServer({ port: 0, pages: [readingSessionPage], modelDirs: [dir] });
    try {
      const r = await fetch(`${server.url}/api/reading-session/build`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ids: "2210.15097", lang: "en", example: false, model: "tiny-2k.gguf", endpoint: arxiv.endpoint }),
      });
      assert.equal(r.status, 200);
      const j = (await r.json()) as { succeeded: number; failed: number; model: string; markdown: string; failures: { failure: string }[] };
      assert.deepEqual([j.succeeded, j.failed, j.model], [0, 1, "tiny-2k.gguf"]);
      assert.match(j.failures[0]?.failure ?? "", /^lines: /);
      assert.match(j.markdown, /\*\*Summary failed:\*\*/);
      assert.equal(arxiv.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});
