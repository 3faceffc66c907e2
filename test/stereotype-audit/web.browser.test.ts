/**
 * The stereotype-audit page in a real browser (headless Debian Chromium through playwright-core): out
 * of the box it makes the demo run with the tiny random models and shows its report — caveats, bar
 * charts and one image per generated picture.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();

test("stereotype-audit page: demo run, report with grids and charts", { timeout: 120_000 }, async (t) => {
  const server = await startServer({ port: 0 });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/stereotype-audit`);
      await page.waitForFunction(() => /No demo run yet/.test(document.querySelector("#status")?.textContent ?? ""));
      await page.locator("#make").click();
      await page.waitForFunction(() => /52 images over 13 prompts/.test(document.querySelector("#status")?.textContent ?? ""), undefined, {
        timeout: 90_000,
      });
      assert.equal(await page.locator("#report figure img").count(), 52);
      assert.ok((await page.locator("#report svg").count()) >= 13);
      assert.match(await page.locator("#report").innerText(), /Perceived attributes, not identities/);
      assert.equal(await page.locator("#demoNote").isVisible(), true);
      await page.locator("#dir").fill("/etc");
      await page.locator("#open").click();
      await page.waitForFunction(() => !!document.querySelector("#status .error"));
      assert.match(await page.locator("#status").innerText(), /pages open models only/);
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
