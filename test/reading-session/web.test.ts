/**
 * The reading-session page's JSON API over HTTP: the example builds with no model and no network, a
 * model-backed build goes through the arXiv stand-in and an OpenAI-compatible server, downloads serve the
 * three formats, and bad requests get one-line 400s.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import JSZip from "jszip";
import { readingSessionPage } from "../../src/web/pages/reading-session.js";
import { startServer } from "../../src/web/server.js";
import { tempDir } from "../utils/tmp.js";
import { startArxivServer, startChatServer } from "./fixtures.js";

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

      for (const [body, message] of [
        [{ ids: "2211.09800", example: false }, /Name a model/],
        [{ ids: "2211.09800", example: false, model: "hf:a/b/c.gguf" }, /The page downloads no models/],
        [{ ids: "2211.09800", example: true, lang: "fr" }, /lang must be ja or en; got "fr"/],
        [{ ids: "nope", example: true }, /None of the given ids is one of the seed deck's ten papers/],
      ] as const) {
        const bad = await post(body);
        assert.equal(bad.status, 400);
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

  test("a model-backed build through the arXiv stand-in and an OpenAI-compatible server", async () => {
    const arxiv = await startArxivServer();
    const chat = await startChatServer([
      {
        match: "Contrastive Decoding",
        lines: {
          Purpose: "A search objective for open-ended generation.",
          Results: "More coherent text than sampling in the fixture evaluation.",
          Method: "Expert minus amateur log-likelihood over plausible tokens.",
          "Named systems": "none",
          Affiliations: "unknown",
        },
      },
    ]);
    const server = await startServer({ port: 0, pages: [readingSessionPage] });
    try {
      const r = await fetch(`${server.url}/api/reading-session/build`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ids: "2210.15097", lang: "en", example: false, model: chat.model, endpoint: arxiv.endpoint }),
      });
      assert.equal(r.status, 200);
      const j = (await r.json()) as { succeeded: number; failed: number; model: string; markdown: string };
      assert.deepEqual([j.succeeded, j.failed, j.model], [1, 0, "fixture-chat"]);
      assert.match(j.markdown, /\*\*Method:\*\* Expert minus amateur log\\-likelihood over plausible tokens\./);
      assert.equal(arxiv.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});
