/**
 * The mixture-of-experts page in a real browser (headless Debian Chromium through playwright-core):
 * with no folder given it runs the tiny random demo experts; the timeline shows one cell per step
 * coloured by expert, and an image appears after each expert's part.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();

test("denoising-experts page: demo experts, timeline and per-expert images", { timeout: 120_000 }, async (t) => {
  const server = await startServer({ port: 0 });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/denoising-experts`);
      await page.locator("#steps").fill("10");
      await page.locator("#size").fill("64");
      await page.locator("#run").click();
      await page.waitForFunction(() => /seed \d+, [\d.]+ s$/.test(document.querySelector("#status")?.textContent ?? ""));
      assert.equal(await page.locator("#timeline .cell").count(), 10);
      assert.deepEqual(await page.locator("#timeline .cell").allInnerTexts(), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
      assert.equal(await page.locator("#parts figure").count(), 10);
      assert.equal(await page.locator("#demoNote").isVisible(), true);
      assert.equal(await page.locator("#result").isVisible(), true);

      // Two experts by boundaries are refused with ten demo experts, in the page's status line.
      await page.locator("#routing").selectOption("boundaries");
      await page.locator("#run").click();
      await page.waitForFunction(() => document.querySelector("#status")?.className === "error");
      assert.match(await page.locator("#status").innerText(), /10 experts take 9 --boundaries fractions; got 1/);
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
