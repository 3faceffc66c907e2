import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { closePageModels, contrastiveDecodingPage, generateComparison } from "../../src/web/pages/contrastive-decoding.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

const models = writeTinyModels(tempDir());
after(closePageModels);

describe("contrastive-decoding web page", () => {
  test("renders a form and registers the generate API", async () => {
    const html = await contrastiveDecodingPage.render();
    assert.match(html, /<form id="cd-form"/);
    assert.equal(typeof contrastiveDecodingPage.api?.generate, "function");
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
      /alpha must be between/,
    );
    await assert.rejects(generateComparison({ expert: models.expert, amateur: models.amateur, prompt: " " }), /Give a prompt/);
  });
});
