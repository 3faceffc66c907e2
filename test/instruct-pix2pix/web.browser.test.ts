/**
 * The InstructPix2Pix page in a real browser (headless Debian Chromium through playwright-core), on a
 * tiny model folder in the Hugging Face ONNX layout run by onnxruntime-node: upload an image, write an
 * instruction, move the s_T slider, and the edited image and the grid come back and change. It starts
 * on the tiny random demo model (ticked by default: no folder needed, output labelled as noise), then
 * unticks it and runs on a model folder typed in.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { decodeImage } from "../../src/diffusion/index.js";
import { startServer } from "../../src/web/server.js";
import { buildTinyDiffusionModel, writeTestImage } from "../fixtures/onnx/diffusionFixtures.js";
import { withBrowserPage } from "../utils/browser.js";
import { tempDir } from "../utils/tmp.js";

// The demo model goes into <YOMIKAI_CACHE>/models/demo/instruct-pix2pix: keep it out of the real cache.
process.env.YOMIKAI_CACHE = tempDir();
delete process.env.YOMIKAI_IP2P_MODEL;

test("instruct-pix2pix page: demo model by default, upload, edit, move a slider, grid, then a typed model folder", {
  timeout: 120_000,
}, async (t) => {
  const dir = tempDir();
  const model = buildTinyDiffusionModel(join(dir, "model"), { seed: 7 });
  await writeTestImage(join(dir, "in.png"), 72, 40);
  // The typed model folder must be one the server was started with (yomikai serve --models DIR).
  const server = await startServer({ port: 0, modelDirs: [dir] });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/instruct-pix2pix`);

      // The demo box is ticked by default and greys out the folder field.
      assert.equal(await page.locator("#demo").isChecked(), true);
      assert.equal(await page.locator("#model").isDisabled(), true);
      assert.equal(await page.locator("#demoNote").isVisible(), false);

      // With the demo model and no image, one click edits the demo's example picture (128×96).
      await page.locator("#steps").fill("2");
      await page.locator("#resolution").fill("64");
      await page.locator("#run").click();
      await page.waitForFunction(() => /seed \d+, [\d.]+ s$/.test(document.querySelector("#status")?.textContent ?? ""));
      assert.match(await page.locator("#status").innerText(), /^128×96 /);

      await page.locator("#file").setInputFiles(join(dir, "in.png"));
      await page.waitForFunction(() => !(document.querySelector("#preview") as HTMLImageElement).hidden);
      await page.locator("#instruction").fill("make it red");
      await page.locator("#steps").fill("3");
      await page.locator("#resolution").fill("64");

      const editOnce = async (): Promise<string> => {
        await page.evaluate(() => {
          const s = document.querySelector("#status") as HTMLElement;
          s.textContent = "";
        });
        await page.locator("#run").click();
        await page.waitForFunction(() => /seed \d+, [\d.]+ s$/.test(document.querySelector("#status")?.textContent ?? ""));
        return (await page.locator("#result").getAttribute("src")) ?? "";
      };

      const first = await editOnce();
      assert.match(await page.locator("#status").innerText(), /^72×40 .*3 steps, s_T 7\.5, s_I 1\.5, seed 0/);
      assert.equal(await page.locator("#result").isVisible(), true);
      const png = await decodeImage(Buffer.from(first.split(",")[1] as string, "base64"));
      assert.deepEqual([png.width, png.height], [72, 40], "the edit keeps the input's size");
      assert.equal(await page.locator("#demoNote").isVisible(), true, "a demo result is labelled as random-weight output");
      assert.match(await page.locator("#demoNote").innerText(), /^Random-weight demo model: this output is noise\./);

      // Move the s_T slider: its label follows, and the next edit differs.
      await page.locator("#sT").fill("12");
      assert.equal(await page.locator("#sTv").innerText(), "12");
      const second = await editOnce();
      assert.match(await page.locator("#status").innerText(), /s_T 12, s_I 1\.5/);
      assert.notEqual(second, first, "a different s_T gives a different image");

      // Same settings again: the same image (seeded).
      assert.equal(await editOnce(), second);

      await page.locator("#sweep").click();
      await page.waitForFunction(() => /^9 edits, seed 0$/.test(document.querySelector("#sweepStatus")?.textContent ?? ""));
      const grid = (await page.locator("#grid").getAttribute("src")) ?? "";
      const g = await decodeImage(Buffer.from(grid.split(",")[1] as string, "base64"));
      assert.ok(g.width > 3 * 64 && g.height > 3 * 32, `${g.width}×${g.height}`);
      assert.equal(await page.locator("#sweepDemoNote").isVisible(), true);

      // Untick the demo: the typed folder is used and the noise label goes away.
      await page.locator("#demo").uncheck();
      assert.equal(await page.locator("#model").isDisabled(), false);
      await page.locator("#model").fill(model);
      const own = await editOnce();
      assert.match(await page.locator("#status").innerText(), /^72×40 .*s_T 12, s_I 1\.5, seed 0/);
      assert.notEqual(own, second, "another model, another image");
      assert.equal(await page.locator("#demoNote").isVisible(), false);
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
