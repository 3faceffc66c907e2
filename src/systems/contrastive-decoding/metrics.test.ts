import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRng } from "../../core/index.js";
import { diversity, mauve, repN } from "./metrics.js";

describe("generation metrics", () => {
  test("rep-n counts repeated n-grams (SimCTG definition)", () => {
    assert.equal(repN("a b c d", 2), 0);
    // "a b a b a b": bigrams ab ba ab ba ab → 2 unique of 5 → 60
    assert.ok(Math.abs(repN("a b a b a b", 2) - 60) < 1e-9);
    assert.equal(repN("a", 2), 0);
  });

  test("diversity is the product of (1 - rep-n/100) for n = 2..4", () => {
    assert.equal(diversity("one two three four five six"), 1);
    const t = "a b a b a b";
    const expected = (1 - repN(t, 2) / 100) * (1 - repN(t, 3) / 100) * (1 - repN(t, 4) / 100);
    assert.ok(Math.abs(diversity(t) - expected) < 1e-12);
    assert.ok(diversity("the the the the the the the") < 0.01);
  });

  test("MAUVE is 1 for identical sets and small for disjoint clusters", () => {
    const rng = createRng(1);
    const cloud = (cx: number, n: number) => Array.from({ length: n }, () => [cx + 0.1 * rng.normal(), 0.1 * rng.normal()]);
    const p = cloud(0, 40);
    assert.ok(mauve(p, p) > 0.99);
    const far = mauve(p, cloud(10, 40));
    assert.ok(far < 0.05, `far ${far}`);
    const mixed = mauve(p, [...cloud(0, 20), ...cloud(10, 20)]);
    assert.ok(mixed > far && mixed < 0.99, `mixed ${mixed}`);
  });
});
