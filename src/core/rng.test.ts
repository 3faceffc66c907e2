import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createRng, UniformStream } from "./rng.js";

describe("createRng", () => {
  test("the same seed gives the same sequence; another seed another", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    const sb = Array.from({ length: 20 }, () => b.nextUint32());
    const sc = Array.from({ length: 20 }, () => c.nextUint32());
    assert.deepEqual(sa, sb);
    assert.notDeepEqual(sa, sc);
  });

  test("string seeds are readable and deterministic", () => {
    assert.equal(createRng("test-7").next(), createRng("test-7").next());
    assert.notEqual(createRng("test-7").next(), createRng("test-8").next());
    assert.equal(createRng("x").seed, "x");
  });

  test("next() stays in [0, 1) and is roughly uniform", () => {
    const r = createRng(1);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = r.next();
      assert.ok(v >= 0 && v < 1);
      sum += v;
    }
    assert.ok(Math.abs(sum / n - 0.5) < 0.01, `mean ${sum / n}`);
  });

  test("int(n) covers every value and nothing outside", () => {
    const r = createRng(2);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[r.int(7)]++;
    for (const c of counts) assert.ok(c > 800 && c < 1200, `counts ${counts}`);
    assert.throws(() => r.int(0), RangeError);
  });

  test("normal() has mean 0 and variance 1", () => {
    const r = createRng(3);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      s2 += v * v;
    }
    assert.ok(Math.abs(s / n) < 0.03);
    assert.ok(Math.abs(s2 / n - 1) < 0.05);
  });

  test("weighted() follows the weights and skips zeros", () => {
    const r = createRng(4);
    const counts = [0, 0, 0];
    for (let i = 0; i < 10000; i++) counts[r.weighted([1, 0, 3])]!++;
    assert.equal(counts[1], 0);
    assert.ok(Math.abs(counts[2]! / counts[0]! - 3) < 0.3);
  });

  test("fork() is independent and does not advance the parent", () => {
    const a = createRng(5);
    const b = createRng(5);
    a.fork("child").next();
    assert.equal(a.next(), b.next());
    assert.equal(createRng(5).fork("k").next(), createRng(5).fork("k").next());
    assert.notEqual(createRng(5).fork("k").next(), createRng(5).fork("j").next());
  });

  test("shuffle() is a permutation", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = createRng(6).shuffle([...items]);
    assert.notDeepEqual(shuffled, items);
    assert.deepEqual(
      [...shuffled].sort((x, y) => x - y),
      items,
    );
  });
});

describe("UniformStream", () => {
  test("fillUint32 gives the same numbers as nextUint32, and depends only on the seed", () => {
    const a = new UniformStream(createRng(9));
    const b = new UniformStream(createRng(9));
    const bulk = a.fillUint32(new Uint32Array(50));
    assert.deepEqual(
      [...bulk],
      Array.from({ length: 50 }, () => b.nextUint32()),
    );
    assert.notDeepEqual([...new UniformStream(createRng(10)).fillUint32(new Uint32Array(5))], [...bulk.subarray(0, 5)]);
  });

  test("fillIndices stays in [0, n), is roughly uniform for small and huge n, and rejects bad n", () => {
    const s = new UniformStream(createRng(3));
    for (const n of [1, 7, 1000, 0x200000, 0x200001, 3_000_000_000]) {
      const out = s.fillIndices(new Float64Array(6000), n);
      let mean = 0;
      for (const x of out) {
        assert.ok(Number.isInteger(x) && x >= 0 && x < n, `${x} for n=${n}`);
        mean += x / out.length;
      }
      if (n > 1) assert.ok(Math.abs(mean / (n - 1) - 0.5) < 0.03, `mean ${mean} for n=${n}`);
    }
    const counts = new Array(7).fill(0);
    for (const x of s.fillIndices(new Int32Array(70_000), 7)) counts[x]++;
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, String(counts));
    assert.throws(() => s.fillIndices(new Uint32Array(1), 0), RangeError);
    assert.throws(() => s.index(2.5), RangeError);
    assert.ok(s.index(5) < 5);
  });
});
