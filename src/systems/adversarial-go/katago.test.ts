import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRng, ExternalError, FileFormatError } from "../../core/index.js";
import { decodeKataGoResponse, encodeKataGoQuery, fromVertex, Game, kataGoMove, PASS, toVertex } from "./index.js";

// No KataGo binary exists on these machines: these tests pin the JSON analysis-engine protocol
// (KataGo docs/Analysis_Engine.md) on both sides, without a process.
describe("KataGo analysis protocol", () => {
  it("encodes a position as one query line with Tromp-Taylor rules", () => {
    const g = new Game(9, 6.5);
    g.play(fromVertex(g.board, "E5"));
    g.play(PASS);
    const line = encodeKataGoQuery(g, { id: "q1", maxVisits: 1, includePolicy: true });
    assert.equal(line.includes("\n"), false);
    assert.deepEqual(JSON.parse(line), {
      id: "q1",
      moves: [
        ["B", "E5"],
        ["W", "pass"],
      ],
      rules: "tromp-taylor",
      komi: 6.5,
      boardXSize: 9,
      boardYSize: 9,
      analyzeTurns: [2],
      maxVisits: 1,
      includePolicy: true,
    });
  });

  it("decodes a response and picks the victim's move (search: best order; policy: sampled)", () => {
    const g = new Game(9, 6.5);
    const policy = new Array(82).fill(0);
    policy[2 + 6 * 9] = 1; // C3: column 2, row 6 from the top
    const line = JSON.stringify({
      id: "q7",
      turnNumber: 0,
      moveInfos: [
        { move: "D4", visits: 30, winrate: 0.61, scoreLead: 2.5, prior: 0.2, order: 1, pv: ["D4", "F6"] },
        { move: "E5", visits: 60, winrate: 0.64, scoreLead: 3.1, prior: 0.5, order: 0, pv: ["E5"] },
      ],
      rootInfo: { winrate: 0.63, scoreLead: 3, visits: 91, currentPlayer: "B" },
      policy,
    });
    const r = decodeKataGoResponse(line);
    assert.equal(r.id, "q7");
    assert.equal(r.moveInfos.length, 2);
    assert.equal(r.rootInfo?.visits, 91);
    assert.equal(toVertex(g.board, kataGoMove(g, r, "search", createRng(1))), "E5");
    assert.equal(toVertex(g.board, kataGoMove(g, r, "policy", createRng(1))), "C3");
    const passOnly = decodeKataGoResponse(JSON.stringify({ id: "p", moveInfos: [], policy: [...new Array(81).fill(-1), 1] }));
    assert.equal(kataGoMove(g, passOnly, "policy", createRng(2)), PASS);
  });

  it("turns KataGo error objects and garbage into one-line errors", () => {
    assert.throws(
      () => decodeKataGoResponse('{"id":"q1","error":"Could not parse komi","field":"komi"}'),
      (e: unknown) =>
        e instanceof ExternalError && /KataGo rejected query q1: Could not parse komi \(field komi\)/.test((e as Error).message),
    );
    assert.throws(() => decodeKataGoResponse("not json"), FileFormatError);
    assert.throws(() => decodeKataGoResponse('{"id":"q"}'), /missing id or moveInfos/);
  });
});
