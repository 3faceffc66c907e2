import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatNumber, heatmap, lineChart } from "./svg.js";

describe("svg charts", () => {
  test("a log axis over a narrow range still gets several labelled ticks", () => {
    const svg = lineChart({
      series: [
        {
          name: "a",
          points: [
            { x: 16, y: 1 },
            { x: 330, y: 2 },
          ],
        },
      ],
      logX: true,
    });
    const labels = [...svg.matchAll(/text-anchor="middle" fill="#444">([^<]+)</g)].map((m) => m[1]);
    assert.ok(labels.length >= 4, `x tick labels: ${labels.join(", ")}`);
    assert.ok(labels.includes("20") && labels.includes("100") && labels.includes("200"), labels.join(", "));
  });

  test("one circle per finite point, none for points a log axis cannot show", () => {
    const svg = lineChart({
      series: [
        {
          name: "a",
          points: [
            { x: 1, y: 1 },
            { x: 10, y: 0 },
            { x: 100, y: Number.NaN },
            { x: 1000, y: 3 },
          ],
        },
      ],
      logY: true,
    });
    assert.equal([...svg.matchAll(/<circle /g)].length, 2);
  });

  test("a heatmap prints every value and greys NaN cells", () => {
    const svg = heatmap({
      rows: ["us", "cn"],
      cols: ["us", "cn"],
      values: [
        [1.5, 0.25],
        [Number.NaN, 2],
      ],
      center: 1,
    });
    assert.match(svg, />1\.5</);
    assert.match(svg, />0\.25</);
    assert.match(svg, /fill="#ddd"/);
    assert.match(svg, />–</);
  });

  test("formatNumber is compact", () => {
    assert.equal(formatNumber(1500), "1500");
    assert.equal(formatNumber(2012), "2012", "years keep all their digits");
    assert.equal(formatNumber(25000), "25k");
    assert.equal(formatNumber(2_000_000), "2M");
    assert.equal(formatNumber(0.5), "0.5");
  });
});
