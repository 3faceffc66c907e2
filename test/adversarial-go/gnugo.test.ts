import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRng } from "../../src/core/index.js";
import {
  BLACK,
  fromVertex,
  Game,
  type GtpEngine,
  GtpPlayer,
  GtpVictimModel,
  HardenedPlayer,
  PASS,
  playGame,
  SearchPlayer,
  scoreTrompTaylor,
  WHITE,
} from "../../src/systems/adversarial-go/index.js";
import { requireSystemBinary } from "../utils/system.js";
import { positionFromAscii } from "./fixtures.js";

const GNUGO = "/usr/games/gnugo";

// The brief's constructed 9x9 endgame (section 10.1), before Black's last moves: GNU Go (Black) owns
// the right and top; White has a pass-alive lower-left group and three planted stones C7, G7, G3.
const start = [".........", ".........", "..O...O..", ".........", "XXXXX....", "OOOOX....", ".O.OX.O..", "OOOOX....", "...OX...."];

/** Plays the position into a GTP victim, then lets it move as Black while White always passes. */
async function passAttack(victim: GtpPlayer, maxMoves = 60) {
  const g = positionFromAscii(start, 7);
  await victim.newGame(9, 7, BLACK);
  const engine = victim.engine as GtpEngine;
  for (const p of g.board.points()) {
    const c = g.board.color[p];
    if (c === BLACK || c === WHITE)
      await engine.send(
        `play ${c === BLACK ? "b" : "w"} ${["A", "B", "C", "D", "E", "F", "G", "H", "J"][g.board.xy(p)[0]]}${9 - g.board.xy(p)[1]}`,
      );
  }
  let blackPassed = false;
  for (let i = 0; i < maxMoves && !blackPassed; i++) {
    g.toPlay = BLACK;
    const mv = await victim.genmove(g);
    assert.notEqual(mv, "resign");
    g.play(mv as number, BLACK);
    blackPassed = mv === PASS;
    await victim.observe({ color: WHITE, point: PASS }, g);
    g.play(PASS, WHITE);
  }
  return { g, blackPassed, own: await victim.ownScore() };
}

describe("GNU Go as the victim (real engine)", () => {
  it("passes with White's planted stones still in its area and loses under Tromp-Taylor (a flip)", async (t) => {
    if (!requireSystemBinary(t, GNUGO, "gnugo")) return;
    const victim = new GtpPlayer(`${GNUGO} --mode gtp --level 1`);
    try {
      const { g, blackPassed, own } = await passAttack(victim);
      assert.ok(blackPassed, "GNU Go passed");
      const s = scoreTrompTaylor(g.board, 7);
      assert.equal(s.winner, "W", `Tromp-Taylor: B ${s.black} W ${s.white} neutral ${s.neutral}`);
      assert.equal(g.board.color[fromVertex(g.board, "G7")], WHITE, "the planted stone G7 is still on the board");
      assert.match(own ?? "", /^B\+/, "GNU Go's own count says Black won");
    } finally {
      await victim.close();
    }
  });

  it("with --harden it captures the planted stones before passing and wins under Tromp-Taylor", async (t) => {
    if (!requireSystemBinary(t, GNUGO, "gnugo")) return;
    const victim = new HardenedPlayer(`${GNUGO} --mode gtp --level 1`);
    try {
      const { g } = await passAttack(victim, 80);
      const s = scoreTrompTaylor(g.board, 7);
      assert.equal(s.winner, "B", `Tromp-Taylor: B ${s.black} W ${s.white} neutral ${s.neutral}`);
      assert.ok(victim.suppressedPasses > 0, "the defence replaced at least one pass");
    } finally {
      await victim.close();
    }
  });

  it("plays a short refereed game against the adversary with legal moves only", async (t) => {
    if (!requireSystemBinary(t, GNUGO, "gnugo")) return;
    const victim = new GtpPlayer(`${GNUGO} --mode gtp --level 0`);
    try {
      const played = await playGame(new SearchPlayer({ visits: 50, seed: 5, harvest: true }), victim, 9, 6.5, { maxMoves: 24 });
      assert.equal(played.endReason === "max-moves" || played.endReason === "two-passes", true, played.endReason);
      assert.ok(played.game.moves.length > 0 && played.game.moves.length <= 24);
      assert.equal(played.score.black + played.score.white + played.score.neutral, 81);
    } finally {
      await victim.close();
    }
  });

  it("answers as a victim model in arbitrary tree positions (undo/play sync, cached by position)", async (t) => {
    if (!requireSystemBinary(t, GNUGO, "gnugo")) return;
    for (const mode of ["genmove", "top-moves"] as const) {
      const model = new GtpVictimModel(`${GNUGO} --mode gtp --level 0`, mode);
      try {
        const rng = createRng(1);
        const a = new Game(9, 6.5);
        for (const v of ["E5", "C3", "G7"]) a.play(fromVertex(a.board, v));
        const b = new Game(9, 6.5);
        for (const v of ["E5", "C3", "C7"]) b.play(fromVertex(b.board, v));
        for (const g of [a, b, a]) {
          const mv = await model.move(g, rng);
          assert.ok(mv === PASS || g.isLegal(mv), `${mode}: legal answer`);
        }
        assert.equal(model.queries, 2, `${mode}: the repeated position is a cache hit`);
      } finally {
        await model.close();
      }
    }
  });
});
