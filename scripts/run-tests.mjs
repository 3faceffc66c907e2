#!/usr/bin/env node
// Runs the test suite with Node's own test runner over the TypeScript sources (tsx loader).
// Usage: node scripts/run-tests.mjs [path-or-folder ...]   (default: src and test)
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const roots = process.argv.slice(2).length ? process.argv.slice(2) : ["src", "test"];
const files = [];
function walk(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) {
    if (p.endsWith(".test.ts")) files.push(p);
    return;
  }
  for (const name of readdirSync(p).sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    walk(join(p, name));
  }
}
for (const r of roots) walk(r);
if (files.length === 0) {
  console.error(`No test files under ${roots.join(", ")}.`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, ...files], {
  stdio: "inherit",
  env: { ...process.env, NODE_NO_WARNINGS: "1" },
});
process.exit(result.status ?? 1);
