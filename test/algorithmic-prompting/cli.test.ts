/** `yomikai algo trace / check / eval` as a user runs them (built CLI). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

describe("yomikai algo", () => {
  test("trace prints the paper's trace; --json has { task, a, b, trace, answer }", async () => {
    const r = await runYomikai(["algo", "trace", "--task", "addition", "--a", "128", "--b", "367"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith("Problem: 128+367=\nExplanation:\nThe first number is 128, FN=[1,2,8]."));
    const j = await runYomikai([
      "algo",
      "trace",
      "--task",
      "addition",
      "--a",
      "12345678901234567890",
      "--b",
      "98765432109876543210",
      "--json",
    ]);
    const v = JSON.parse(j.stdout);
    assert.deepEqual(Object.keys(v), ["task", "a", "b", "style", "trace", "answer"]);
    assert.equal(v.answer, "111111111011111111100");
    assert.ok(v.trace.endsWith("The final Answer is [1,1,1,1,1,1,1,1,1,0,1,1,1,1,1,1,1,1,1,0,0]."));
  });

  test("check finds the first wrong step of a pasted trace (exit 1) and passes a right one (exit 0)", async () => {
    const trace = (await runYomikai(["algo", "trace", "--task", "multiplication", "--a", "128", "--b", "367"])).stdout;
    const ok = await runYomikai(["algo", "check", "--task", "multiplication", "--a", "128", "--b", "367"], { input: trace });
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    const bad = await runYomikai(["algo", "check", "--task", "multiplication", "--a", "128", "--b", "367", "--json"], {
      input: trace.replace("2*6+4=16", "2*6+4=17"),
    });
    assert.equal(bad.code, 1);
    const j = JSON.parse(bad.stdout);
    assert.equal(j.ok, false);
    assert.equal(j.firstError.text, "2*6+4=17, 16%10=6, C=1.");
    assert.equal(j.firstError.message, "2*6+4 is 16");
  });

  test("bad input: one line, exit 2", async () => {
    const r = await runYomikai(["algo", "trace", "--task", "addition", "--a", "128"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), "yomikai: addition needs --a and --b, e.g. --a 128 --b 367 (or --digits N for random operands).");
    const s = await runYomikai(["algo", "eval", "--style", "algorithmc"]);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /did you mean "algorithmic"/);
    const d = await runYomikai(["algo", "eval", "--digits", "3-1"]);
    assert.equal(d.code, 2);
    assert.match(d.stderr, /^yomikai: --digits: Lengths must run from 1/);
    const folder = tempDir();
    const o = await runYomikai(["algo", "eval", "--out", folder]);
    assert.equal(o.code, 2);
    assert.match(o.stderr, /^yomikai: --out .* is a folder: pass a \.jsonl file path/);
    const a = await runYomikai(["algo", "trace", "--a", "01", "--b", "2"]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /^yomikai: --a must be a non-negative whole number/);
  });

  test("eval works out of the box on the demo model (no download), saying its answers are noise", async () => {
    const dir = tempDir();
    const r = await runYomikai(["algo", "eval", "--digits", "1", "--per-length", "1", "--max-tokens", "16"], {
      cwd: dir,
      env: { YOMIKAI_CACHE: dir },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\| 1 \| 1 \| 0 \| 0\.00 \|/);
    assert.match(r.stdout, /Demo model: random weights/);
  });
});
