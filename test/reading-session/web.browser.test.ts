/**
 * The reading-session deck in a real browser (headless Debian Chromium through playwright-core): the
 * Marp-rendered deck.html opens, has one `<section>` per slide, no slide overflows its 1280×720 frame,
 * and a screenshot of a paper slide is a real picture (not blank). The web page builds the example deck
 * out of the box, previews it and serves the PPTX download.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { buildDeck, writeDeck } from "../../src/systems/reading-session/index.js";
import { startServer } from "../../src/web/server.js";
import { withBrowserPage } from "../utils/browser.js";
import { requireSystemBinary } from "../utils/system.js";
import { tempDir } from "../utils/tmp.js";

/** Slides whose content is taller than the slide (Marp clips it). */
const OVERFLOWING = () =>
  Array.from(document.querySelectorAll("section"))
    .filter((s) => s.scrollHeight > s.clientHeight + 1)
    .map((s) => s.id);

test("deck.html: Marp sections, nothing overflows, a paper slide screenshot shows the slide", { timeout: 120_000 }, async (t) => {
  if (!requireSystemBinary(t, "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf", "fonts-ipafont-gothic")) return;
  const dir = tempDir();
  const shots: string[] = [];
  await withBrowserPage(t, async (page) => {
    await page.setViewportSize({ width: 1312, height: 800 });
    for (const lang of ["ja", "en"] as const) {
      const { deck } = await buildDeck({ example: true, lang });
      const files = await writeDeck(deck, join(dir, lang));
      await page.goto(`file://${files.html}`);
      assert.equal(await page.locator("section").count(), 12);
      assert.deepEqual(await page.evaluate(OVERFLOWING), [], `${lang}: no slide overflows`);
      // Slide 4 = paper 2 (InstructPix2Pix): its lines and the link to its runnable page.
      const slide = page.locator("body > .marpit > svg").nth(3);
      const text = await slide.locator("section").innerText();
      assert.match(text, lang === "ja" ? /目的: 人間の指示で画像を編集する手法を提案/ : /Purpose: Propose a method that edits images/);
      assert.equal(await slide.locator('a[href="http://127.0.0.1:8080/instruct-pix2pix"]').count(), 1);
      const png = await slide.screenshot();
      const path = join(dir, `slide-${lang}.png`);
      writeFileSync(path, png);
      shots.push(path);
      const meta = await sharp(png).metadata();
      assert.ok((meta.width ?? 0) >= 1200 && Math.abs((meta.width ?? 0) / (meta.height ?? 1) - 16 / 9) < 0.02, "a 16:9 slide");
      const stats = await sharp(png).stats();
      assert.ok(
        stats.channels.every((c) => c.stdev > 10),
        "the slide has text on it, not a blank frame",
      );
      // Dark pixels (text) are a real share of the picture, and the top-left quarter holds the title.
      const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
      let dark = 0;
      let darkTopLeft = 0;
      for (let y = 0; y < info.height; y++)
        for (let x = 0; x < info.width; x++)
          if ((data[y * info.width + x] ?? 255) < 128) {
            dark++;
            if (y < info.height / 4 && x < info.width / 2) darkTopLeft++;
          }
      assert.ok(dark / (info.width * info.height) > 0.01, "text is drawn");
      assert.ok(darkTopLeft > 500, "the title sits at the top of the slide");
    }
  });
});

test("reading-session page: the seed deck builds out of the box, previews, and downloads as PPTX", { timeout: 120_000 }, async (t) => {
  const server = await startServer({ port: 0 });
  try {
    await withBrowserPage(t, async (page) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}/reading-session`);
      await page.waitForFunction(() => !(document.getElementById("result") as HTMLElement).hidden, undefined, { timeout: 60_000 });
      assert.match(await page.locator("#summary").innerText(), /12 slides, 10 papers summarised \(the seed deck's lines\)/);
      const frame = page.frameLocator("#preview");
      await frame.locator("section").nth(11).waitFor({ state: "attached" });
      assert.equal(await frame.locator("section").count(), 12);
      const href = await page.locator("#dl-pptx").getAttribute("href");
      const pptx = await page.evaluate(async (u) => {
        const r = await fetch(u as string);
        const b = new Uint8Array(await r.arrayBuffer());
        return { type: r.headers.get("content-type"), size: b.length, magic: String.fromCharCode(b[0] ?? 0, b[1] ?? 0) };
      }, href);
      assert.equal(pptx.type, "application/vnd.openxmlformats-officedocument.presentationml.presentation");
      assert.equal(pptx.magic, "PK");
      assert.ok(pptx.size > 20_000);

      // English, two papers: the preview rebuilds.
      await page.locator("#lang").selectOption("en");
      await page.locator("#ids").fill("2211.09800, 2210.15097");
      await page.locator("#build").click();
      await page.waitForFunction(() => /4 slides/.test(document.getElementById("summary")?.textContent ?? ""));
      await frame.locator("section").nth(3).waitFor({ state: "attached" });
      assert.match(await frame.locator("section").nth(2).innerText(), /Purpose: Propose a method that edits images/);

      // Without the seed deck's lines and without a model: a one-line error on the page.
      await page.locator("#example").uncheck();
      await page.locator("#build").click();
      await page.waitForFunction(() => document.getElementById("status")?.className === "error");
      assert.match(await page.locator("#status").innerText(), /Name a model/);
      assert.deepEqual(errors, []);
    });
  } finally {
    await server.close();
  }
});
