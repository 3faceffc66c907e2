/** `yomikai mode` as a user runs it (the built CLI) on the demo experts and on folders it has never seen. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { writeTinyTextToImageModel } from "../../src/diffusion/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

describe("yomikai mode (CLI)", async () => {
  const dir = tempDir();
  const env = { YOMIKAI_CACHE: join(dir, "cache") };
  const mode = (args: string[]) => runYomikai(["mode", ...args], { env });
  const a = writeTinyTextToImageModel(join(dir, "a"), { seed: 3 });
  const b = writeTinyTextToImageModel(join(dir, "b"), { seed: 3 });

  it("writes the demo experts and prints commands that run", async () => {
    const r = await mode(["demo-models", "--out", join(dir, "demo"), "--count", "2", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const demo = JSON.parse(r.stdout);
    assert.equal(demo.experts.length, 2);
    assert.equal(demo.randomWeights, true);
    assert.match(demo.command, /^yomikai mode generate --experts /);
  });

  it("generate --json gives { out, steps: [{ step, timestep, expert }] } and the same bytes for the same seed", async () => {
    const out1 = join(dir, "g1.png");
    const out2 = join(dir, "g2.png");
    const args = [
      "generate",
      "--experts",
      `${a},${b}`,
      "--boundaries",
      "0.5",
      "--prompt",
      "a red cat",
      "--width",
      "64",
      "--height",
      "64",
      "--steps",
      "6",
    ];
    const r1 = await mode([...args, "--out", out1, "--json"]);
    assert.equal(r1.code, 0, r1.stderr);
    const json = JSON.parse(r1.stdout);
    assert.equal(json.out, out1);
    assert.deepEqual(Object.keys(json.steps[0]), ["step", "timestep", "expert"]);
    // DDIM, 6 leading steps (1000 // 6 = 166 apart, offset 1): 831, 665, then 499 < 500 → expert 2.
    assert.deepEqual(
      json.steps.map((s: { expert: number }) => s.expert),
      [1, 1, 2, 2, 2, 2],
    );
    assert.deepEqual(
      json.steps.map((s: { timestep: number }) => s.timestep),
      [831, 665, 499, 333, 167, 1],
    );
    const r2 = await mode([...args, "--out", out2]);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stdout, /expert 2 \(.*\): steps 3–6, t 499→1/);
    assert.deepEqual(readFileSync(out1), readFileSync(out2));
  });

  it("runs the first --help example (demo experts, no download)", async () => {
    const help = await mode(["generate", "--help"]);
    const first = /Examples:\n {2}yomikai mode (.*?) {3}#/.exec(help.stdout)?.[1];
    assert.ok(first, help.stdout);
    const args = (first.match(/"[^"]*"|\S+/g) ?? []).map((s) => s.replace(/^"|"$/g, ""));
    const out = join(dir, "first.png");
    const r = await mode([...args.slice(0, -1), out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /expert 10 \(.*expert-10\): steps 19–20/);
  });

  it("gives one-line errors for bad routing, sizes and missing experts", async () => {
    const base = ["generate", "--prompt", "x", "--out", join(dir, "e.png")];
    const cases: [string[], RegExp, number][] = [
      [["--experts", `${a},${b}`, "--blocks", "3"], /--blocks 3 needs 3 experts/, 2],
      [["--experts", `${a},${b}`, "--boundaries", "0.5,0.7"], /2 experts take 1 --boundaries fraction; got 2/, 2],
      [["--experts", `${a},${b}`, "--boundaries", "0.5,x"], /--boundaries takes fractions separated by commas/, 2],
      [["--experts", `${a},${b}`, "--boundaries", "0.5", "--blocks", "2"], /--boundaries or --blocks, not both/, 2],
      [["--experts", a, "--width", "100"], /--width must be a multiple of 8/, 2],
      [["--experts", join(dir, "nope")], /Expert UNet .*nope\/unet\/model.onnx.* not found/, 1],
    ];
    for (const [extra, message, code] of cases) {
      const r = await mode([...base, ...extra]);
      assert.equal(r.code, code, `${extra.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });

  it("eval writes images, CLIP score and FID, resumes, and refuses other settings in the same folder", async () => {
    const out = join(dir, "eval");
    const args = ["eval", "--experts", "demo", "--prompts", "demo", "--clip", "demo", "--inception", "demo", "--reference", "demo"];
    const size = ["--width", "64", "--height", "64", "--steps", "4", "--limit", "3", "--out", out, "--json"];
    const r1 = await mode([...args, ...size]);
    assert.equal(r1.code, 0, r1.stderr);
    const s1 = JSON.parse(r1.stdout);
    assert.deepEqual([s1.prompts, s1.generated, s1.resumed, s1.failed], [3, 3, 0, 0]);
    assert.ok(s1.clipScore.mean >= 0 && s1.clipScore.count === 3);
    assert.ok(Number.isFinite(s1.fid.value) && s1.fid.value >= 0);
    assert.equal(readFileSync(join(out, "results.jsonl"), "utf8").trim().split("\n").length, 3);
    const r2 = await mode([...args, ...size]);
    assert.equal(r2.code, 0, r2.stderr);
    const s2 = JSON.parse(r2.stdout);
    assert.equal(s2.resumed, 3);
    assert.equal(s2.fid.value, s1.fid.value);
    const r3 = await mode([...args, ...size, "--seed", "9"]);
    assert.equal(r3.code, 1);
    assert.match(r3.stderr, /holds results made with other settings/);
  });
});
