/** The `yomikai plan` commands through the built CLI (run `npm run build` first). */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

describe("yomikai plan", () => {
  test("decode plan as JSON has the documented fields", async () => {
    const r = await runYomikai([
      "plan",
      "--model",
      "palm-540b",
      "--hardware",
      "tpu-v4",
      "--chips",
      "64",
      "--batch",
      "64",
      "--phase",
      "decode",
      "--context",
      "2048",
      "--output-tokens",
      "64",
      "--weights",
      "int8",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.layout.ffn, "2d-weight-stationary");
    assert.equal(j.layout.attention, "batch");
    assert.ok(j.latencySeconds > 1.5 && j.latencySeconds < 2.2);
    assert.ok(j.msPerToken > 24 && j.msPerToken < 33);
    assert.ok(j.mfu > 0 && j.mfu < 1);
    assert.ok(j.memoryPerChipBytes > 8e9);
    assert.equal(j.fits, true);
  });

  test("prefill plan prints the layout, the time split and why", async () => {
    const r = await runYomikai([
      "plan",
      "--model",
      "palm-540b",
      "--chips",
      "64",
      "--batch",
      "512",
      "--phase",
      "prefill",
      "--input-tokens",
      "2048",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Layout: +FFN weight-gathered-xyz, attention sharded over batch/);
    assert.match(r.stdout, /Why: +\d+% of the time is compute/);
    assert.equal(r.stderr, "");
  });

  test("GPU plans print vLLM and TensorRT-LLM settings; custom model JSON works", async () => {
    const dir = tempDir();
    const cfg = join(dir, "tiny.json");
    writeFileSync(
      cfg,
      JSON.stringify({ name: "tiny-7b", layers: 32, d_model: 4096, d_ff: 11008, num_heads: 32, vocab_size: 32000, gated_ffn: true }),
    );
    const r = await runYomikai(["plan", "--model", cfg, "--hardware", "a100-80gb", "--chips", "2", "--batch", "16"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /vLLM: +vllm serve <tiny-7b checkpoint> --tensor-parallel-size 2/);
    assert.match(r.stdout, /TRT-LLM: +python convert_checkpoint.py .*--tp_size 2 --pp_size 1/);
  });

  test("custom hardware JSON extends a built-in profile; --mesh is checked against the slice", async () => {
    const dir = tempDir();
    const hw = join(dir, "h100-pcie.json");
    writeFileSync(hw, JSON.stringify({ base: "h100", name: "h100-pcie", hbmBandwidth: 2.0e12, topology: { intraBandwidth: 64e9 } }));
    const r = await runYomikai(["plan", "--model", "llama-3-8b", "--hardware", hw, "--chips", "2", "--batch", "8", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).hardware, "h100-pcie");
    const mesh = await runYomikai(["plan", "--model", "palm-540b", "--chips", "128", "--mesh", "2x8x8"]);
    assert.match(mesh.stderr, /Mesh 2x8x8 is not a tpu-v4 slice shape for 128 chips; use one of 4x4x8/);
  });

  test("max-context answers Table 1's question", async () => {
    const r = await runYomikai([
      "plan",
      "max-context",
      "--model",
      "palm-540b",
      "--hardware",
      "tpu-v4",
      "--chips",
      "64",
      "--batch",
      "512",
      "--attention",
      "multihead",
      "--kv-fraction",
      "0.3",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.ok(Math.abs(j.maxContext / 330 - 1) < 0.02);
  });

  test("frontier writes the SVG and gives its points as JSON", async () => {
    const dir = tempDir();
    const out = join(dir, "frontier.svg");
    const r = await runYomikai([
      "plan",
      "frontier",
      "--models",
      "palm-8b",
      "--chips",
      "8,16",
      "--batches",
      "1,32,512",
      "--out",
      out,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(out));
    assert.match(readFileSync(out, "utf8"), /^<svg[\s\S]*palm-8b int8[\s\S]*<\/svg>$/);
    const j = JSON.parse(r.stdout);
    assert.ok(j.points.some((p: { pareto: boolean }) => p.pareto));
  });

  test("bad input gives one-line errors that say what to do", async () => {
    const unknown = await runYomikai(["plan", "--model", "palm-504b", "--chips", "64"]);
    assert.equal(unknown.code, 2, "an unknown name is a wrong command line");
    assert.match(unknown.stderr, /^yomikai: Unknown model "palm-504b" \(did you mean "palm-540b"\?\)\. Known: .*llama-3-70b.*\n$/);
    const hw = await runYomikai(["plan", "--model", "palm-8b", "--hardware", "tpu-v9", "--chips", "8"]);
    assert.match(hw.stderr, /Unknown hardware "tpu-v9".*Known: tpu-v4, a100-80gb, a100-40gb, h100, h200/);
    const chips = await runYomikai(["plan", "--model", "palm-540b", "--chips", "48"]);
    assert.match(
      chips.stderr,
      /^yomikai: Chip count does not fit the topology: tpu-v4 slices are X×Y×Z tori with a power-of-two chip count .* try 32 or 64\.\n$/,
    );
    const mem = await runYomikai(["plan", "--model", "palm-540b", "--chips", "8", "--batch", "8"]);
    assert.equal(mem.code, 1);
    assert.match(mem.stderr, /No plan fits in memory: .* over by [\d.]+ GiB\. Use more chips/);
    assert.equal(mem.stderr.trim().split("\n").length, 1);
    const sub = await runYomikai(["plan", "frontiers"]);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /did you mean "yomikai plan frontier"/);
  });

  test("bad files and values: each gives one line naming the problem and the fix", async () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cases: [string[], number, RegExp][] = [
      [["plan", "--model", write("list.json", "[1, 2]"), "--chips", "8"], 1, /list\.json: expected a JSON object with layers, dModel/],
      [["plan", "--model", write("broken.json", "{layers"), "--chips", "8"], 1, /broken\.json: not a valid JSON file/],
      [
        ["plan", "--model", write("nodff.json", '{"layers": 2, "d_model": 64, "heads": 4}'), "--chips", "8"],
        1,
        /"dFf" must be a positive whole number/,
      ],
      [["plan", "--model", join(dir, "absent.json"), "--chips", "8"], 1, /Model config not found: .*absent\.json/],
      [
        [
          "plan",
          "--model",
          "palm-8b",
          "--hardware",
          write("hw.json", '{"base": "h100", "efficiency": {"hopLatency": -1}}'),
          "--chips",
          "8",
        ],
        1,
        /efficiency\.hopLatency must be a number of seconds in \[0, 1\)/,
      ],
      [["plan", "--model", "palm-540b", "--chips", "0"], 2, /--chips must be at least 1; got 0/],
      [
        ["plan", "--model", "palm-540b", "--chips", "64", "--mesh", "4x4x5"],
        2,
        /Mesh 4x4x5 has 80 chips, not 64: make X·Y·Z equal --chips/,
      ],
      [["plan", "frontier", "--out", join(dir, "f.png")], 2, /--out must be a \.svg file/],
      [
        ["plan", "frontier", "--models", "llama-3-405b", "--hardware", "h100", "--chips", "1,2"],
        1,
        /No point of the sweep fits in memory .*: sweep more chips, int8 weights or smaller batches/,
      ],
      [["plan", "max-context", "--model", "palm-540b", "--chips", "8", "--batch", "128"], 1, /weights alone need 130\.0 GiB per chip/],
    ];
    for (const [args, code, pattern] of cases) {
      const r = await runYomikai(args);
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      const lines = r.stderr.trim().split("\n");
      assert.match(lines.at(-1) as string, pattern);
      assert.equal(lines.filter((l) => l.startsWith("yomikai:")).length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /^\s+at /m, "no stack trace");
    }
  });

  test("--help lists the subcommands and worked examples", async () => {
    const r = await runYomikai(["plan", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Commands:\n +max-context .*\n +frontier /);
    assert.match(r.stdout, /Examples:\n +yomikai plan --model palm-540b/);
  });
});
