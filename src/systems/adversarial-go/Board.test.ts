import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { positionFromAscii } from "../../../test/adversarial-go/fixtures.js";
import { BLACK, Board, fromVertex, Game, PASS, toVertex, WHITE } from "./index.js";

describe("Board", () => {
  it("captures a surrounded stone and counts liberties", () => {
    const g = new Game(9, 7);
    for (const v of ["D5", "E5", "E6", "A1", "E4", "A2", "F5"]) g.play(fromVertex(g.board, v));
    // White E5 had its last liberty taken by F5.
    assert.equal(g.board.color[fromVertex(g.board, "E5")], 0);
    assert.equal(g.board.liberties(fromVertex(g.board, "D5")), 4);
  });

  it("forbids single-stone suicide but allows multi-stone suicide (Tromp-Taylor)", () => {
    const g = positionFromAscii([".XO..", "XXO..", "OOO..", ".....", "....."]);
    // Black at A5 would be a lone stone with no liberty... it connects to B5/A4/B4 chain: multi-stone suicide.
    const a5 = g.board.pt(0, 0);
    assert.equal(g.board.suicideKind(a5, BLACK), 2);
    assert.ok(g.isLegal(a5, BLACK));
    g.play(a5, BLACK);
    assert.equal(g.board.color[a5], 0, "the suicided chain is removed");
    assert.equal(g.board.color[g.board.pt(1, 1)], 0);
    // White stone into a single empty point surrounded by black: single-stone suicide, illegal.
    const h = positionFromAscii([".X...", "X....", ".....", ".....", "....."]);
    assert.equal(h.board.suicideKind(h.board.pt(0, 0), WHITE), 1);
    assert.equal(h.isLegal(h.board.pt(0, 0), WHITE), false);
  });

  it("forbids retaking a ko at once (positional superko)", () => {
    const g = positionFromAscii([".XO..", "XO.O.", ".XO..", ".....", "....."]);
    g.toPlay = BLACK;
    const c4 = g.board.pt(2, 1);
    g.play(c4, BLACK); // captures B4
    const b4 = g.board.pt(1, 1);
    assert.equal(g.board.color[b4], 0);
    assert.equal(g.isLegal(b4, WHITE), false, "immediate recapture repeats the position");
    assert.throws(() => g.play(b4, WHITE), /superko/);
  });

  it("ends after two consecutive passes", () => {
    const g = new Game(9, 6.5);
    g.play(PASS);
    assert.equal(g.over, false);
    g.play(PASS);
    assert.equal(g.over, true);
  });

  it("keeps the Zobrist hash equal to a freshly built position", () => {
    const g = new Game(9, 7);
    for (const v of ["C3", "D3", "C4", "D4", "C5", "D5", "C6", "D6"]) g.play(fromVertex(g.board, v));
    const fresh = positionFromAscii(
      g
        .render()
        .split("\n")
        .slice(1, -1)
        .map((r) => r.slice(3, 3 + 17)),
    );
    assert.equal(g.board.key, fresh.board.key);
  });

  it("converts GTP vertices both ways and rejects bad ones", () => {
    const b = new Board(19);
    for (const v of ["A1", "T19", "J10", "H8"]) assert.equal(toVertex(b, fromVertex(b, v)), v);
    assert.throws(() => fromVertex(b, "I5"), /Bad vertex/);
    assert.throws(() => fromVertex(new Board(9), "K5"), /off the 9x9/);
  });

  it("rejects unsupported board sizes with a one-line error", () => {
    assert.throws(() => new Board(1), /Unsupported board size 1/);
    assert.throws(() => new Board(26), /Unsupported board size 26/);
  });

  it("plays random playouts to a finished position with no empty region larger than an eye", () => {
    let s = 7;
    const rand = () => {
      s = (s * 1103515245 + 12345) >>> 0;
      return s / 4294967296;
    };
    for (const size of [9, 19]) {
      const b = new Board(size);
      const moves = b.playout(BLACK, rand);
      assert.ok(moves > size * size * 0.5);
      for (let i = 0; i < b.emptyCount; i++) {
        const p = b.empties[i] as number;
        assert.ok(
          b.isEye(p, BLACK) || b.isEye(p, WHITE) || b.suicideKind(p, BLACK) !== 0 || b.suicideKind(p, WHITE) !== 0,
          `unfinished point ${toVertex(b, p)}`,
        );
      }
      // Chain bookkeeping: pseudo-liberties are positive for every chain left.
      for (const p of b.points()) if (b.color[p] === BLACK || b.color[p] === WHITE) assert.ok(b.liberties(p) > 0);
    }
  });
});
