import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSkinPixel, MONK_SKIN_TONES, monkSkinTone, nearestMonkTone, plantableColor, rgbToYCrCb, swatchImage } from "./skinTone.js";

describe("Monk skin tone from pixels", () => {
  it("converts RGB to 8-bit YCrCb as OpenCV does", () => {
    assert.deepEqual(rgbToYCrCb(255, 255, 255), [255, 128, 128]);
    assert.deepEqual(rgbToYCrCb(0, 0, 0), [0, 128, 128]);
    assert.deepEqual(rgbToYCrCb(255, 0, 0), [76, 255, 85]);
  });

  it("maps each anchor to itself and a colour to the nearest anchor by L1", () => {
    for (const [k, a] of MONK_SKIN_TONES.entries()) assert.equal(nearestMonkTone(a as [number, number, number]), k + 1);
    assert.equal(nearestMonkTone([214, 190, 151]), 5);
  });

  it("never counts neutral grey, white or black as skin", () => {
    for (const v of [0, 60, 128, 200, 255]) assert.equal(isSkinPixel(v, v, v), false);
    const r = monkSkinTone(swatchImage([128, 128, 128]));
    assert.equal(r.tone, null);
    assert.equal(r.skinPixels, 0);
  });

  it("recovers planted swatches: tones 1–8 are plantable, 9 and 10 can never be assigned", () => {
    for (let tone = 1; tone <= 10; tone++) {
      const c = plantableColor(tone);
      if (tone >= 9) {
        assert.equal(c, null, `tone ${tone} should be unreachable`);
        continue;
      }
      assert.ok(c, `tone ${tone} has a plantable colour`);
      const r = monkSkinTone(swatchImage(c, 40, 0.5));
      assert.equal(r.tone, tone);
      assert.equal(r.skinPixels, 20 * 20);
      assert.deepEqual(r.meanRgb, c);
    }
  });
});
