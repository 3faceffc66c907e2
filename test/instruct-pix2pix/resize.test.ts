import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { workingSize } from "../../src/systems/instruct-pix2pix/index.js";

describe("working size", () => {
  it("follows the authors' edit_cli.py: long side to 512, multiples of 64", () => {
    // 640×480: factor 0.8 → 512×384
    assert.deepEqual(workingSize(640, 480), { width: 512, height: 384 });
    // 1000×300: factor 512/1000; short side 153.6 rounds UP to 192 → factor 0.64 → 640×192
    assert.deepEqual(workingSize(1000, 300), { width: 640, height: 192 });
    // small inputs are scaled up: 100×70 at resolution 128 → 128×64·⌈…⌉ = 128×128? 70·1.28 = 89.6 → 128 → factor 128/70
    assert.deepEqual(workingSize(100, 70, { resolution: 128 }), { width: 128, height: 128 });
    assert.deepEqual(workingSize(512, 512), { width: 512, height: 512 });
  });

  it("follows diffusers with multiple-of-8: the input size rounded down", () => {
    assert.deepEqual(workingSize(103, 77, { policy: "multiple-of-8" }), { width: 96, height: 72 });
  });

  it("refuses sizes above the pixel budget with a one-line fix", () => {
    assert.throws(
      () => workingSize(1920, 1080, { policy: "multiple-of-8" }),
      /would be edited at 1920×1080 \(2073600 pixels\), above the limit of 1048576\. Use --resize original/,
    );
  });
});
