import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { quantileSorted } from "./bootstrap.js";
import { assortativity, eiIndex, ratios, rowShares } from "./metrics.js";
import { numericWorkKey, WorkKeyInterner } from "./openalex.js";

describe("metrics", () => {
  test("a perfectly separated matrix has assortativity 1 and E-I −1", () => {
    const m = [5, 0, 0, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0];
    assert.equal(assortativity(m), 1);
    assert.deepEqual([...eiIndex(m)].slice(0, 3), [-1, -1, -1]);
    assert.ok(Number.isNaN(eiIndex(m)[3] as number));
  });

  test("a matrix proportional to the pool gives ratios of 1 and assortativity 0", () => {
    // every region cites regions in proportion π = (.5, .25, .25, 0)
    const m = [4, 2, 2, 0, 2, 1, 1, 0, 2, 1, 1, 0, 0, 0, 0, 0];
    const r = ratios(rowShares(m), [0.5, 0.25, 0.25, 0]);
    assert.deepEqual([...r].slice(0, 3), [1, 1, 1]);
    assert.ok(Math.abs(assortativity(m)) < 1e-12);
  });

  test("type-7 quantiles", () => {
    assert.equal(quantileSorted([1, 2, 3, 4, 5], 0.5), 3);
    assert.equal(quantileSorted([0, 10], 0.25), 2.5);
    assert.ok(Number.isNaN(quantileSorted([], 0.5)));
  });

  test("work keys: W ids become numbers whatever the prefix; other ids get distinct negative keys", () => {
    assert.equal(numericWorkKey("https://openalex.org/W2741809807"), 2741809807);
    assert.equal(numericWorkKey("w12"), 12);
    assert.equal(numericWorkKey("https://doi.org/10.1/x"), undefined);
    const k = new WorkKeyInterner();
    assert.equal(k.key("W5"), 5);
    assert.equal(k.key("doi:a"), -1);
    assert.equal(k.key("doi:b"), -2);
    assert.equal(k.key("doi:a"), -1);
    assert.equal(k.key(""), undefined);
    assert.equal(k.key(42), undefined);
  });
});
