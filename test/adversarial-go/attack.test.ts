import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { ProgressEvent } from "../../src/core/index.js";
import {
  type AttackGame,
  type AttackOptions,
  analyseAttackGame,
  classifyLossCause,
  gameSeed,
  resolveAttack,
  runAttack,
  summariseAttack,
} from "../../src/systems/adversarial-go/index.js";
import { runYomikai } from "../utils/cli.js";
import { requireSystemBinary } from "../utils/system.js";
import { tempDir } from "../utils/tmp.js";

const GNUGO = "/usr/games/gnugo";

/** A GTP engine that crashes at its first genmove. */
function crashingEngine(dir: string): string {
  const file = join(dir, "crash.mjs");
  writeFileSync(
    file,
    `import { createInterface } from "node:readline";
createInterface({ input: process.stdin }).on("line", (line) => {
  const cmd = line.trim().split(/\\s+/)[0];
  if (cmd === "genmove") process.exit(3);
  process.stdout.write(cmd === "protocol_version" ? "= 2\\n\\n" : "= \\n\\n");
  if (cmd === "quit") process.exit(0);
});
`,
  );
  return `${JSON.stringify(process.execPath)} ${JSON.stringify(file)}`;
}

describe("go attack: forfeits (issue 18 item 1)", () => {
  it("the issue's input (GNU Go, --timeout 0.1): forfeits reported apart, exit 1 with one line", async (t) => {
    if (!requireSystemBinary(t, GNUGO, "gnugo")) return;
    const args = [
      "go",
      "attack",
      "--victim",
      `${GNUGO} --mode gtp`,
      "--timeout",
      "0.1",
      "--adversary",
      "mcts",
      "--visits",
      "20",
      "--games",
      "4",
    ];
    const text = await runYomikai(args, { timeoutMs: 60_000 });
    assert.equal(text.code, 1, text.stderr);
    const last = text.stderr.trim().split("\n").pop() ?? "";
    assert.match(last, /^yomikai: Every game was a forfeit \(victim-timeout 4\).*raise --timeout/);
    assert.doesNotMatch(text.stdout, /adversary won/);
    const json = await runYomikai([...args, "--json"], { timeoutMs: 60_000 });
    assert.equal(json.code, 1);
    const j = JSON.parse(json.stdout);
    assert.equal(j.games, 4);
    assert.equal(j.forfeits, 4);
    assert.deepEqual(j.forfeitReasons, { "victim-timeout": 4 });
    assert.equal(j.adversaryWins, 0);
    assert.equal(j.scored, 0);
    assert.equal(j.winRate, 0);
    for (const g of j.results) {
      assert.equal(g.winner, "forfeit");
      assert.equal(g.forfeit, "victim");
    }
  });

  it("a crashing victim's games are forfeits, not adversary wins (library)", async () => {
    const report = await runAttack({
      victim: crashingEngine(tempDir()),
      adversary: "mcts",
      adversaryPolicy: null,
      visits: 10,
      games: 2,
      askVictimScore: false,
    });
    assert.equal(report.forfeits, 2);
    assert.equal(report.adversaryWins, 0);
    assert.equal(report.winRate, 0);
    assert.deepEqual(report.forfeitReasons, { "victim-crashed": 2 });
    assert.deepEqual(report.byColor, { B: { games: 0, wins: 0 }, W: { games: 0, wins: 0 } });
  });

  it("keeps forfeits out of the win rate and its interval when some games were scored", () => {
    const settings = resolveAttack({ victim: "x" }).settings;
    const game = (n: number, winner: AttackGame["winner"]): AttackGame => ({
      game: n,
      winner,
      ...(winner === "forfeit" ? { forfeit: "victim" as const } : {}),
      margin: winner === "adversary" ? 3.5 : -3.5,
      moves: 40,
      adversaryColor: n % 2 ? "B" : "W",
      endReason: winner === "forfeit" ? "white-timeout" : "two-passes",
      victimPassAt: 30,
      black: 40,
      white: 35,
      neutral: 6,
      seed: n,
      victimSeed: null,
      analysis: analyseAttackGame([], winner, winner === "adversary" ? 3.5 : -3.5, "two-passes"),
      sgf: "",
    });
    const r = summariseAttack(settings, [game(1, "adversary"), game(2, "forfeit"), game(3, "victim"), game(4, "forfeit")]);
    assert.equal(r.games, 4);
    assert.equal(r.scored, 2);
    assert.equal(r.forfeits, 2);
    assert.equal(r.winRate, 0.5);
    assert.equal(r.adversaryWins, 1);
    assert.equal(r.byColor.B.games + r.byColor.W.games, 2);
  });
});

