/**
 * Headless Debian Chromium through playwright-core for web tests. Locally, a missing /usr/bin/chromium
 * skips the test loudly; under CI it fails (see system.ts).
 */
import type { TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { requireSystemBinary } from "./system.js";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** Launches Chromium, gives `fn` a fresh page, and always closes the browser. Returns false if skipped. */
export async function withBrowserPage(t: TestContext, fn: (page: Page) => Promise<void>): Promise<boolean> {
  const executablePath = requireSystemBinary(t, "/usr/bin/chromium", "chromium");
  if (!executablePath) return false;
  const { chromium } = await import("playwright-core");
  const browser: Browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    await fn(page);
  } finally {
    await browser.close();
  }
  return true;
}
