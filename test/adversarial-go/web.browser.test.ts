// The replay page in real Chromium: the shipped bench games are listed by condition, the first default
// game opens with its board and the victim's passes, and a pass button jumps to that move.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";

test("adversarial-go page: lists games by condition and replays one to the victim's pass", async (t) => {
  const server = await startServer({ port: 0 });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${server.url}/adversarial-go`);
      await page.locator("table.games th", { hasText: "default" }).waitFor();
      assert.ok((await page.locator("table.games button").count()) >= 20);
      await page.locator("#passes button").first().waitFor();
      assert.match((await page.locator("#meta").innerText()) ?? "", /rules Tromp-Taylor/);
      const passButton = page.locator("#passes button").first();
      const move = Number((await passButton.getAttribute("data-go")) ?? "NaN");
      await passButton.click();
      assert.equal(Number(await page.locator("#slider").inputValue()), move);
      const replayed = page.waitForResponse((r) => r.url().endsWith("/api/adversarial-go/replay") && r.status() === 200);
      await page.locator("table.games tr", { hasText: "harden" }).locator("button").first().click();
      const body = (await (await replayed).json()) as { moves: unknown[] };
      await page.waitForFunction((n) => Number((document.querySelector("#slider") as HTMLInputElement).max) === n, body.moves.length);
      assert.equal(await page.locator("#err").innerText(), "");
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
