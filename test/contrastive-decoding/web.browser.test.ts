/**
 * The contrastive-decoding page in a real browser (headless Debian Chromium through playwright-core): with
 * no models configured, Generate uses the tiny random-weight demo pair and shows CD tokens, a plausible
 * set, and the random-weight label.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { closePageModels, contrastiveDecodingPage } from "../../src/web/pages/contrastive-decoding.js";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();
delete process.env.YOMIKAI_CD_EXPERT;
delete process.env.YOMIKAI_CD_AMATEUR;
after(closePageModels);

test("contrastive-decoding page: Generate with the demo pair shows CD tokens and a plausible set; bad input is one line", {
  timeout: 150_000,
}, async (t) => {
  const server = await startServer({ port: 0, pages: [contrastiveDecodingPage] });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/contrastive-decoding`);
      assert.equal(await page.locator("#cd-demo").isChecked(), true);
      assert.equal(await page.locator('input[name="expert"]').isDisabled(), true, "the model fields are off while the demo is ticked");
      await page.locator('input[name="maxTokens"]').fill("5");
      await page.locator('input[name="prompt"]').fill("The river opened");
      // The default values must pass the browser's own validation (number steps), or Generate does nothing.
      assert.equal(await page.locator("#cd-form").evaluate((f) => (f as HTMLFormElement).checkValidity()), true);
      await page.getByRole("button", { name: "Generate" }).click();
      await page
        .waitForSelector("#cd-out:not([hidden])", { timeout: 90_000 })
        .catch(async (e) => assert.fail(`${e}; status: ${await page.locator("#cd-status").innerText()}; page errors: ${errors}`));
      assert.equal(await page.locator("#cd-text .tok").count(), 5);
      assert.equal(await page.locator("#cd-demo-note").isVisible(), true);
      assert.match(await page.locator("#cd-demo-note").innerText(), /Random-weight demo models/);
      assert.match(await page.locator("#cd-status").innerText(), /tiny-expert\.gguf − tiny-amateur\.gguf/);
      const plausible = page.locator("#plausible");
      assert.match(await plausible.innerText(), /Step 1: \|V_head\| = \d+/);
      assert.ok((await plausible.locator("tr.chosen").count()) === 1, "the chosen token is marked");
      assert.ok((await plausible.locator("tr").count()) >= 2, "header plus at least one plausible token");
      // Another token's plausible set.
      await page.locator("#cd-text .tok").nth(2).click();
      assert.match(await plausible.innerText(), /Step 3: \|V_head\| = \d+/);
      // Bad input from the page: one line in the status, no page error, no stale output.
      const badInput = async (field: string, value: string, message: RegExp) => {
        await page.locator(`input[name="${field}"]`).fill(value);
        await page.getByRole("button", { name: "Generate" }).click();
        const line = await page.locator("#cd-error").innerText({ timeout: 30_000 });
        assert.match(line, message);
        assert.equal(line.split("\n").length, 1);
        assert.equal(await page.locator("#cd-out").isHidden(), true);
      };
      await badInput("prompt", "", /^The prompt is empty; type some text/);
      await page.locator('input[name="prompt"]').fill("The river opened");
      await badInput("alpha", "2", /^α must be a number above 0 up to 1; got "2"\. Leave it empty for 0\.1\.$/);
      await badInput("alpha", "0", /^α must be a number above 0/);
      await page.locator('input[name="alpha"]').fill("0.1");
      await badInput("amateurTemperature", "0", /^τ must be a number above 0 up to 100; got "0"/);
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
