import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifierFreeGuidance, dualGuidance, dualGuidanceWeights } from "../../src/diffusion/index.js";

const full = Float32Array.of(1, 2, 3);
const img = Float32Array.of(0.5, -1, 2);
const unc = Float32Array.of(0, 4, -2);

describe("dual (InstructPix2Pix) guidance", () => {
  it("reduces to the fully conditioned prediction when s_I = s_T = 1", () => {
    assert.deepEqual(dualGuidance(full, img, unc, 1, 1), full);
    // …and needs neither of the other branches then
    assert.deepEqual(dualGuidance(full, undefined, undefined, 1, 1), full);
  });

  it("computes ε(∅,∅) + s_I·(ε(I,∅) − ε(∅,∅)) + s_T·(ε(I,T) − ε(I,∅))", () => {
    const sT = 7.5;
    const sI = 1.5;
    const out = dualGuidance(full, img, unc, sT, sI);
    for (let i = 0; i < 3; i++) {
      const u = unc[i] as number;
      const expect = u + sI * ((img[i] as number) - u) + sT * ((full[i] as number) - (img[i] as number));
      assert.ok(Math.abs((out[i] as number) - expect) < 1e-5);
    }
    // element 0 by hand: 0 + 1.5·0.5 + 7.5·0.5 = 4.5
    assert.ok(Math.abs((out[0] as number) - 4.5) < 1e-6);
  });

  it("has weights s_T, s_I − s_T, 1 − s_I that sum to 1", () => {
    const w = dualGuidanceWeights(7.5, 1.5);
    assert.deepEqual(w, { full: 7.5, imageOnly: -6, uncond: -0.5 });
    assert.equal(w.full + w.imageOnly + w.uncond, 1);
    // s_I = 1 drops the unconditioned branch
    assert.equal(dualGuidanceWeights(7.5, 1).uncond, 0);
    assert.deepEqual(dualGuidance(full, img, undefined, 3, 1), dualGuidance(full, img, unc, 3, 1));
  });

  it("refuses to run without a branch it needs", () => {
    assert.throws(() => dualGuidance(full, img, undefined, 7.5, 1.5), /needs the ε\(∅,∅\) branch/);
  });
});

describe("classifier-free guidance", () => {
  it("is ε(∅) + s·(ε(c) − ε(∅)) and returns ε(c) at s = 1", () => {
    assert.deepEqual(classifierFreeGuidance(unc, full, 1), full);
    assert.deepEqual(Array.from(classifierFreeGuidance(unc, full, 2)), [2, 0, 8]);
  });
});
