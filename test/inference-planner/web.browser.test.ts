/**
 * The inference planner page in a real browser (headless Debian Chromium through playwright-core):
 * it loads, plans, and re-plans live when a slider or the int8 box changes.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";

test("inference-planner page: the plan and the frontier update live from the sliders", { timeout: 120_000 }, async (t) => {
  const server = await startServer({ port: 0 });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/inference-planner`);
      const plan = page.locator("#plan");
      // Defaults: PaLM 540B on 64 TPU v4, decode, batch 2^6 = 64, context 2048, int8.
      await page.waitForFunction(() => document.querySelector("#plan h2") !== null);
      assert.equal(await page.locator("#chips-out").innerText(), "64");
      assert.equal(await page.locator("#batch-out").innerText(), "64");
      assert.match(await plan.innerText(), /2d-weight-stationary · attention over batch/);
      const latencyCell = plan.locator("table tr").first().locator("td");
      const before = await latencyCell.innerText();
      assert.match(before, /ms\/token/);
      await page.waitForFunction(() => document.querySelector("#frontier svg") !== null);

      // Batch slider: 2^6 → 2^9 = 512 sequences; the latency must change.
      await page.locator("#batch").fill("9");
      await page.waitForFunction(() => document.querySelector("#batch-out")?.textContent === "512");
      await page.waitForFunction((old) => document.querySelector("#plan table td")?.textContent !== old, before);
      const atBatch512 = await latencyCell.innerText();
      assert.notEqual(atBatch512, before);

      // int8 off: bf16 weights take twice the memory per chip.
      const memory = async () => plan.locator("tr", { hasText: "memory/chip" }).locator("td").innerText();
      const int8Memory = await memory();
      await page.locator("#int8").uncheck();
      await page.waitForFunction((old) => {
        const row = Array.from(document.querySelectorAll("#plan tr")).find((r) => r.textContent?.includes("memory/chip"));
        return row !== undefined && row.querySelector("td")?.textContent !== old;
      }, int8Memory);
      const weights = (s: string) => Number(/weights ([\d.]+) GiB/.exec(s)?.[1]);
      assert.ok(Math.abs(weights(await memory()) / weights(int8Memory) - 2) < 0.05, `${int8Memory} → ${await memory()}`);

      // Phase prefill: the frontier is re-swept and redrawn.
      const frontierBefore = await page.locator("#frontier").innerHTML();
      await page.locator("#phase").selectOption("prefill");
      await page.waitForFunction(
        (old) => document.querySelector("#frontier svg") !== null && document.querySelector("#frontier")?.innerHTML !== old,
        frontierBefore,
      );
      assert.match(await plan.innerText(), /weight-gathered|weight-stationary/);

      // A GPU profile offers only chip counts its nodes allow and prints engine settings.
      await page.locator("#hardware").selectOption("h100");
      await page.locator("#phase").selectOption("decode");
      await page.waitForFunction(() => document.querySelector("#plan")?.textContent?.includes("vLLM") ?? false);
      assert.match(await plan.innerText(), /--tensor-parallel-size \d+/);
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
