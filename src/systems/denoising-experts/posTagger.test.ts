import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KEYWORD_TAGS, tagPos } from "./posTagger.js";

describe("part-of-speech tagger", () => {
  it("tags a typical prompt", () => {
    assert.deepEqual(
      tagPos("Two red cats sitting on a blue sofa.").map((w) => `${w.word}/${w.tag}`),
      ["two/NUM", "red/ADJ", "cats/NOUN", "sitting/VERB", "on/ADP", "a/DET", "blue/ADJ", "sofa/NOUN", "./PUNCT"],
    );
  });

  it("uses context and exceptions: a verb after a determiner is a noun; -ing nouns, -ly adverbs, suffix adjectives", () => {
    const tags = (s: string) => tagPos(s).map((w) => w.tag);
    assert.deepEqual(tags("a painting of the ride"), ["DET", "NOUN", "ADP", "DET", "NOUN"]);
    assert.deepEqual(tags("he rides quickly"), ["PRON", "VERB", "ADV"]);
    assert.deepEqual(tags("a beautiful mysterious castle"), ["DET", "ADJ", "ADJ", "NOUN"]);
    assert.deepEqual(tags("several 3 dogs and an animal"), ["QUANT", "NUM", "NOUN", "CONJ", "DET", "NOUN"]);
  });

  it("keeps the paper's key-word classes", () => {
    assert.deepEqual([...KEYWORD_TAGS], ["NOUN", "VERB", "ADJ", "NUM", "QUANT", "PRON"]);
  });
});
