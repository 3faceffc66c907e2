import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { closePageModels, contrastiveDecodingPage, generateComparison } from "../../src/web/pages/contrastive-decoding.js";
import { startServer } from "../../src/web/server.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

// The demo pair goes into <YOMIKAI_CACHE>/models/demo: keep it out of the real cache.
const cache = tempDir();
process.env.YOMIKAI_CACHE = cache;
delete process.env.YOMIKAI_CD_EXPERT;
delete process.env.YOMIKAI_CD_AMATEUR;
const models = writeTinyModels(tempDir());
after(closePageModels);
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("contrastive-decoding web page", () => {
  test("renders a form and registers the generate API", async () => {
    const html = await contrastiveDecodingPage.render();
    assert.match(html, /<form id="cd-form"/);
    assert.equal(typeof contrastiveDecodingPage.api?.generate, "function");
    assert.match(html, /id="cd-demo" checked/, "with no models configured the demo pair is ticked");
    assert.match(html, /random demo pair \(no download/);
  });

  test("over HTTP, the demo pair is written once into the cache and used when no models are given", { timeout: 120_000 }, async () => {
    const server = await startServer({ port: 0, pages: [contrastiveDecodingPage] });
    try {
      const post = (body: unknown) =>
        fetch(`${server.url}/api/contrastive-decoding/generate`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(60_000),
        });
      const none = await post({ prompt: "The river", maxTokens: 2 });
      assert.ok(none.status >= 400 && none.status < 500, `status ${none.status}`);
      assert.match(((await none.json()) as { error: string }).error, /demo pair/);

      const res = await post({ demo: "on", prompt: "The river opened", maxTokens: 6 });
      assert.equal(res.status, 200);
      const r = (await res.json()) as Awaited<ReturnType<typeof generateComparison>>;
      assert.equal(r.demo, true);
      assert.equal(r.cd.steps.length, 6);
      for (const s of r.cd.steps) assert.ok(s.plausibleSetSize >= 1 && s.plausible.length >= 1);
      const expert = join(cache, "models", "demo", "tiny-expert.gguf");
      const amateur = join(cache, "models", "demo", "tiny-amateur.gguf");
      assert.ok(existsSync(expert) && existsSync(amateur));
      assert.equal(sha256(expert), sha256(models.expert), "the demo expert is the tiny test expert");
      assert.equal(sha256(amateur), sha256(models.amateur));

      // Same pair, same settings: the same greedy CD tokens as naming the files explicitly.
      const named = await generateComparison({ expert: models.expert, amateur: models.amateur, prompt: "The river opened", maxTokens: 6 });
      assert.equal(named.demo, false);
      assert.deepEqual(
        named.cd.steps.map((s) => s.token),
        r.cd.steps.map((s) => s.token),
      );
    } finally {
      await server.close();
    }
  });

  test("the API returns CD beside greedy and nucleus, with each step's plausible set", async () => {
    const r = await generateComparison({
      expert: models.expert,
      amateur: models.amateur,
      prompt: "The river opened",
      maxTokens: 8,
      alpha: 0.1,
    });
    assert.equal(r.cd.steps.length, 8);
    for (const s of r.cd.steps) {
      assert.ok(s.plausible.length >= 1 && s.plausible.length <= s.plausibleSetSize);
      assert.equal(s.plausible[0]?.token, s.token, "greedy CD picks the best-scoring plausible token");
      assert.equal(typeof s.piece, "string");
    }
    assert.equal(r.cd.text, r.cd.steps.map((s) => s.piece).join(""));
    assert.equal(typeof r.greedy, "string");
    assert.equal(typeof r.nucleus, "string");
  });

  test("bad input is a one-line error", async () => {
    await assert.rejects(
      generateComparison({ expert: models.expert, amateur: models.amateur, prompt: "x", alpha: 3 }),
      /α must be a number above 0 up to 1; got 3\. Leave it empty for 0\.1\./,
    );
    await assert.rejects(
      generateComparison({ expert: models.expert, amateur: models.amateur, prompt: " " }),
      /The prompt is empty; type some text/,
    );
  });
});
