import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PWC_EXPORT, recordedFeed } from "../../../test/reading-session/fixtures.js";
import { detectFormat, pickPapers } from "./pick.js";

describe("pickPapers", () => {
  test("Papers with Code JSON: ranks by social score (stars as fallback), skips non-arXiv entries and duplicates", () => {
    const r = pickPapers(JSON.stringify(PWC_EXPORT), "t.json", { top: 3 });
    assert.equal(r.format, "pwc-json");
    assert.equal(r.candidates, 4);
    assert.equal(r.skipped, 1);
    assert.deepEqual(
      r.picked.map((p) => [p.rank, p.arxiv, p.score]),
      [
        [1, "2211.09800", 310],
        [2, "2210.15097", 120],
        [3, "2211.00241", 75],
      ],
    );
    assert.equal(pickPapers(JSON.stringify(PWC_EXPORT.results), "a.json").picked.length, 4);
  });

  test("text listings: scored lines first by score, then the rest in file order", () => {
    const text = "# top social\nhttps://arxiv.org/abs/2211.05102 social=3\n2211.09800\narXiv:2210.15097 score=9\n";
    assert.deepEqual(
      pickPapers(text, "l.txt").picked.map((p) => p.arxiv),
      ["2210.15097", "2211.05102", "2211.09800"],
    );
  });

  test("an arXiv Atom feed keeps feed order", () => {
    const feed = recordedFeed(["2210.15097", "2211.09800"]);
    assert.equal(detectFormat(feed), "arxiv-atom");
    const r = pickPapers(feed, "f.xml", { top: 1 });
    assert.deepEqual(
      r.picked.map((p) => [p.arxiv, p.title]),
      [["2210.15097", "Contrastive Decoding: Open-ended Text Generation as Optimization"]],
    );
  });

  test("one-line errors for a list without arXiv ids and for broken JSON", () => {
    assert.throws(() => pickPapers("nothing here", "x.txt"), /x\.txt lists no paper with an arXiv id/);
    assert.throws(() => pickPapers("{ nope", "x.json"), /x\.json: not a valid Papers with Code JSON file/);
    assert.throws(() => pickPapers('{"a":1}', "x.json"), /expected an array of papers or an object with "results"/);
  });
});
