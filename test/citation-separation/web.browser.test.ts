/**
 * The citation-separation page in a real browser (headless Debian Chromium through playwright-core):
 * it loads with the unanimous heatmap, and changing the policy or the multinational box redraws the
 * heatmaps with the numbers the API computes for that setting, without page errors.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Region } from "../../src/systems/citation-separation/index.js";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";

interface Api {
  papersCounts: { mixed: number };
  ratios: Record<Region, Record<Region, number | null>>;
}

test("citation-separation page: policy and multinational controls redraw the heatmap", { timeout: 120_000 }, async (t) => {
  const server = await startServer({ port: 0 });
  const api = async (query: string) => (await (await fetch(`${server.url}/api/citation-separation/analyze?${query}`)).json()) as Api;
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("response", (r) => {
        if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${server.url}/citation-separation`);
      const heatmapText = () => page.locator("#cs-ratio svg").textContent();
      const settled = () => page.waitForFunction(() => document.querySelector("#cs-status")?.textContent === "");
      assert.match(await page.locator("body").innerText(), /SYNTHETIC DATA/);
      assert.equal(await page.locator("#cs-policy").inputValue(), "unanimous");
      const unanimous = await api("policy=unanimous&multinationals=keep");
      const before = (await heatmapText()) ?? "";
      assert.ok(before.includes((unanimous.ratios.us.cn as number).toFixed(2)), "the heatmap shows the API's us→cn ratio");
      assert.match(await page.locator("#cs-papers").innerText(), new RegExp(`mixed ${unanimous.papersCounts.mixed}`));

      // fractional: no mixed papers, and the ratios change
      await page.locator("#cs-policy").selectOption("fractional");
      await page.waitForFunction((old) => document.querySelector("#cs-ratio svg")?.textContent !== old, before);
      await settled();
      const fractional = await api("policy=fractional&multinationals=keep");
      const afterPolicy = (await heatmapText()) ?? "";
      assert.ok(afterPolicy.includes((fractional.ratios.us.cn as number).toFixed(2)));
      assert.match(await page.locator("#cs-papers").innerText(), /mixed 0 /);
      assert.match(await page.locator("#cs-settings").innerText(), /policy fractional; .*multinationals keep/);

      // drop multinational affiliations: the settings line and the heatmap follow
      await page.locator("#cs-multi").check();
      await page.waitForFunction(() => /drop-affiliation/.test(document.querySelector("#cs-settings")?.textContent ?? ""));
      await settled();
      const dropped = await api("policy=fractional&multinationals=drop");
      const afterMulti = (await heatmapText()) ?? "";
      assert.notEqual(afterMulti, afterPolicy);
      assert.ok(afterMulti.includes((dropped.ratios.cn.us as number).toFixed(2)));
      assert.equal(await page.locator("#cs-status").innerText(), "");
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
