// Keeps package.json#exports and src/ in step: every public index.ts has an export, every export a source.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { systems } from "../../src/registry.js";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, string | { types: string; default: string }> };

/** The subpaths src/ implies: the root, each runtime folder, each system folder. */
function expectedSubpaths(): Map<string, string> {
  const expected = new Map<string, string>([[".", "src/index.ts"]]);
  for (const dir of readdirSync("src", { withFileTypes: true })) {
    if (!dir.isDirectory() || ["cli", "web", "systems"].includes(dir.name)) continue;
    if (existsSync(`src/${dir.name}/index.ts`)) expected.set(`./${dir.name}`, `src/${dir.name}/index.ts`);
  }
  for (const dir of readdirSync("src/systems", { withFileTypes: true })) {
    if (dir.isDirectory() && existsSync(`src/systems/${dir.name}/index.ts`))
      expected.set(`./${dir.name}`, `src/systems/${dir.name}/index.ts`);
  }
  return expected;
}

describe("package exports", () => {
  const expected = expectedSubpaths();
  const declared = Object.entries(pkg.exports).filter(([k]) => k !== "./package.json");

  test("every public index.ts has an exports entry", () => {
    for (const [subpath, source] of expected) assert.ok(pkg.exports[subpath], `Missing "${subpath}" in package.json#exports for ${source}`);
  });

  test("every available system in the registry has its exports entry", () => {
    for (const s of systems.filter((s) => s.status === "available"))
      assert.ok(pkg.exports[s.exportPath], `Missing "${s.exportPath}" in package.json#exports for the registered system ${s.slug}`);
  });

  test("every exports entry points at a source index.ts and its built files", () => {
    for (const [subpath, target] of declared) {
      assert.ok(expected.has(subpath), `package.json#exports has "${subpath}" but no src index.ts behind it`);
      const t = target as { types: string; default: string };
      const source = expected.get(subpath) as string;
      const built = source.replace(/^src\//, "./dist/").replace(/\.ts$/, ".js");
      assert.equal(t.default, built, `"${subpath}" should point at ${built}`);
      assert.equal(t.types, built.replace(/\.js$/, ".d.ts"));
    }
  });
});
