/** The BLOOM page over HTTP: demo evaluation, pasted task, generation, one-line errors. */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { bloomPage, closeBloomPageModels } from "../../src/web/pages/bloom.js";
import { startServer } from "../../src/web/server.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();
after(closeBloomPageModels);

describe("bloom web page", () => {
  test("renders both forms and the published target", async () => {
    const html = await bloomPage.render();
    assert.match(html, /<form id="bl-eval"/);
    assert.match(html, /<form id="bl-gen"/);
    assert.match(html, /0\.4735/);
  });

  test("over HTTP: demo task, pasted task, generation and a bad task line", { timeout: 120_000 }, async () => {
    const server = await startServer({ port: 0, pages: [bloomPage] });
    try {
      const post = (name: string, body: unknown) =>
        fetch(`${server.url}/api/bloom/${name}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
      const demo = await post("eval", {});
      assert.equal(demo.status, 200);
      const d = (await demo.json()) as { demo: boolean; tasks: { n: number; byLang: Record<string, unknown> }[]; svg: string };
      assert.equal(d.demo, true);
      assert.equal(d.tasks[0]!.n, 8);
      assert.deepEqual(Object.keys(d.tasks[0]!.byLang).sort(), ["en", "fr"]);
      assert.match(d.svg, /^<svg/);
      const pasted = await post("eval", { tasks: '{"context":"Hello","choices":[" world"," river"],"gold":0}\n' });
      const p = (await pasted.json()) as { tasks: { n: number; acc: number }[]; samples: { scores: number[] }[] };
      assert.equal(p.tasks[0]!.n, 1);
      assert.equal(p.samples[0]!.scores.length, 2);
      const gen = await post("generate", { prompt: "The river", maxTokens: 3 });
      const g = (await gen.json()) as { completionTokens: number; demo: boolean };
      assert.ok(g.completionTokens <= 3 && g.demo);
      const bad = await post("eval", { tasks: '{"context":"x"}' });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /line 1/);
    } finally {
      await server.close();
    }
  });
});
