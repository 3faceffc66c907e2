import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ClipTokenizer, cleanClipText } from "../../src/diffusion/index.js";
import { writeTinyTokenizer } from "../fixtures/onnx/diffusionFixtures.js";
import { tempDir } from "../utils/tmp.js";

describe("CLIP BPE tokenizer", async () => {
  const dir = tempDir();
  const { vocab } = writeTinyTokenizer(dir);
  const tok = await ClipTokenizer.load(dir);
  const id = (t: string) => vocab.get(t) as number;

  it("lower-cases, cleans whitespace and merges whole words with </w>", () => {
    assert.equal(cleanClipText("  Make\n\tIT   Red &amp; blue "), "make it red & blue");
    assert.deepEqual(tok.tokenize("Make  IT red"), ["make</w>", "it</w>", "red</w>"]);
  });

  it("falls back to characters for unknown words, the last with </w>", () => {
    assert.deepEqual(tok.tokenize("xyz"), ["x", "y", "z</w>"]);
    // partial merges: the rule "r e" applies, "re d</w>" does not (d is not word-final here)
    assert.deepEqual(tok.tokenize("reds"), ["re", "d", "s</w>"]);
  });

  it("splits punctuation and numbers as CLIP's regex does", () => {
    assert.deepEqual(tok.tokenize("cat, 42!"), ["cat</w>", ",</w>", "4</w>", "2</w>", "!</w>"]);
    assert.deepEqual(tok.tokenize("it's"), ["it</w>", "'", "s</w>"]);
  });

  it("encodes to 77 ids: start, tokens, end, padding with <|endoftext|>", () => {
    const ids = tok.encode("make it red");
    assert.equal(ids.length, 77);
    assert.deepEqual(ids.slice(0, 5), [id("<|startoftext|>"), id("make</w>"), id("it</w>"), id("red</w>"), id("<|endoftext|>")]);
    assert.ok(ids.slice(5).every((x) => x === id("<|endoftext|>")));
    assert.deepEqual(tok.encode(""), [id("<|startoftext|>"), ...new Array(76).fill(id("<|endoftext|>"))]);
  });

  it("truncates long text to 75 tokens plus start and end", () => {
    const ids = tok.encode(Array(100).fill("cat").join(" "));
    assert.equal(ids.length, 77);
    assert.equal(ids[76], id("<|endoftext|>"));
    assert.equal(ids[75], id("cat</w>"));
  });

  it("reads the pad token from special_tokens_map.json (SD 2.x pads with '!')", async () => {
    const d2 = tempDir();
    writeTinyTokenizer(d2, { padToken: "!" });
    const t2 = await ClipTokenizer.load(d2);
    const ids = t2.encode("cat");
    assert.equal(ids[2], t2.eosId);
    assert.equal(ids[3], vocab.get("!"));
  });

  it("decodes back to text", () => {
    assert.equal(tok.decode(tok.encode("Make it a red cat")), "make it a red cat");
  });

  it("names the file and the problem for a vocabulary that is not token → id", async () => {
    const cases: [string, RegExp][] = [
      ["null", /vocab\.json: not a valid CLIP vocabulary file \(expected a JSON object of token → id/],
      ["[1]", /expected a JSON object of token → id/],
      ['{"a": "x"}', /token "a" has id "x", not a whole number/],
      ['{"a": 1}', /vocab\.json: not a valid CLIP vocabulary file \(token <\|startoftext\|> is missing/],
    ];
    for (const [text, pattern] of cases) {
      const d = tempDir();
      writeTinyTokenizer(d);
      writeFileSync(join(d, "vocab.json"), text);
      await assert.rejects(ClipTokenizer.load(d), pattern);
    }
  });

  it("gives a one-line error for a missing vocabulary", async () => {
    await assert.rejects(ClipTokenizer.load(tempDir()), /Tokenizer vocabulary not found: .*vocab\.json/);
  });
});
