import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FileFormatError } from "../../core/index.js";
import { fromVertex, Game, gameToSgf, PASS, parseSgf, sgfToGame, writeSgf } from "./index.js";

describe("SGF", () => {
  it("round-trips a game with rules, result, passes and comments", () => {
    const g = new Game(9, 6.5);
    for (const v of ["E5", "C3", "G7"]) g.play(fromVertex(g.board, v));
    g.play(PASS);
    g.play(PASS);
    const text = writeSgf(
      gameToSgf(g, {
        rules: "Tromp-Taylor",
        result: "B+3.5",
        playerBlack: "yomikai",
        playerWhite: "GNU Go [3.8]",
        comments: new Map([[3, "victim passed here"]]),
      }),
    );
    assert.match(text, /RU\[Tromp-Taylor\]/);
    assert.match(text, /PW\[GNU Go \[3.8\\\]\]/);
    const back = parseSgf(text);
    assert.equal(back.size, 9);
    assert.equal(back.komi, 6.5);
    assert.equal(back.rules, "Tromp-Taylor");
    assert.equal(back.result, "B+3.5");
    assert.equal(back.playerWhite, "GNU Go [3.8]");
    assert.equal(back.moves.length, 5);
    assert.equal(back.moves[3]?.comment, "victim passed here");
    assert.deepEqual(back.moves[3], { color: 2, x: -1, y: -1, comment: "victim passed here" });
    const replay = sgfToGame(back);
    assert.equal(replay.board.key, g.board.key);
    assert.equal(replay.over, true);
  });

  it("follows the main line through variations and reads setup stones", () => {
    const sgf = parseSgf("(;GM[1]SZ[9]KM[7]AB[aa][bb]AW[cc];B[dd](;W[ee];B[ff])(;W[gg]))");
    assert.deepEqual(sgf.setup.length, 3);
    assert.deepEqual(
      sgf.moves.map((m) => [m.x, m.y]),
      [
        [3, 3],
        [4, 4],
        [5, 5],
      ],
    );
    assert.equal(sgfToGame(sgf).moves.length, 3);
  });

  it("rejects malformed SGF with one-line errors naming the problem", () => {
    assert.throws(
      () => parseSgf("hello", "x.sgf"),
      (e: unknown) => e instanceof FileFormatError && /x\.sgf: not a valid SGF file \(no game tree/.test((e as Error).message),
    );
    assert.throws(() => parseSgf("(;SZ[9];B[ee]", "x.sgf"), /unbalanced parentheses/);
    assert.throws(() => parseSgf("(;SZ[9];B[ee)"), /unterminated property value/);
    assert.throws(() => parseSgf("(;SZ[42])"), /unsupported board size SZ\[42\]/);
    assert.throws(() => parseSgf("(;SZ[9];B[zz])"), /off the 9x9 board/);
    assert.throws(() => sgfToGame(parseSgf("(;SZ[9];B[ee];W[ee])"), "y.sgf"), /move 2 is illegal under Tromp-Taylor/);
    assert.throws(() => parseSgf("(;GM[2]SZ[9];B[ee])"), /GM\[2\] is not a game of Go/);
    assert.throws(() => parseSgf("(;GM[1]SZ[9]KM[abc];B[ee])"), /bad komi KM\[abc\]: use a number/);
    assert.equal(parseSgf("(;GM[1]SZ[9];B[ee])").size, 9);
  });
});
