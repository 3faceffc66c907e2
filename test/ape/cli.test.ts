/** `yomikai ape` as a user runs it (the built CLI). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const env = { YOMIKAI_CACHE: tempDir() };

describe("yomikai ape", () => {
  test("search on the demo model prints the contract's JSON and export writes a promptfoo config", { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const out = join(dir, "r.json");
    const r = await runYomikai(
      ["ape", "search", "--task", "larger_animal", "--candidates", "2", "--samples", "2", "--test-examples", "3", "--out", out, "--json"],
      { env },
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.task, "larger_animal");
    assert.equal(typeof j.best.instruction, "string");
    assert.equal(typeof j.best.validationScore, "number");
    assert.equal(typeof j.best.testScore, "number");
    assert.ok(
      Array.isArray(j.candidates) &&
        j.candidates.every((c: { instruction: string; validationScore: number }) => typeof c.validationScore === "number"),
    );
    assert.equal(typeof j.human.testScore, "number");
    assert.ok(j.human.instructions.length >= 4);
    for (const k of ["calls", "promptTokens", "completionTokens"]) assert.equal(typeof j.budget[k], "number");
    assert.ok(j.budget.calls > 0);
    const again = JSON.parse(
      (
        await runYomikai(
          ["ape", "search", "--task", "larger_animal", "--candidates", "2", "--samples", "2", "--test-examples", "3", "--json"],
          { env },
        )
      ).stdout,
    );
    assert.equal(again.budget.calls, 0, "the call cache makes a repeat free");
    assert.equal(again.budget.cachedCalls, j.budget.calls);
    const pf = join(dir, "pf.yaml");
    const e = await runYomikai(["ape", "export", "--from", out, "--format", "promptfoo", "--out", pf], { env });
    assert.equal(e.code, 0, e.stderr);
    const text = readFileSync(pf, "utf8");
    assert.match(text, /^# promptfoo configuration/);
    assert.equal(
      JSON.parse(
        text
          .split("\n")
          .filter((l) => !l.startsWith("#"))
          .join("\n"),
      ).tests.length,
      100,
    );
  });

  test("--dry-run projects calls without opening a model", async () => {
    const r = await runYomikai(["ape", "search", "--task", "sum", "--estimator", "ucb", "--dry-run", "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.projection.calls.propose, 50);
    assert.ok(j.projection.calls.score <= 0.4 * 50 * 20);
  });

  test("bad input is one line with the right exit code", async () => {
    const cases: [string[], number, RegExp][] = [
      [["ape", "search", "--task", "antonym"], 1, /Unknown task "antonym".*did you mean "antonyms"/i],
      [["ape", "search", "--estimator", "bandit"], 2, /--estimator/],
      [["ape", "search", "--proposer", "/no/such.gguf", "--candidates", "1"], 1, /no\/such\.gguf/],
      [["ape", "search", "--cache", "x.jsonl", "--no-cache", "--candidates", "1"], 2, /--cache and --no-cache/],
      [["ape", "export", "--from", "/no/such.json"], 1, /such\.json/],
    ];
    for (const [args, code, message] of cases) {
      const r = await runYomikai(args, { env });
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    }
  });
});
