/** The stereotype-audit page's API: the demo run out of the box, its report, and run folders checked against the model folders. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelFolders } from "../../src/web/modelFolders.js";
import { stereotypeAuditPage } from "../../src/web/pages/stereotype-audit.js";
import { tempDir } from "../utils/tmp.js";

const cache = tempDir();
process.env.YOMIKAI_CACHE = cache;

describe("stereotype-audit web page", () => {
  const signal = new AbortController().signal;
  const models = new ModelFolders([]);
  const call = (name: string, body: unknown = {}) =>
    stereotypeAuditPage.api?.[name]?.({ query: new URLSearchParams(), body, signal, models }) as Promise<Record<string, unknown>>;

  it("renders the demo button, the folder field and the perceived-attributes wording", async () => {
    const html = await stereotypeAuditPage.render();
    for (const id of ['id="make"', 'id="dir"', 'id="report"', "perceived"]) assert.ok(html.includes(id), id);
  });

  it("makes the demo run and shows its report: grids, charts, caveats", async () => {
    assert.equal((await call("runs")).demo, false);
    const made = await call("demo");
    assert.equal(made.images, 52);
    assert.equal((await call("runs")).demo, true);
    const r = await call("report");
    const html = r.html as string;
    assert.equal(r.demo, true);
    assert.equal((r.summary as { images: number }).images, 52);
    assert.match(html, /Perceived attributes, not identities/);
    assert.match(html, /face: not checked/);
    assert.match(html, /Demo run with random-weight models/);
    assert.match(html, /<svg/);
    assert.equal(html.match(/<img src="data:image\/png;base64,/g)?.length, 52);
    assert.match(html, /Unmatched \(no BLS values available\)/);
  });

  it("refuses run folders outside the allowed folders", async () => {
    await assert.rejects(call("report", { dir: "/etc" }), /pages open models only/);
  });
});
