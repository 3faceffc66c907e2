import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { GtpEngine, GtpFailure, GtpPlayer, playGame, SearchPlayer, splitCommand } from "../../src/systems/adversarial-go/index.js";
import { tempDir } from "../utils/tmp.js";

/** Writes a tiny GTP engine (a Node script) that misbehaves on `genmove` in the chosen way. */
function badEngine(dir: string, behaviour: "illegal" | "hang" | "crash"): string {
  const path = join(dir, `${behaviour}.mjs`);
  writeFileSync(
    path,
    `import { createInterface } from "node:readline";
const rl = createInterface({ input: process.stdin });
rl.on("line", (line) => {
  const cmd = line.trim().split(/\\s+/)[0];
  if (cmd === "genmove") {
    if (${JSON.stringify(behaviour)} === "illegal") process.stdout.write("= E5\\n\\n");
    else if (${JSON.stringify(behaviour)} === "crash") process.exit(3);
    return; // hang: never answer
  }
  if (cmd === "quit") { process.stdout.write("= \\n\\n"); process.exit(0); }
  process.stdout.write(cmd === "protocol_version" ? "= 2\\n\\n" : "= \\n\\n");
});
`,
  );
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(path)}`;
}

describe("GTP client", () => {
  it("splits command lines with quotes", () => {
    assert.deepEqual(splitCommand(`/usr/games/gnugo --mode gtp --level "1"`), ["/usr/games/gnugo", "--mode", "gtp", "--level", "1"]);
    assert.deepEqual(splitCommand(`a 'b c' d\\ e`), ["a", "b c", "d e"]);
  });

  it("reports a missing engine as not-found with a one-line hint", async () => {
    await assert.rejects(
      GtpEngine.start("/no/such/gnugo --mode gtp"),
      (e: unknown) => e instanceof GtpFailure && e.reason === "not-found" && /GTP engine not found: \/no\/such\/gnugo/.test(e.message),
    );
    await assert.rejects(GtpEngine.start("no-such-engine-xyz"), (e: unknown) => e instanceof GtpFailure && e.reason === "not-found");
  });

  it("fails at once, in one line, for a program that is not a GTP engine", async () => {
    const dir = tempDir();
    const exits = join(dir, "exits.mjs");
    writeFileSync(exits, "process.exit(0);\n");
    const started = Date.now();
    // `cat` echoes the command back: not a GTP answer.
    await assert.rejects(
      GtpEngine.start("cat", { startTimeoutMs: 15_000 }),
      (e: unknown) =>
        e instanceof GtpFailure &&
        e.reason === "protocol" &&
        /answered "protocol_version" with "protocol_version"; it does not look like a GTP engine/.test(e.message) &&
        !e.message.includes("\n"),
    );
    await assert.rejects(
      GtpEngine.start(`${JSON.stringify(process.execPath)} ${JSON.stringify(exits)}`, { startTimeoutMs: 15_000 }),
      (e: unknown) =>
        e instanceof GtpFailure && e.reason === "crashed" && /stopped \(exit code 0\); it does not look like a GTP engine/.test(e.message),
    );
    assert.ok(Date.now() - started < 14_000, "neither waited for the start-up timeout");
  });

  for (const [behaviour, reason] of [
    ["illegal", "illegal-move"],
    ["hang", "timeout"],
    ["crash", "crashed"],
  ] as const) {
    it(`ends only that game when the engine answers genmove with ${behaviour} (${reason})`, async () => {
      const dir = tempDir();
      const engine = new GtpPlayer(badEngine(dir, behaviour), { timeoutMs: 1500 });
      const adversary = new SearchPlayer({ visits: 20, seed: 3 });
      // Black is yomikai; the misbehaving engine is White, so its failure must end the game as a White loss.
      const played = await playGame(adversary, engine, 9, 6.5, { maxMoves: 10 });
      assert.equal(played.endReason, `white-${reason}`);
      assert.equal(played.winner, "B");
      if (behaviour === "illegal") {
        // The bad engine always answers E5; it is illegal only once E5 is occupied, so either the
        // adversary took E5 itself or the engine got one legal E5 in before repeating it.
        assert.ok(played.game.moves.length >= 1);
      }
      await engine.close();
    });
  }
});
