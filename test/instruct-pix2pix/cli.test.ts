/**
 * `yomikai edit` as a user runs it (the built CLI), on model folders it has never seen.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { buildTinyClipModel, buildTinyDiffusionModel, writeTestImage } from "../fixtures/onnx/diffusionFixtures.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

describe("yomikai edit (CLI)", async () => {
  const dir = tempDir();
  const model = buildTinyDiffusionModel(join(dir, "never-seen-model"), { seed: 42 });
  await writeTestImage(join(dir, "in.png"), 90, 60);
  await writeTestImage(join(dir, "in.jpg"), 80, 50, "jpeg");
  const edit = (extra: string[]) =>
    runYomikai(["edit", "--model", model, "--instruction", "make it red", "--resolution", "128", "--steps", "6", ...extra]);

  it("edits end to end, keeps the input size and is reproducible by seed", async () => {
    const out1 = join(dir, "o1.png");
    const out2 = join(dir, "o2.png");
    const r1 = await edit(["--image", join(dir, "in.png"), "--out", out1, "--seed", "5"]);
    assert.equal(r1.code, 0, r1.stderr);
    assert.match(r1.stdout, /Wrote .*o1\.png \(90×60; worked at 192×128, 6 euler-ancestral steps, s_T 7\.5, s_I 1\.5, seed 5/);
    assert.match(r1.stderr, /denoise: started \(6 steps\)/);
    const meta = await sharp(out1).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ["png", 90, 60]);
    const r2 = await edit(["--image", join(dir, "in.png"), "--out", out2, "--seed", "5"]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.deepEqual(readFileSync(out1), readFileSync(out2));
  });

  it("responds to the guidance scales and takes JPEG input, with --json", async () => {
    const a = join(dir, "ga.png");
    const b = join(dir, "gb.png");
    const ra = await edit(["--image", join(dir, "in.jpg"), "--out", a, "--json"]);
    const rb = await edit(["--image", join(dir, "in.jpg"), "--out", b, "--text-guidance", "12", "--image-guidance", "1.2"]);
    assert.equal(ra.code, 0, ra.stderr);
    assert.equal(rb.code, 0, rb.stderr);
    const json = JSON.parse(ra.stdout);
    assert.equal(json.width, 80);
    assert.equal(json.seed, 0);
    assert.equal(json.textGuidance, 7.5);
    assert.notDeepEqual(readFileSync(a), readFileSync(b));
  });

  it("takes a mask and the k-diffusion σ schedule", async () => {
    await writeTestImage(join(dir, "mask.png"), 20, 20);
    const out = join(dir, "masked.png");
    const r = await edit([
      "--image",
      join(dir, "in.png"),
      "--mask",
      join(dir, "mask.png"),
      "--sigma-schedule",
      "k-diffusion",
      "--out",
      out,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).masked, true);
    const bad = await edit(["--image", join(dir, "in.png"), "--sigma-schedule", "k-diffusion", "--scheduler", "ddim", "--out", out]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Euler samplers only/);
  });

  it("gives one-line errors for a missing part, an unreadable image and a wrong UNet", async () => {
    const noVae = buildTinyDiffusionModel(join(dir, "no-vae"), { omit: ["vae_decoder"] });
    const wrong = buildTinyDiffusionModel(join(dir, "sd-unet"), { unetInChannels: 4 });
    writeFileSync(join(dir, "broken.png"), "this is not an image");
    const cases: [string[], RegExp][] = [
      [
        ["--model", noVae, "--image", join(dir, "in.png")],
        /^yomikai: VAE decoder \(vae_decoder\/model\.onnx\) not found: .*no-vae\/vae_decoder\/model\.onnx\./,
      ],
      [
        ["--model", model, "--image", join(dir, "broken.png")],
        /^yomikai: .*broken\.png: not a valid image file \(could not decode it as PNG or JPEG/,
      ],
      [["--model", model, "--image", join(dir, "missing.png")], /^yomikai: Image not found: .*missing\.png/],
      [
        ["--model", wrong, "--image", join(dir, "in.png")],
        /^yomikai: .*sd-unet: not an InstructPix2Pix model \(its UNet takes 4 input channels/,
      ],
    ];
    for (const [args, pattern] of cases) {
      const r = await runYomikai(["edit", "--instruction", "x", "--out", join(dir, "never.png"), ...args]);
      assert.equal(r.code, 1, r.stderr);
      // Progress lines may precede it; the error itself is exactly one line, the last one.
      const lines = r.stderr.trim().split("\n");
      assert.match(lines[lines.length - 1] as string, pattern);
      assert.equal(lines.filter((l) => l.startsWith("yomikai:")).length, 1, r.stderr);
    }
    const noOut = await runYomikai([
      "edit",
      "--model",
      model,
      "--image",
      join(dir, "in.png"),
      "--instruction",
      "x",
      "--out",
      join(dir, "x.jpg"),
    ]);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out must be a \.png file/);
  });

  it("refuses negative guidance, wrong output types and a broken scheduler config in one line each", async () => {
    const broken = buildTinyDiffusionModel(join(dir, "bad-scheduler"));
    writeFileSync(join(broken, "scheduler", "scheduler_config.json"), "null");
    const img = join(dir, "in.png");
    const cases: [string[], number, RegExp][] = [
      [
        ["edit", "--model", model, "--image", img, "--instruction", "x", "--out", join(dir, "n.png"), "--text-guidance", "-1"],
        2,
        /--text-guidance must be at least 0; got -1/,
      ],
      [
        ["edit", "sweep", "--model", model, "--image", img, "--instruction", "x", "--out", join(dir, "g.png"), "--image-scales", "1,-2"],
        2,
        /--image-scales needs guidance scales \(numbers ≥ 0\)/,
      ],
      [
        [
          "edit",
          "metrics",
          "--clip",
          join(dir, "c"),
          "--image",
          img,
          "--edited",
          img,
          "--input-caption",
          "a",
          "--output-caption",
          "b",
          "--out",
          join(dir, "c.svg"),
        ],
        2,
        /--out draws the s_I curve: use it with --model/,
      ],
      [
        [
          "edit",
          "metrics",
          "--clip",
          join(dir, "c"),
          "--image",
          img,
          "--model",
          model,
          "--instruction",
          "x",
          "--input-caption",
          "a",
          "--output-caption",
          "b",
          "--out",
          join(dir, "c.png"),
        ],
        2,
        /--out must be a \.svg file/,
      ],
      [
        ["edit", "--model", broken, "--image", img, "--instruction", "x", "--out", join(dir, "n.png")],
        1,
        /scheduler_config\.json: not a valid scheduler config file \(expected a JSON object; fix the file or delete it/,
      ],
    ];
    for (const [args, code, pattern] of cases) {
      const r = await runYomikai(args);
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      const lines = r.stderr.trim().split("\n");
      assert.match(lines.at(-1) as string, pattern);
      assert.equal(lines.filter((l) => l.startsWith("yomikai:")).length, 1, r.stderr);
    }
  });

  it("renders the s_T × s_I grid with `edit sweep`", async () => {
    const grid = join(dir, "grid.png");
    const r = await runYomikai([
      "edit",
      "sweep",
      "--model",
      model,
      "--image",
      join(dir, "in.png"),
      "--instruction",
      "make it blue",
      "--resolution",
      "64",
      "--steps",
      "3",
      "--text-scales",
      "3,7.5",
      "--image-scales",
      "1,1.5,2",
      "--cell-size",
      "48",
      "--out",
      grid,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 s_I rows × 2 s_T columns/);
    const meta = await sharp(grid).metadata();
    assert.equal(meta.format, "png");
    assert.ok((meta.width ?? 0) > 3 * 48 && (meta.height ?? 0) > 3 * 32);
  });

  it("scores an edit with `edit metrics`", async () => {
    const clip = buildTinyClipModel(join(dir, "clip"));
    const out = join(dir, "scored.png");
    await edit(["--image", join(dir, "in.png"), "--out", out]);
    const r = await runYomikai([
      "edit",
      "metrics",
      "--clip",
      clip,
      "--image",
      join(dir, "in.png"),
      "--edited",
      out,
      "--input-caption",
      "a photo",
      "--output-caption",
      "a red photo",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const m = JSON.parse(r.stdout);
    for (const k of ["imageSimilarity", "directionSimilarity", "inputTextSimilarity", "outputTextSimilarity"])
      assert.equal(typeof m[k], "number");
    const bad = await runYomikai([
      "edit",
      "metrics",
      "--clip",
      clip,
      "--image",
      join(dir, "in.png"),
      "--input-caption",
      "a",
      "--output-caption",
      "b",
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Give --edited FILE to score one edit, or --model DIR/);
  });
});
