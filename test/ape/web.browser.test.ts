/**
 * The APE page in headless Chromium: a search on the demo model streams candidates into the
 * leaderboard, tests the winner and the human instructions, and reports the budget.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { apePage, closeApePageModels } from "../../src/web/pages/ape.js";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();
after(closeApePageModels);

test("ape page: a demo search streams the leaderboard and the human baseline", { timeout: 180_000 }, async (t) => {
  const server = await startServer({ port: 0, pages: [apePage] });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/ape`);
      await page.locator('select[name="task"]').selectOption("larger_animal");
      await page.locator('input[name="candidates"]').fill("3");
      await page.locator('input[name="samples"]').fill("2");
      await page.locator('input[name="testExamples"]').fill("2");
      await page.getByRole("button", { name: "Search" }).click();
      await page.waitForFunction(() => /^Done/.test(document.getElementById("ape-status")?.textContent ?? ""), null, { timeout: 150_000 });
      const rows = await page.locator("#ape-board tr").count();
      assert.ok(rows >= 1 && rows <= 3, `${rows} leaderboard rows`);
      assert.match(await page.locator("#ape-status").innerText(), /model calls/);
      assert.match(await page.locator("#ape-best").innerText(), /^Winner: .* — test \d\.\d\d$/);
      const human = await page.locator("#ape-human li").allInnerTexts();
      assert.ok(human.length >= 4 && human.every((h) => /test \d\.\d\d$/.test(h)), human.join(" | "));
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});

test("ape search API refuses out-of-range input and unknown models in one line", async () => {
  const server = await startServer({ port: 0, pages: [apePage] });
  try {
    const read = async (q: string) => (await fetch(`${server.url}/api/ape/search?${q}`)).text();
    assert.match(await read("candidates=1000"), /event: failure\ndata: \{"error":"candidates must be a whole number from 1 to 60, got 1000\."\}/);
    assert.match(await read("proposer=/etc/shadow"), /The page opens only the models the server was started with/);
    assert.match(await read("task=nope"), /Unknown task \\"nope\\"/);
  } finally {
    await server.close();
  }
});
