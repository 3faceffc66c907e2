import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { readDemoPairManifest } from "../../src/lm/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("yomikai cd demo-models", () => {
  test("copies the shipped KJV pair into the cache, prints a runnable generate line, and reuses it", { timeout: 120_000 }, async () => {
    const cache = tempDir();
    const env = { YOMIKAI_CACHE: cache };
    const r = await runYomikai(["cd", "demo-models"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /King James/);
    assert.match(r.stdout, /perplexity/);
    const expert = join(cache, "models", "demo", "kjv-expert.gguf");
    const amateur = join(cache, "models", "demo", "kjv-amateur.gguf");
    assert.ok(r.stdout.includes(`yomikai cd generate --expert ${expert} --amateur ${amateur}`), r.stdout);
    const manifest = readDemoPairManifest();
    assert.equal(sha256(expert), manifest.expert.sha256);
    assert.equal(sha256(amateur), manifest.amateur.sha256);

    const j = await runYomikai(["cd", "demo-models", "--json"], { env });
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout) as { expert: string; amateur: string; reused: boolean; randomWeights: boolean };
    assert.deepEqual([out.expert, out.amateur, out.reused, out.randomWeights], [expert, amateur, true, false]);

    // The printed pair runs through the real CLI and writes words.
    const g = await runYomikai(
      [
        "cd",
        "generate",
        "--expert",
        expert,
        "--amateur",
        amateur,
        "--prompt",
        "And Moses said unto the people,",
        "--max-tokens",
        "12",
        "--threads",
        "1",
        "--json",
      ],
      { env },
    );
    assert.equal(g.code, 0, g.stderr);
    const gen = JSON.parse(g.stdout) as { text: string; tokens: number[]; steps: unknown[] };
    assert.equal(gen.tokens.length, gen.steps.length);
    assert.ok(gen.tokens.length > 0 && gen.tokens.length <= 12);
    assert.match(gen.text, /[a-z]{2,} [a-z]{2,}/i, gen.text);
  });

  test("--out picks the folder; a file as --out is a one-line error", { timeout: 60_000 }, async () => {
    const dir = join(tempDir(), "pair");
    const r = await runYomikai(["cd", "demo-models", "--out", dir, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { expert: string }).expert, join(dir, "kjv-expert.gguf"));
    const file = join(tempDir(), "file.txt");
    writeFileSync(file, "x");
    const bad = await runYomikai(["cd", "demo-models", "--out", file]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /is a file, not a folder/);
    assert.equal(bad.stderr.trim().split("\n").length, 1);
  });
});
