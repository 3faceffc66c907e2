/**
 * Helpers for tests that need something installed on the machine (GNU Go, Chromium): locally they skip
 * with a loud message when it is missing; under CI (`CI=true`) a missing dependency fails the test.
 */
import { existsSync } from "node:fs";
import type { TestContext } from "node:test";

/** True when running under CI. */
export const isCI = process.env.CI === "true" || process.env.CI === "1";

/**
 * Returns `path` if it exists. Otherwise: under CI throws (the test fails); locally marks the test
 * skipped with a loud message and returns undefined.
 */
export function requireSystemBinary(t: TestContext, path: string, debianPackage: string): string | undefined {
  if (existsSync(path)) return path;
  const message = `${path} is missing: install it with "apt-get install -y ${debianPackage}" (.ci/run does this).`;
  if (isCI) throw new Error(`CI needs ${message}`);
  process.stderr.write(`\n!!! SKIPPED: ${message}\n\n`);
  t.skip(message);
  return undefined;
}
