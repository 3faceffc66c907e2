import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runYomikai } from "../utils/cli.js";
import { requireSystemBinary } from "../utils/system.js";
import { tempDir } from "../utils/tmp.js";

describe("yomikai go (built CLI)", () => {
  it("rejects a victim command that does not exist with one line", async () => {
    const r = await runYomikai(["go", "attack", "--victim", "/no/such/gnugo --mode gtp", "--games", "1"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr.trim(), /^(yomikai: )?GTP engine not found: \/no\/such\/gnugo\. Check the path/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
  });

  it("rejects bad setups in one line before any game", async () => {
    const cases: [string[], number, RegExp][] = [
      [
        ["go", "attack", "--victim", "cat", "--games", "1"],
        1,
        /GTP engine "cat" answered "protocol_version" .* does not look like a GTP engine/,
      ],
      [["go", "attack", "--victim", "cat", "--komi", "1000"], 1, /Komi 1000 is outside -81\.\.81/],
      [["go", "attack", "--victim", "cat", "--komi", "six"], 2, /--komi needs a number; got "six"/],
      [["go", "attack", "--victim", "cat", "--games", "0"], 2, /--games must be at least 1; got 0/],
      [["go", "bench", "--sizes", "9,abc"], 2, /--sizes: "abc" is not a board size; use integers from 2 to 25/],
      [["go", "bench", "--sizes", "1"], 2, /--sizes: "1" is not a board size/],
    ];
    for (const [args, code, re] of cases) {
      const r = await runYomikai(args, { timeoutMs: 30_000 });
      assert.equal(r.code, code, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr.trim(), re);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    }
  });

  it("rejects an --adversary-policy or --victim-model that is not a GTP engine, before any game", async () => {
    const dir = tempDir();
    const engine = join(dir, "gtp.mjs");
    // A minimal victim that speaks enough GTP to start.
    writeFileSync(
      engine,
      `import { createInterface } from "node:readline";
createInterface({ input: process.stdin }).on("line", (l) => {
  const cmd = l.trim().split(/\\s+/)[0];
  process.stdout.write(cmd === "protocol_version" ? "= 2\\n\\n" : "= \\n\\n");
  if (cmd === "quit") process.exit(0);
});
`,
    );
    const victim = `${JSON.stringify(process.execPath)} ${JSON.stringify(engine)}`;
    for (const flag of ["--adversary-policy", "--victim-model"]) {
      const r = await runYomikai(["go", "attack", "--victim", victim, flag, "cat", "--games", "1", "--json"], { timeoutMs: 30_000 });
      assert.equal(r.code, 1, r.stderr);
      const what = flag === "--adversary-policy" ? "adversary policy" : "victim model";
      assert.match(r.stderr.trim(), new RegExp(`The ${what} did not start: GTP engine "cat" answered`));
      assert.equal(r.stdout, "", "no report for a match that never started");
    }
  });

  it("rejects an --sgf-dir that cannot be created, before starting the victim", async () => {
    const dir = tempDir();
    const file = join(dir, "file");
    writeFileSync(file, "x");
    const r = await runYomikai(["go", "attack", "--victim", "cat", "--sgf-dir", join(file, "games")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr.trim(), /--sgf-dir .*games cannot be created: .*file is a file, not a folder; choose another path\.$/);
  });

  it("rejects an unsupported board size", async () => {
    const r = await runYomikai(["go", "attack", "--victim", "x", "--size", "7"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--size must be at least 9; got 7/);
  });

  it("scores an SGF under Tromp-Taylor and rejects malformed SGF in one line", async () => {
    const dir = tempDir();
    const good = join(dir, "g.sgf");
    writeFileSync(good, "(;GM[1]FF[4]SZ[9]KM[6.5]RU[Tromp-Taylor];B[ee];W[cc];B[];W[])");
    const r = await runYomikai(["go", "score", good, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.deepEqual([j.black, j.white, j.neutral, j.winner], [1, 1, 79, "W"]);
    const bad = join(dir, "bad.sgf");
    writeFileSync(bad, "(;GM[1]SZ[9];B[ee]");
    const e = await runYomikai(["go", "score", bad]);
    assert.equal(e.code, 1);
    assert.match(e.stderr.trim(), /^(yomikai: )?\S*bad\.sgf: not a valid SGF file \(unbalanced parentheses/);
    const missing = await runYomikai(["go", "score", join(dir, "nope.sgf")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /SGF file not found/);
  });

  it("measures board speed as JSON", async () => {
    const r = await runYomikai(["go", "bench", "--sizes", "9", "--seconds", "0.2", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const [m] = JSON.parse(r.stdout);
    assert.equal(m.size, 9);
    assert.ok(m.playouts > 0 && m.movesPerPlayout > 40);
  });

  it("plays a one-game attack against GNU Go and prints the JSON report", async (t) => {
    if (!requireSystemBinary(t, "/usr/games/gnugo", "gnugo")) return;
    const dir = tempDir();
    const r = await runYomikai(
      [
        "go",
        "attack",
        "--victim",
        "/usr/games/gnugo --mode gtp --level 0",
        "--adversary",
        "mcts",
        "--games",
        "1",
        "--visits",
        "40",
        "--max-moves",
        "30",
        "--sgf-dir",
        dir,
        "--json",
      ],
      { timeoutMs: 90_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.games, 1);
    assert.equal(j.adversaryWins + j.victimWins + j.draws, 1);
    assert.equal(j.wilson95.length, 2);
    const [g] = j.results;
    assert.equal(g.adversaryColor, "B");
    assert.ok(["two-passes", "max-moves"].includes(g.endReason));
    assert.match(g.sgf, /game-001-advB\.sgf$/);
    assert.equal(j.settings.seed, 1);
  });
});
