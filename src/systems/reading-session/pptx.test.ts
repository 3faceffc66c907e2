import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fitFontSize, textHeight } from "./pptx.js";

describe("PPTX text sizing", () => {
  test("CJK text is estimated about twice as wide as Latin text of the same length", () => {
    const latin = textHeight(["a".repeat(600)], 12, 12.4);
    const cjk = textHeight(["あ".repeat(600)], 12, 12.4);
    assert.ok(cjk > 1.6 * latin && cjk < 2.4 * latin, `${cjk} vs ${latin}`);
  });

  test("the chosen size shrinks as text grows, fits the box, and stops at the minimum", () => {
    const sizes = [400, 1000, 1600].map((n) => fitFontSize(["語".repeat(n)], 12.4, 3, 14, 7));
    assert.ok(sizes[0]! > sizes[1]! && sizes[1]! > sizes[2]!, String(sizes));
    assert.ok(textHeight(["語".repeat(1000)], sizes[1]!, 12.4) <= 3);
    assert.equal(fitFontSize(["語".repeat(100_000)], 12.4, 3, 14, 7), 7);
  });
});
