import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { positionFromAscii } from "../../../test/adversarial-go/fixtures.js";
import { BLACK, Mcts, MctsVictimModel, PASS, scoreTrompTaylor, toVertex, WHITE } from "./index.js";

// The brief's 9x9 endgame without White's planted stones: Black owns the top and right (13 stones and
// every empty point there), White a pass-alive lower-left group. Tromp-Taylor now: B 65, W 16 (+7).
const rows = [".........", "...X.X...", "....X....", ".........", "XXXXX.X..", "OOOOX....", ".O.OX....", "OOOOX....", "...OX...."];

function whiteToMoveAfterBlackPass() {
  const g = positionFromAscii(rows, 7);
  g.toPlay = BLACK;
  g.play(PASS, BLACK);
  return g;
}

describe("MCTS and A-MCTS", () => {
  it("passes at once when the opponent passed and Tromp-Taylor already wins", async () => {
    const g = positionFromAscii(rows, 7);
    g.toPlay = WHITE;
    g.play(PASS, WHITE);
    const r = await new Mcts({ visits: 50, seed: 1 }).search(g);
    assert.equal(r.move, PASS);
    assert.equal(r.reason, "tromp-taylor-win");
  });

  it("A-MCTS-S with a victim that passes when confident finds the plant-then-pass win", async () => {
    // The victim model is yomikai's own MCTS with the "confident" passing rule at confidence 0: it
    // passes in every position, like a victim convinced it has won.
    const victim = new MctsVictimModel({ visits: 8, passing: "confident", confidence: 0, seed: 2 }, "policy");
    const g = whiteToMoveAfterBlackPass();
    assert.equal(scoreTrompTaylor(g.board, 7).winner, "B");
    const r = await new Mcts({ visits: 300, seed: 3, victim: { model: victim } }).search(g);
    assert.notEqual(r.move, PASS);
    // Plain MCTS (the tree models Black as a minimiser that fights on) sees far less.
    const plain = await new Mcts({ visits: 300, seed: 3 }).search(whiteToMoveAfterBlackPass());
    assert.ok(r.winrate > 0.6 && r.winrate > plain.winrate + 0.2, `A-MCTS ${r.winrate} vs MCTS ${plain.winrate}`);
    assert.ok(victim.queries > 0);
    // Playing it and ending the game wins under Tromp-Taylor: the stone makes Black's region neutral.
    g.play(r.move, WHITE);
    g.play(PASS, BLACK);
    g.play(PASS, WHITE);
    assert.equal(g.score().winner, "W", `after ${toVertex(g.board, r.move)}`);
  });

  it("harvest plants in the opponent's largest region first", async () => {
    const g = whiteToMoveAfterBlackPass();
    const mcts = new Mcts({ visits: 10, seed: 4, harvest: true });
    const r = await mcts.search(g);
    // No model to ask whether the victim ignores the plant: planted unconfirmed.
    assert.equal(r.reason, "harvest-unconfirmed");
    const owner = scoreTrompTaylor(g.board, 7).ownership[g.board.points().indexOf(r.move)];
    assert.equal(owner, 1, "the plant lies in Black's area");
  });

  it("plants until the count wins, then passes; widenTo keeps planting while a pass model expects passes", async () => {
    // A pass model that passes everywhere (a victim convinced it has won).
    const passes = new MctsVictimModel({ visits: 4, passing: "confident", confidence: 0, seed: 2 }, "policy");
    const g = whiteToMoveAfterBlackPass();
    let plants = 0;
    for (;;) {
      const r = await new Mcts({ visits: 10, seed: 4, harvest: true, passModel: passes }).search(g);
      if (r.move === PASS) {
        assert.equal(r.reason, "tromp-taylor-win");
        break;
      }
      assert.equal(r.reason, "harvest", "confirmed by the pass model");
      g.play(r.move, WHITE);
      g.play(PASS, BLACK);
      plants++;
      assert.ok(plants < 20);
    }
    const margin = -scoreTrompTaylor(g.board, 7).margin;
    assert.ok(margin > 0);
    const wide = await new Mcts({ visits: 10, seed: 4, harvest: true, passModel: passes, widenTo: margin + 5 }).search(g);
    assert.equal(wide.reason, "harvest-widen");
    assert.notEqual(wide.move, PASS);
  });

  it("last-resort plants: behind after the victim's pass with no two-liberty plant left, plant anyway", async () => {
    // The final position of the bench's lost game (GNU Go default level, seed 1, game 15): White (GNU Go)
    // just passed, Black (the adversary) is 1.5 behind under Tromp-Taylor, and every empty point of
    // White's area would leave a Black stone with one liberty.
    const lost = [".X.XXXXO.", "XXXXXXO.O", "OXXX.XOO.", "OOOXXOXOX", "OO.OXO.O.", "OXOOXOOOO", ".XXOXXXOX", "OXOOOX.XX", ".O.OXXXX."];
    const position = () => {
      const g = positionFromAscii(lost, 6.5);
      g.toPlay = WHITE;
      g.play(PASS, WHITE);
      return g;
    };
    assert.equal(scoreTrompTaylor(position().board, 6.5).margin, -1.5);
    const plain = new Mcts({ visits: 20, seed: 1, harvest: true });
    assert.deepEqual(plain.plantCandidates(position()), []);
    const r = await new Mcts({ visits: 20, seed: 1, harvest: true, lastResortPlants: true }).search(position());
    assert.equal(r.reason, "harvest-unconfirmed");
    assert.notEqual(r.move, PASS);
    assert.ok(new Mcts({ harvest: true }).plantCandidates(position(), 1).includes(r.move));
  });

  it("is reproducible for a seed", async () => {
    const g = positionFromAscii(rows, 7);
    g.toPlay = WHITE;
    const a = await new Mcts({ visits: 200, seed: 9, passing: "search" }).search(g);
    const b = await new Mcts({ visits: 200, seed: 9, passing: "search" }).search(g);
    assert.deepEqual(a, b);
  });
});
