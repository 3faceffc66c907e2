import assert from "node:assert/strict";
import { test } from "node:test";
import { chrfFromStats, chrfStats, corpusChrf } from "./chrf.js";

// Reference values: sacreBLEU's CHRF with its defaults, as printed in the Hugging Face chrF metric card.
test("chrF matches sacreBLEU on one sentence", () => {
  const s = corpusChrf(
    ["The relationship between Obama and Netanyahu is not exactly friendly."],
    ["The ties between Obama and Netanyahu are not particularly friendly."],
  );
  assert.ok(Math.abs(s - 61.576379378113785) < 1e-9, String(s));
});

test("chrF matches sacreBLEU on a two-sentence corpus (statistics summed)", () => {
  const s = corpusChrf(
    [
      "The relationship between cats and dogs is not exactly friendly.",
      "a good bookshop is just a genteel black hole that knows how to read.",
    ],
    [
      "The relationship between dogs and cats is not exactly friendly.",
      "A good bookshop is just a genteel Black Hole that knows how to read.",
    ],
  );
  assert.ok(Math.abs(s - 84.64214891738334) < 1e-9, String(s));
});

test("chrF is 100 for identical text and 0 for an empty hypothesis", () => {
  assert.equal(chrfFromStats(chrfStats("Bonjour le monde", "Bonjour le monde")), 100);
  assert.equal(chrfFromStats(chrfStats("", "Bonjour")), 0);
});
