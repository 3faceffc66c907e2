#!/usr/bin/env node
// Runs the benchmark scripts (bench/*.bench.ts) one after another, or only those whose name contains
// one of the arguments: `npm run bench -- inference-planner`.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

const filters = process.argv.slice(2);
const scripts = readdirSync("bench")
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (scripts.length === 0) {
  console.error(`No bench/*.bench.ts matches ${filters.join(", ") || "(none present)"}.`);
  process.exit(1);
}
let failed = 0;
for (const s of scripts) {
  console.error(`\n=== bench/${s}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", `bench/${s}`], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
