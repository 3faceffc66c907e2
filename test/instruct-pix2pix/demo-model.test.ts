/**
 * `yomikai edit demo-model` as a user runs it (the built CLI): it writes the tiny random-weight
 * InstructPix2Pix folder into the cache, prints a ready-to-run edit line, and that line works.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import sharp from "sharp";
import { writeTinyInstructPix2PixModel } from "../../src/diffusion/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("yomikai edit demo-model", () => {
  test("writes the demo folder into the cache, prints a runnable edit line, and reuses it", { timeout: 120_000 }, async () => {
    const cache = tempDir();
    const env = { YOMIKAI_CACHE: cache };
    const r = await runYomikai(["edit", "demo-model"], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Wrote a tiny random-weight InstructPix2Pix model \(no download; the edit is noise\):/);
    const model = join(cache, "models", "demo", "instruct-pix2pix");
    const image = join(model, "example-input.png");
    assert.ok(r.stdout.includes(`yomikai edit --model ${model} --image ${image} --instruction "make it red"`), r.stdout);
    // The same bytes as the library's seed-1 model.
    const ref = writeTinyInstructPix2PixModel(join(tempDir(), "ref"), { seed: 1 });
    for (const part of ["unet/model.onnx", "text_encoder/model.onnx", "vae_decoder/model.onnx", "tokenizer/merges.txt"])
      assert.equal(sha256(join(model, part)), sha256(join(ref, part)), part);

    const j = await runYomikai(["edit", "demo-model", "--json"], { env });
    assert.equal(j.code, 0, j.stderr);
    const out = JSON.parse(j.stdout) as { model: string; image: string; reused: boolean; randomWeights: boolean; command: string };
    assert.deepEqual([out.model, out.image, out.reused, out.randomWeights], [model, image, true, true]);

    // The printed line runs through the real CLI (fewer steps to stay fast).
    const png = join(tempDir(), "demo-edit.png");
    const e = await runYomikai(
      ["edit", "--model", model, "--image", image, "--instruction", "make it red", "--steps", "3", "--resolution", "128", "--out", png],
      { env },
    );
    assert.equal(e.code, 0, e.stderr);
    const meta = await sharp(png).metadata();
    assert.deepEqual([meta.width, meta.height], [128, 96]);
  });

  test("--out picks the folder; a file as --out is a one-line error", { timeout: 60_000 }, async () => {
    const dir = join(tempDir(), "ip2p");
    const r = await runYomikai(["edit", "demo-model", "--out", dir, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { model: string }).model, dir);
    const file = join(tempDir(), "file.txt");
    writeFileSync(file, "x");
    const bad = await runYomikai(["edit", "demo-model", "--out", file]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /is a file, not a folder/);
    assert.equal(bad.stderr.trim().split("\n").length, 1);
  });
});
