#!/usr/bin/env node
// Copies non-TypeScript assets that the built package needs (files under src/**/assets/) into dist/.
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    if (name === "assets") cpSync(p, join("dist", relative("src", p)), { recursive: true });
    else walk(p);
  }
}
if (existsSync("src")) walk("src");
