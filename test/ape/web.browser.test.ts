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

test("ape search API refuses out-of-range input and model paths outside the allowed folders in one line", async () => {
  const server = await startServer({ port: 0, pages: [apePage] });
  try {
    const post = async (body: unknown) => {
      const r = await fetch(`${server.url}/api/ape/search`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: r.status, error: ((await r.json()) as { error: string }).error };
    };
    assert.deepEqual(await post({ candidates: 5000 }), {
      status: 400,
      error: "candidates must be a whole number from 1 to 1000; got 5000. Leave it empty for 6.",
    });
    const shadow = await post({ proposer: "/etc/shadow" });
    assert.equal(shadow.status, 403);
    assert.match(shadow.error, /pages open models only from the demo folder/);
    assert.doesNotMatch(shadow.error, /root/);
    assert.equal((await post({ scorer: "hf:owner/repo/x.gguf" })).status, 403);
    assert.match((await post({ task: "nope" })).error, /task must be one of antonyms/);
  } finally {
    await server.close();
  }
});
