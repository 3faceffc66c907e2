import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

describe("yomikai CLI", () => {
  test("--version prints the package version", async () => {
    const r = await runYomikai(["--version"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  test("--help lists the commands", async () => {
    const r = await runYomikai(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Commands:/);
    assert.match(r.stdout, /papers\s+List the ten papers/);
    assert.match(r.stdout, /serve\s+Start the reading-session web app/);
  });

  test("papers --json lists the ten arXiv ids of the deck, in deck order", async () => {
    const r = await runYomikai(["papers", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { arxiv: string; titleEn: string; titleJa: string; slug: string }[];
    assert.deepEqual(
      list.map((p) => p.arxiv),
      [
        "2211.03759",
        "2211.09800",
        "2211.05102",
        "2211.05100",
        "2211.00241",
        "2211.09066",
        "2211.01910",
        "2210.15257",
        "2211.12424",
        "2210.15097",
      ],
    );
    for (const p of list) {
      assert.ok(p.titleEn && p.titleJa && p.slug, JSON.stringify(p));
      assert.match(p.slug, /^[a-z0-9-]+$/);
    }
  });

  test("papers loads no web server code (a loader hook refuses dist/web/)", async () => {
    const dir = tempDir();
    const hooks = join(dir, "hooks.mjs");
    writeFileSync(
      hooks,
      `export async function resolve(s, c, next) { const r = await next(s, c); if (/\\/dist\\/web\\//.test(r.url)) throw new Error("web loaded: " + r.url); return r; }\n`,
    );
    const register = join(dir, "register.mjs");
    writeFileSync(register, `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const r = await runYomikai(["papers", "--json"], { env: { NODE_OPTIONS: `--import ${pathToFileURL(register).href}` } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 10);
    // The same hook does stop `serve`, so the check above can fail.
    const serve = await runYomikai(["serve", "--port", "0"], { env: { NODE_OPTIONS: `--import ${pathToFileURL(register).href}` } });
    assert.notEqual(serve.code, 0);
    assert.match(serve.stderr, /web loaded/);
  });

  test("papers in Japanese prints the deck's lines", async () => {
    const r = await runYomikai(["papers", "--lang", "ja"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /目的: 大規模モデルの推論コストを効率化する/);
  });

  test("an unknown command is one line, suggests the closest, exits 2", async () => {
    const r = await runYomikai(["pappers"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.match(r.stderr, /Unknown command "yomikai pappers" \(did you mean "yomikai papers"\?\)/);
  });

  test("an unknown flag is one line, suggests the closest, exits 2", async () => {
    const r = await runYomikai(["papers", "--jsn"]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      'yomikai: Unknown flag --jsn for "yomikai papers" (did you mean --json?). Run "yomikai papers --help" for its flags.',
    );
  });

  test("a bad flag value names the valid ones", async () => {
    const r = await runYomikai(["papers", "--lang", "fr"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--lang must be one of ja, en; got "fr"/);
  });

  test("serve on a busy port says so in one line", async () => {
    const { createServer } = await import("node:net");
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    const r = await runYomikai(["serve", "--port", String(port)]);
    blocker.close();
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`Port ${port} on 127.0.0.1 is in use`));
    assert.equal(r.stderr.trim().split("\n").length, 1);
  });

  test("serve with a host that does not resolve is one line, exit 1", async () => {
    const r = await runYomikai(["serve", "--host", "nosuchhost.invalid", "--port", "0"]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^yomikai: Cannot resolve --host nosuchhost\.invalid/);
  });

  test("serve warns on stderr when --host is not a loopback address", async () => {
    // 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning comes first, then the bind fails.
    const r = await runYomikai(["serve", "--host", "192.0.2.1", "--port", "0"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /warning: --host 192\.0\.2\.1 is not a loopback address/);
    assert.match(r.stderr, /Cannot bind 192\.0\.2\.1/);
  });

  test("serve --models with a path that is not a folder is a usage error", async () => {
    const r = await runYomikai(["serve", "--models", "/nonexistent/models", "--port", "0"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--models \/nonexistent\/models is not a folder/);
  });
});
