import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { positionFromAscii } from "../../../test/adversarial-go/fixtures.js";
import { BLACK, fromVertex, passAliveArea, scoreTrompTaylor, strandedStones, toVertex, WHITE } from "./index.js";

// The constructed 9x9 endgame of the brief (section 10.1): GNU Go (Black) owns the right and top, White
// has a pass-alive lower-left group and three planted stones (C7, G7, G3). Black then played E7, G5,
// F8, D8 and passed. Tromp-Taylor: Black 13, White 19, neutral 49 (W+13 with komi 7), measured by the
// brief's independent counter.
const final = [".........", "...X.X...", "..O.X.O..", ".........", "XXXXX.X..", "OOOOX....", ".O.OX.O..", "OOOOX....", "...OX...."];

describe("Tromp-Taylor scoring", () => {
  it("counts stones plus single-colour regions, with no dead-stone removal", () => {
    const g = positionFromAscii(final, 7);
    const s = scoreTrompTaylor(g.board, 7);
    assert.deepEqual([s.black, s.white, s.neutral], [13, 19, 49]);
    assert.equal(s.winner, "W");
    assert.equal(s.margin, -13);
    assert.equal(s.ownership.length, 81);
  });

  it("gives the whole board to the only colour on it", () => {
    const g = positionFromAscii([".....", ".....", "..X..", ".....", "....."], 0.5);
    const s = scoreTrompTaylor(g.board, 0.5);
    assert.deepEqual([s.black, s.white, s.neutral, s.winner], [25, 0, 0, "B"]);
  });

  it("finds Benson pass-alive groups and the stranded (planted) stones", () => {
    const g = positionFromAscii(final, 7);
    const alive = passAliveArea(g.board, WHITE);
    assert.equal(alive[fromVertex(g.board, "A4")], 1, "the lower-left group with eyes A3, C3, A1-C1 is pass-alive");
    assert.equal(alive[fromVertex(g.board, "A3")], 1);
    assert.equal(alive[fromVertex(g.board, "G7")], 0);
    const stranded = strandedStones(g.board, BLACK)
      .map((p) => toVertex(g.board, p))
      .sort();
    assert.deepEqual(stranded, ["C7", "G3", "G7"]);
    assert.deepEqual(strandedStones(g.board, WHITE), []);
  });
});
