import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { tempDir } from "../../../test/utils/tmp.js";
import { readGgufInfo } from "../ggufInfo.js";
import { buildVocabulary, TINY_AMATEUR, TINY_EXPERT, writeRandomModel, writeTinyModels } from "./randomModels.js";
import { writeGguf } from "./writeGguf.js";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("random GGUF models", () => {
  test("the same seed writes byte-identical files; another seed does not", () => {
    const dir = tempDir();
    const vocab = buildVocabulary(320);
    const write = (name: string, seed: string) => {
      writeRandomModel(join(dir, name), TINY_AMATEUR, { vocab, seed, name: "tiny" });
      return sha256(join(dir, name));
    };
    const a = write("a.gguf", "s1");
    const b = write("b.gguf", "s1");
    const c = write("c.gguf", "s2");
    assert.equal(a, b);
    assert.notEqual(a, c);
    for (const type of ["f16", "q8_0"] as const) {
      writeRandomModel(join(dir, `${type}1.gguf`), TINY_AMATEUR, { vocab, seed: 7, type });
      writeRandomModel(join(dir, `${type}2.gguf`), TINY_AMATEUR, { vocab, seed: 7, type });
      assert.equal(sha256(join(dir, `${type}1.gguf`)), sha256(join(dir, `${type}2.gguf`)), type);
    }
  });

  test("writeTinyModels is deterministic across folders and readable as GGUF", () => {
    const one = writeTinyModels(tempDir());
    const two = writeTinyModels(tempDir());
    for (const k of Object.keys(one) as (keyof typeof one)[]) assert.equal(sha256(one[k]), sha256(two[k]), k);
    const info = readGgufInfo(one.expert);
    assert.equal(info.architecture, "gpt2");
    assert.equal(info.tokens.length, 320);
    assert.equal(info.metadata["gpt2.block_count"], TINY_EXPERT.nLayer);
    assert.equal(info.metadata["gpt2.embedding_length"], TINY_EXPERT.nEmbd);
    assert.equal(info.fileBytes, info.requiredBytes);
    assert.equal(readGgufInfo(one.amateur).vocabularyFingerprint, info.vocabularyFingerprint);
    assert.notEqual(readGgufInfo(one.otherVocab).vocabularyFingerprint, info.vocabularyFingerprint);
  });

  test("writeGguf writes metadata and tensors that readGgufInfo reads back", () => {
    const path = join(tempDir(), "toy.gguf");
    writeGguf(
      path,
      {
        "general.architecture": { type: "string", value: "toy" },
        "general.alignment": { type: "u32", value: 32 },
        "toy.answer": { type: "i32", value: -42 },
        "tokenizer.ggml.tokens": { type: "string[]", value: ["a", "b", "c"] },
      },
      [
        {
          name: "w",
          dims: [32, 3],
          type: "q8_0",
          fill: (out, start) => {
            for (let i = 0; i < out.length; i++) out[i] = (start + i) / 96;
          },
        },
        { name: "b", dims: [5], type: "f16", fill: (out) => void out.fill(0.5) },
      ],
    );
    const info = readGgufInfo(path);
    assert.equal(info.version, 3);
    assert.equal(info.architecture, "toy");
    assert.equal(info.metadata["toy.answer"], -42);
    assert.deepEqual(info.tokens, ["a", "b", "c"]);
    assert.equal(info.tensorCount, 2);
    // Every tensor is padded to the 32-byte alignment, the last one included.
    assert.ok(info.fileBytes >= info.requiredBytes && info.fileBytes - info.requiredBytes < 32, `${info.fileBytes}`);
    assert.equal(info.fileBytes % 32, 0);
  });
});
