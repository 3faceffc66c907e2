#!/usr/bin/env node
// Regenerates the reading-session doc figures: builds the seed-deck example (ja, en) with the built
// library, opens deck.html in Debian Chromium and saves two slides as PNG under docs/figures/.
// Usage: npm run build && node scripts/reading-session-figures.mjs
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import sharp from "sharp";
import { buildDeck, writeDeck } from "../dist/systems/reading-session/index.js";

const dir = mkdtempSync(join(tmpdir(), "yomikai-figures-"));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage({ viewport: { width: 1312, height: 800 } });
  for (const [lang, slide, name] of [
    ["ja", 3, "reading-session-slide-ja.png"],
    ["en", 11, "reading-session-slide-en.png"],
  ]) {
    const { deck } = await buildDeck({ example: true, lang });
    const files = await writeDeck(deck, join(dir, lang));
    await page.goto(`file://${files.html}`);
    const png = await page.locator("body > .marpit > svg").nth(slide).screenshot();
    await sharp(png)
      .resize({ width: 960 })
      .png({ palette: true, quality: 90 })
      .toFile(join("docs", "figures", name));
    console.log(`docs/figures/${name}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
