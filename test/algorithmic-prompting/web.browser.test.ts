/**
 * The algorithmic-prompting page in a real browser: out of the box it shows a problem, the prompt and a
 * trace with one changed step, and marks that step; a pasted trace and the demo model work too.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { algorithmicPromptingPage, closeAlgoPageModels } from "../../src/web/pages/algorithmic-prompting.js";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();
after(closeAlgoPageModels);

test("algorithmic-prompting page: problem, prompt and trace side by side, first wrong step marked", { timeout: 150_000 }, async (t) => {
  const server = await startServer({ port: 0, pages: [algorithmicPromptingPage] });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/algorithmic-prompting`);
      await page
        .waitForSelector("#ap-out:not([hidden])", { timeout: 30_000 })
        .catch(async (e) => assert.fail(`${e}; ${await page.locator("#ap-status").innerText()}; ${errors}`));
      assert.equal(await page.locator("#ap-problem").innerText(), "3956+7468 = 11424");
      assert.match(
        await page.locator("#ap-prompt").innerText(),
        /^Problem: 128\+367=[\s\S]*Problem: 9980\+29=[\s\S]*Problem: 3956\+7468=\nExplanation:\s*$/,
      );
      assert.equal(await page.locator("#ap-wrong").innerText(), "Since 6+8+0=15, 14>10, 14%10=4.");
      assert.equal(await page.locator("#ap-error-message").innerText(), "6+8+0 is 14, not 15");
      assert.ok((await page.locator(".sent.right").count()) > 5, "the steps before it are marked right");

      // A pasted trace that stops early.
      await page.locator("#ap-source").selectOption("paste");
      await page.locator("#ap-paste").fill("The first number is 3956, FN=[3,9,5,6]. The second number is 7468, SN=[7,4,6,8].");
      await page.getByRole("button", { name: "Run" }).click();
      await page.waitForFunction(
        () => document.getElementById("ap-error-message")?.textContent === "the trace stops before its final answer",
      );

      // The demo model (random weights): runs, says so.
      await page.locator("#ap-source").selectOption("demo");
      await page.locator('input[name="maxTokens"]').fill("8");
      await page.getByRole("button", { name: "Run" }).click();
      await page.waitForSelector("#ap-demo-note:not([hidden])", { timeout: 60_000 });
      assert.match(await page.locator("#ap-status").innerText(), /algo-demo\.gguf, greedy/);

      // Bad input: one line.
      await page.locator("#ap-source").selectOption("example");
      await page.locator('input[name="a"]').fill("12x");
      await page.getByRole("button", { name: "Run" }).click();
      const line = await page.locator("#ap-error").innerText({ timeout: 10_000 });
      assert.match(line, /^The first number must be a non-negative whole number/);
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
