import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { closest, editDistance, FileFormatError, MissingFileError, UsageError, unknownName, userMessage, YomikaiError } from "./errors.js";

describe("errors", () => {
  test("messages are always one line", () => {
    const e = new YomikaiError("first line\n  second line\n");
    assert.equal(e.message, "first line second line");
  });

  test("usage errors exit with 2, others with 1", () => {
    assert.equal(new UsageError("x").exitCode, 2);
    assert.equal(new MissingFileError("/nope", "Model file").exitCode, 1);
    assert.equal(new MissingFileError("/nope", "Model file").message, "Model file not found: /nope");
  });

  test("FileFormatError names the file and the format", () => {
    assert.equal(new FileFormatError("GGUF", "m.gguf", "bad magic").message, "m.gguf: not a valid GGUF file (bad magic)");
  });

  test("userMessage returns null for bugs", () => {
    assert.equal(userMessage(new Error("boom")), null);
    assert.equal(userMessage(new UsageError("bad flag")), "bad flag");
  });

  test("closest() suggests near names and nothing for far ones", () => {
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(closest("papres", ["papers", "serve"]), "papers");
    assert.equal(closest("serv", ["papers", "serve"]), "serve");
    assert.equal(closest("zzzzzzzz", ["papers", "serve"]), undefined);
  });

  test("unknownName lists the known names and a guess", () => {
    const e = unknownName("model", "palm-504b", ["palm-8b", "palm-540b"]);
    assert.equal(e.message, 'Unknown model "palm-504b" (did you mean "palm-540b"?). Known: palm-8b, palm-540b.');
  });
});
