import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromVertex, Game, gameToSgf, PASS, writeSgf } from "../../src/systems/adversarial-go/index.js";
import { adversarialGoPage, replayFrames } from "../../src/web/pages/adversarial-go.js";

describe("adversarial-go web page", () => {
  it("replays an SGF with ownership per position and marks the victim's passes", () => {
    const g = new Game(9, 6.5);
    for (const v of ["E5", "C3"]) g.play(fromVertex(g.board, v));
    g.play(PASS); // Black (the victim here) passes
    g.play(PASS);
    const text = writeSgf(
      gameToSgf(g, {
        playerBlack: "/usr/games/gnugo --mode gtp",
        playerWhite: "yomikai a-mcts-s (600 visits)",
        rules: "Tromp-Taylor",
        result: "W+5.5",
      }),
    );
    const r = replayFrames(text);
    assert.equal(r.victimColor, 1);
    assert.equal(r.frames.length, 5);
    assert.deepEqual(r.victimPasses, [3]);
    const last = r.frames[4];
    assert.equal(last?.stones.length, 81);
    assert.equal(last?.ownership.length, 81);
    assert.deepEqual([last?.black, last?.white, last?.neutral], [1, 1, 79]);
  });

  it("renders a page and answers bad API input with a one-line error", async () => {
    const html = await adversarialGoPage.render();
    assert.match(html, /the pass attack/);
    await assert.rejects(
      async () =>
        adversarialGoPage.api?.replay?.({
          query: new URLSearchParams(),
          body: { name: "../etc/passwd" },
          signal: new AbortController().signal,
        }),
      /Bad game name/,
    );
    await assert.rejects(
      async () =>
        adversarialGoPage.api?.replay?.({ query: new URLSearchParams(), body: { sgf: "(;SZ[9]" }, signal: new AbortController().signal }),
      /not a valid SGF file/,
    );
  });
});
