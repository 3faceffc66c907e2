import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bytesToUnicode } from "./bytesToUnicode.js";
import { InvalidInputError } from "./errors.js";
import { cosine, l2Normalize, wilsonInterval } from "./math.js";

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

describe("wilsonInterval", () => {
  test("matches the closed form at 95% and stays inside [0, 1]", () => {
    // 8/10 at z = 1.96: centre (0.8 + 0.192) / 1.384 = 0.7168, half-width 0.2125 (hand computation).
    const [lo, hi] = wilsonInterval(8, 10);
    assert.ok(Math.abs(lo - 0.4902) < 1e-3 && Math.abs(hi - 0.9433) < 1e-3, `${lo} ${hi}`);
    assert.deepEqual(wilsonInterval(0, 0), [0, 1]);
    const [l0, h0] = wilsonInterval(0, 5);
    assert.equal(l0, 0);
    assert.ok(Math.abs(h0 - 0.4345) < 1e-3);
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
