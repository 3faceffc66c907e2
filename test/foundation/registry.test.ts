// The system registry is complete: every available system has its folder, export, CLI group, page, docs
// page and README section; every planned system is still listed; nothing exists that the registry lacks.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { commands } from "../../src/cli/commands/index.js";
import { papers } from "../../src/papers.js";
import { availableSystems, findSystem, papersJson, systems } from "../../src/registry.js";
import { systemPages } from "../../src/web/pages/index.js";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: Record<string, unknown> };
const readme = readFileSync("README.md", "utf8");
const headings = readme.split("\n").filter((l) => l.startsWith("### "));

describe("system registry", () => {
  test("lists every paper of the deck once, in deck order, plus systems without a paper", () => {
    const withPaper = systems.filter((s) => s.paper !== null);
    assert.deepEqual(
      withPaper.map((s) => s.slug),
      papers.map((p) => p.slug),
    );
    assert.equal(new Set(systems.map((s) => s.slug)).size, systems.length, "duplicate slug");
    assert.equal(new Set(systems.map((s) => s.cli)).size, systems.length, "duplicate CLI group");
    for (const s of systems) assert.match(s.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  for (const s of availableSystems()) {
    test(`${s.slug} (available) has every piece`, () => {
      assert.ok(existsSync(`${s.folder}/index.ts`), `${s.folder}/index.ts is missing`);
      assert.ok(pkg.exports[s.exportPath], `package.json#exports lacks "${s.exportPath}"`);
      assert.ok(
        commands.some((c) => c.name === s.cli),
        `CLI group "${s.cli}" is not listed in src/cli/commands/index.ts`,
      );
      assert.ok(
        systemPages.some((p) => p.slug === s.slug),
        `page "${s.slug}" is not listed in src/web/pages/index.ts`,
      );
      assert.ok(existsSync(s.docs), `${s.docs} is missing`);
      const section = s.arxiv ? `arXiv ${s.arxiv}` : s.title;
      assert.ok(
        headings.some((h) => h.includes(section)),
        `README.md has no "### …" section naming "${section}"`,
      );
      assert.match(readme, new RegExp(`\\| \`${s.slug}\` \\| available \\|`), `README table row of ${s.slug} is not "available"`);
    });
  }

  test("every system folder, page and CLI group belongs to a registered system", () => {
    for (const dir of readdirSync("src/systems", { withFileTypes: true }))
      if (dir.isDirectory()) assert.ok(findSystem(dir.name), `src/systems/${dir.name} has no registry entry`);
    for (const page of systemPages)
      assert.equal(findSystem(page.slug)?.status, "available", `page ${page.slug} is not an available system`);
    const systemCli = new Set(systems.map((s) => s.cli));
    for (const c of commands.filter((c) => systemCli.has(c.name)))
      assert.equal(systems.find((s) => s.cli === c.name)?.status, "available", `CLI group ${c.name} belongs to a planned system`);
  });

  test("papers JSON marks exactly the available systems as having a page", () => {
    const json = papersJson();
    assert.deepEqual(
      json.filter((p) => p.hasPage).map((p) => p.slug),
      availableSystems()
        .filter((s) => s.paper !== null)
        .map((s) => s.slug),
    );
    for (const p of json) assert.equal(p.status, findSystem(p.slug)?.status);
  });
});
