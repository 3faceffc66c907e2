// The reading-session index in a real browser: headless Debian Chromium driven by playwright-core.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";

test("index: ten cards, and the language toggle flips 日本語 ⇄ English", async (t) => {
  const server = await startServer({ port: 0 });
  try {
    await withBrowserPage(t, async (page) => {
      const missing: string[] = [];
      page.on("response", (r) => {
        if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${server.url}/`);
      assert.equal(await page.locator("article.paper").count(), 10);
      const firstTitle = page.locator("article.paper h2").first();
      assert.equal(
        (await firstTitle.innerText()).trim(),
        "簡単にアクセスできるテキストから画像への変換が、人口統計学的なステレオタイプを大規模に増幅する",
      );
      await page.getByRole("button", { name: "English" }).click();
      assert.equal(
        (await firstTitle.innerText()).trim(),
        "Easily Accessible Text-to-Image Generation Amplifies Demographic Stereotypes at Large Scale",
      );
      assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
      await page.reload();
      assert.equal(
        (await firstTitle.innerText()).trim(),
        "Easily Accessible Text-to-Image Generation Amplifies Demographic Stereotypes at Large Scale",
        "the language choice survives a reload",
      );
      await page.getByRole("button", { name: "日本語" }).click();
      assert.match(await page.locator("article.paper dl:visible").first().innerText(), /目的/);
      // Nothing the page loads is missing (the favicon was a 404).
      await page.waitForLoadState("networkidle");
      assert.equal(await page.evaluate(async () => (await fetch("/favicon.ico")).status), 200);
      assert.deepEqual(missing, []);
    });
  } finally {
    await server.close();
  }
});