describe("go attack: effective defaults, progress, results, seeds, --parallel (issues 18 item 2, 19)", () => {
  it("chooses the adversary's policy and the victim model from the victim command", () => {
    const g = resolveAttack({ victim: `${GNUGO} --mode gtp`, captureAllDead: true });
    assert.equal(g.policyCommand, `${GNUGO} --mode gtp`);
    assert.equal(g.victimModelCommand, `${GNUGO} --mode gtp --capture-all-dead --level 0`);
    assert.equal(g.settings.victimModelAfter, 30);
    assert.equal(g.settings.visits, 2000);
    assert.equal(g.settings.playout, "light");
    assert.equal(g.settings.victimSeeded, true);
    const l = resolveAttack({ victim: `${GNUGO} --mode gtp --level 5 --chinese-rules` });
    assert.equal(l.victimModelCommand, `${GNUGO} --mode gtp --chinese-rules --level 0`);
    const other = resolveAttack({ victim: "leelaz --gtp", adversaryPolicy: null });
    assert.equal(other.victimModelCommand, "leelaz --gtp");
    assert.equal(other.policyCommand, null);
    assert.equal(other.settings.victimSeeded, false);
    assert.equal(gameSeed(1, 0), 1010);
    assert.notEqual(gameSeed(1, 1), gameSeed(2, 0));
    assert.ok(gameSeed(-5, 3) > 0);
  });

  it("refuses a --results path that cannot be a file, in one line, before any game", async () => {
    const r = await runYomikai(["go", "attack", "--victim", "cat", "--results", tempDir()]);
    assert.equal(r.code, 1);
    assert.match(r.stderr.trim(), /^yomikai: Cannot open the results file .* \(EISDIR\): give --results a writable file path\.$/);
  });

  it("the help's first example is the plain default command", async () => {
    const r = await runYomikai(["go", "attack", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /yomikai go attack --victim "\/usr\/games\/gnugo --mode gtp" --games 1\n/);
  });

  it("seeded games: progress per move, results appended and resumed, the same games serially and in 2 processes", async (t) => {
    if (!requireSystemBinary(t, GNUGO, "gnugo")) return;
    const dir = tempDir();
    const base: AttackOptions = { victim: `${GNUGO} --mode gtp --level 1`, visits: 100, seed: 7, games: 2 };
    const events: ProgressEvent[] = [];
    const results = join(dir, "serial.jsonl");
    const serial = await runAttack({ ...base, results, onProgress: (e) => events.push(e) });
    // Progress per move: move number, the victim's passes and the running Tromp-Taylor count.
    const moves = events.filter((e) => e.kind === "step" && e.label === "game 1");
    assert.ok(moves.length > 10);
    assert.match(
      (moves.at(-1) as { detail: string }).detail,
      /^move \d+ [BW] (pass|[A-J]\d): victim passes \d+, Tromp-Taylor B \d+ W \d+ neutral \d+, adversary [+-]?\d/,
    );
    // GNU Go got a per-game seed, recorded in the report and the SGF.
    assert.deepEqual(
      serial.results.map((g) => g.victimSeed),
      [gameSeed(7, 0), gameSeed(7, 1)],
    );
    assert.match(serial.results[0]?.sgf ?? "", new RegExp(`GNU Go --seed ${gameSeed(7, 0)}`));
    const lines = readFileSync(results, "utf8").trim().split("\n");
    assert.equal(lines.length, 2);
    // --parallel 2: the same games as the serial run.
    const parallel = await runAttack({ ...base, parallel: 2 });
    assert.deepEqual(parallel.results, serial.results);
    assert.equal(parallel.winRate, serial.winRate);
    // Resume: a third game is played; the first two come from the file and are not replayed.
    const resumedEvents: ProgressEvent[] = [];
    const more = await runAttack({ ...base, games: 3, results, onProgress: (e) => resumedEvents.push(e) });
    assert.equal(more.resumed, 2);
    assert.equal(more.games, 3);
    assert.deepEqual(more.results.slice(0, 2), serial.results);
    assert.ok(!resumedEvents.some((e) => e.label === "game 1" || e.label === "game 2"));
    assert.ok(resumedEvents.some((e) => e.label === "game 3"));
    assert.equal(readFileSync(results, "utf8").trim().split("\n").length, 3);
    // Other settings refuse the file in one line.
    await assert.rejects(
      runAttack({ ...base, visits: 50, results }),
      /holds game \d of a match with other settings \(visits\): use a new --results file/,
    );
  });
});

describe("loss causes", () => {
  const facts = (over: Partial<Parameters<typeof classifyLossCause>[0]>) => ({
    victimPasses: 1,
    marginAtVictimPass: -5,
    victimAreaAtPass: 10,
    neutralAtPass: 0,
    plants: 2,
    plantsConfirmed: 2,
    plantsAnswered: 0,
    misjudgedPasses: 0,
    passesBehind: 0,
    sources: {},
    ...over,
  });
  it("classifies lost and narrow games by fixed rules", () => {
    assert.equal(classifyLossCause(facts({ victimPasses: 0, marginAtVictimPass: null }), "victim", -3), "victim-never-passed");
    assert.equal(classifyLossCause(facts({ misjudgedPasses: 1, plantsAnswered: 1 }), "victim", -3), "victim-model-misjudged-pass");
    assert.equal(classifyLossCause(facts({ marginAtVictimPass: -30, victimAreaAtPass: 4, neutralAtPass: 2 }), "victim", -20), "fight-lost");
    assert.equal(classifyLossCause(facts({ plants: 0, passesBehind: 1 }), "victim", -3), "adversary-passed-behind");
    assert.equal(classifyLossCause(facts({}), "draw", 0), "planting-too-late");
    assert.equal(classifyLossCause(facts({}), "adversary", 0.5), "narrow-win-after-plants");
    assert.equal(classifyLossCause(facts({ plants: 0, marginAtVictimPass: 2.5 }), "adversary", 2.5), "narrow-win-passed-at-once");
    assert.equal(classifyLossCause(facts({}), "adversary", 9.5), null);
    assert.equal(classifyLossCause(facts({}), "forfeit", 0), null);
  });
  it("reads the facts off a game's moves: first victim pass, plants and whether the victim answered them", () => {
    const a = analyseAttackGame(
      [
        { by: "adversary", pass: false, margin: -10, source: "policy" },
        { by: "victim", pass: true, margin: -10, victimArea: 12, neutral: 1 },
        { by: "adversary", pass: false, margin: -2, source: "harvest" },
        { by: "victim", pass: false, margin: -4 },
        { by: "adversary", pass: false, margin: -3, source: "harvest-unconfirmed" },
        { by: "victim", pass: true, margin: 3 },
        { by: "adversary", pass: true, margin: 3, source: "tromp-taylor-win" },
      ],
      "adversary",
      3,
      "two-passes",
    );
    assert.equal(a.victimPasses, 2);
    assert.equal(a.marginAtVictimPass, -10);
    assert.equal(a.victimAreaAtPass, 12);
    assert.equal(a.neutralAtPass, 1);
    assert.equal(a.plants, 2);
    assert.equal(a.plantsConfirmed, 1);
    assert.equal(a.plantsAnswered, 1);
    assert.equal(a.misjudgedPasses, 1);
    assert.deepEqual(a.sources, { policy: 1, harvest: 1, "harvest-unconfirmed": 1, "tromp-taylor-win": 1 });
    assert.equal(a.cause, null);
  });
});
