import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { barChart } from "./bars.js";

describe("barChart", () => {
  it("draws one bar per value, whiskers for intervals, n/a for nulls and a legend for several series", () => {
    const svg = barChart({
      categories: ["a", "b <x>"],
      series: [
        { name: "model", values: [40, null], intervals: [[30, 50], null] },
        { name: "reference", values: [20, 60] },
      ],
      yMax: 100,
    });
    assert.equal(svg.match(/stroke="#555"/g)?.length, 3); // bars (legend swatches have no stroke)
    assert.equal(svg.match(/<path d="M/g)?.length, 1);
    assert.match(svg, />n\/a</);
    assert.match(svg, /b &lt;x&gt;/);
    assert.match(svg, />reference</);
  });

  it("uses one colour per bar for histograms", () => {
    const svg = barChart({ categories: ["1", "2"], series: [{ name: "n", values: [1, 2], colors: ["#111111", "#222222"] }] });
    assert.match(svg, /fill="#111111"/);
    assert.match(svg, /fill="#222222"/);
    assert.doesNotMatch(svg, />n</);
  });
});
