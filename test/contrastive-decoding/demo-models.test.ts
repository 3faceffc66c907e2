import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("yomikai cd demo-models", () => {
  test("writes the tiny random pair into the cache, prints a runnable generate line, and reuses it", { timeout: 120_000 }, async () => {
    const cache = tempDir();
    const env = { YOMIKAI_CACHE: cache };
    const r = await runYomikai(["cd", "demo-models"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /random-weight/);
    assert.match(r.stdout, /noise/);
    const expert = join(cache, "models", "demo", "tiny-expert.gguf");
    const amateur = join(cache, "models", "demo", "tiny-amateur.gguf");
    assert.ok(r.stdout.includes(`yomikai cd generate --expert ${expert} --amateur ${amateur}`), r.stdout);
    const tiny = writeTinyModels(tempDir());
    assert.equal(sha256(expert), sha256(tiny.expert));
    assert.equal(sha256(amateur), sha256(tiny.amateur));

    const j = await runYomikai(["cd", "demo-models", "--json"], { env });
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout) as { expert: string; amateur: string; reused: boolean; randomWeights: boolean };
    assert.deepEqual([out.expert, out.amateur, out.reused, out.randomWeights], [expert, amateur, true, true]);

    // The printed pair runs through the real CLI.
    const g = await runYomikai(
      ["cd", "generate", "--expert", expert, "--amateur", amateur, "--prompt", "The city", "--max-tokens", "3", "--threads", "1", "--json"],
      { env },
    );
    assert.equal(g.code, 0, g.stderr);
    const gen = JSON.parse(g.stdout) as { tokens: number[]; steps: unknown[] };
    assert.equal(gen.tokens.length, 3);
    assert.equal(gen.steps.length, 3);
  });

  test("--out picks the folder; a file as --out is a one-line error", { timeout: 60_000 }, async () => {
    const dir = join(tempDir(), "pair");
    const r = await runYomikai(["cd", "demo-models", "--out", dir, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { expert: string }).expert, join(dir, "tiny-expert.gguf"));
    const file = join(tempDir(), "file.txt");
    writeFileSync(file, "x");
    const bad = await runYomikai(["cd", "demo-models", "--out", file]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /is a file, not a folder/);
    assert.equal(bad.stderr.trim().split("\n").length, 1);
  });
});
