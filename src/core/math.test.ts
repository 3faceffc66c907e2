import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bytesToUnicode } from "./bytesToUnicode.js";
import { InvalidInputError } from "./errors.js";
import { cosine, l2Normalize } from "./math.js";

describe("cosine", () => {
  test("is 1 for parallel, 0 for orthogonal, -1 for opposite vectors", () => {
    assert.equal(cosine([1, 2], [2, 4]), 1);
    assert.equal(cosine([1, 0], [0, 3]), 0);
    assert.equal(cosine([1, 1], [-1, -1]), -1);
    assert.equal(cosine([0, 0], [1, 1]), 0);
  });
  test("refuses vectors of different sizes", () => {
    assert.throws(() => cosine([1, 2], [1, 2, 3]), InvalidInputError);
  });
});

describe("bytesToUnicode", () => {
  test("is a bijection of the 256 bytes onto printable characters, as GPT-2's table", () => {
    const t = bytesToUnicode();
    assert.equal(new Set(t).size, 256);
    assert.equal(t[65], "A");
    assert.equal(t[32], "Ġ"); // the space, as in GPT-2 vocabularies
    assert.equal(t[10], "Ċ"); // the newline
  });
});

test("l2Normalize scales to unit length in place; zeros stay zeros", () => {
  const v = Float32Array.of(3, 4);
  assert.equal(l2Normalize(v), v);
  assert.deepEqual(
    [...v].map((x) => Number(x.toFixed(6))),
    [0.6, 0.8],
  );
  assert.deepEqual([...l2Normalize(new Float64Array(3))], [0, 0, 0]);
  assert.ok(Math.abs(cosine(l2Normalize(Float64Array.of(1, 2, 3)), Float64Array.of(2, 4, 6)) - 1) < 1e-12);
});
