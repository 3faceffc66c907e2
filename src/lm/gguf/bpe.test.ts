import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BpeTokenizer, pretokenize, trainBpe } from "./bpe.js";

const TEXT = "And God said, Let there be light: and there was light. And God saw the light, that it was good. ".repeat(20);

describe("byte-level BPE", () => {
  test("pretokenize follows GPT-2: one leading space per word, punctuation and whitespace runs apart", () => {
    assert.deepEqual(pretokenize("Hello, world's  end!\n"), ["Hello", ",", "Ġworld", "'s", "Ġ", "Ġend", "!", "Ċ"]);
  });

  test("trainBpe learns frequent words first, deterministically, up to the vocabulary size", () => {
    const v = trainBpe(TEXT, { vocabSize: 270 });
    assert.equal(v.tokens.length, 270);
    assert.equal(v.merges.length, 270 - 257);
    assert.equal(v.tokens[v.eos], "<|endoftext|>");
    assert.equal(new Set(v.tokens).size, v.tokens.length, "no duplicate tokens");
    assert.ok(v.tokens.includes("Ġthe"), "the most frequent pairs merge first");
    assert.deepEqual(trainBpe(TEXT, { vocabSize: 270 }), v);
    assert.ok(trainBpe(TEXT, { vocabSize: 5000 }).tokens.length < 5000, "stops when no pair is left");
  });

  test("encode uses the learned merges and decode round-trips any text", () => {
    const tok = new BpeTokenizer(trainBpe(TEXT, { vocabSize: 300 }));
    const ids = tok.encode(" light");
    assert.equal(ids.length, 1);
    for (const s of [TEXT.slice(0, 120), "naïve café — “quoted”\ttab  ", "unseen zebra quokka 12345"])
      assert.equal(tok.decode(tok.encode(s)), s);
    assert.ok(tok.encode("unseen zebra").length > 2, "unknown words fall back to bytes");
  });
});
