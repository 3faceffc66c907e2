import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { citationSeparationPage, SAMPLE } from "../../src/web/pages/citation-separation.js";
import { type RunningServer, startServer } from "../../src/web/server.js";

describe("web page over the synthetic sample", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0, host: "127.0.0.1", pages: [citationSeparationPage] });
  });
  after(() => server.close());

  test("the page shows the heatmaps and series, labelled synthetic", async () => {
    const res = await fetch(`${server.url}/citation-separation`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /SYNTHETIC DATA/);
    assert.match(html, new RegExp(`${SAMPLE.works} made-up works`));
    assert.match(html, /Observed ÷ expected citations/);
    assert.match(html, /Share of in-set citations that stay in the citing region/);
    assert.ok((html.match(/<svg /g) ?? []).length >= 5);
  });

  test("the API re-runs the analysis with another policy; bad values are 400s", async () => {
    const unanimous = (await (await fetch(`${server.url}/api/citation-separation/analyze`)).json()) as {
      synthetic: boolean;
      papersCounts: { mixed: number };
    };
    assert.equal(unanimous.synthetic, true);
    assert.ok(unanimous.papersCounts.mixed > 0);
    const fractional = (await (
      await fetch(`${server.url}/api/citation-separation/analyze?policy=fractional&multinationals=drop`)
    ).json()) as {
      papersCounts: { mixed: number };
      settings: string;
    };
    assert.equal(fractional.papersCounts.mixed, 0);
    assert.match(fractional.settings, /policy fractional; .*multinationals drop-affiliation/);
    const bad = await fetch(`${server.url}/api/citation-separation/analyze?policy=plurality`);
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /policy must be one of unanimous, majority, first-author, fractional/);
  });
});
