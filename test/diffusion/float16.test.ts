import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float16ToFloat32, float32ToFloat16, fromHalf, toHalf } from "../../src/diffusion/index.js";

describe("float16", () => {
  it("encodes known bit patterns", () => {
    assert.equal(toHalf(1), 0x3c00);
    assert.equal(toHalf(-2), 0xc000);
    assert.equal(toHalf(65504), 0x7bff); // largest finite half
    assert.equal(toHalf(1e6), 0x7c00); // overflow → +Inf
    assert.equal(toHalf(0.1), 0x2e66); // nearest half to 0.1
    assert.equal(toHalf(2 ** -24), 0x0001); // smallest subnormal
    assert.equal(toHalf(1e-9), 0); // underflow → 0
  });

  it("decodes and round-trips", () => {
    assert.equal(fromHalf(0x3c00), 1);
    assert.equal(fromHalf(0x7c00), Number.POSITIVE_INFINITY);
    assert.ok(Number.isNaN(fromHalf(0x7e00)));
    const values = Float32Array.of(0, 0.5, -3.25, 1024, 0.333);
    const back = float16ToFloat32(float32ToFloat16(values));
    for (const [i, v] of values.entries()) assert.ok(Math.abs((back[i] as number) - v) <= Math.abs(v) * 1e-3);
  });
});
