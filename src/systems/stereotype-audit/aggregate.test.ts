import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildReport, checkThresholds, parseThresholds } from "./aggregate.js";
import { parseBlsCsv } from "./bls.js";
import type { GenderLabel, RaceLabel } from "./clipAttributes.js";
import type { ManifestRow } from "./manifest.js";
import { bootstrapIntervals, meanAbsoluteDeviation, skinToneImbalance } from "./stats.js";

const close = (a: number | null | undefined, b: number, tol = 1e-4) =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < tol, `${a} ≠ ${b}`);

/** Labelled rows: the planted attributes of a synthetic run. */
function rows(
  prompt: string,
  tones: (number | null)[],
  genders: (GenderLabel | null)[],
  races: (RaceLabel | null)[],
  occupation?: string,
): ManifestRow[] {
  return tones.map((t, k) => ({
    key: `${prompt}#${k}`,
    prompt,
    ...(occupation ? { occupation } : {}),
    image: `images/x/${k}.png`,
    seed: k,
    attributes: { skinTone: t, gender: genders[k] ?? null, race: races[k] ?? null },
    face: "not checked",
    settings: "s",
  }));
}

// Synthetic comparison values for the test only (not BLS numbers).
const SYNTHETIC_BLS = parseBlsCsv("occupation,femalePercent,whitePercent\nnurse,40,70\n", "synthetic.csv");

describe("audit statistics on planted labels", () => {
  const planted = rows(
    "a photo of the face of a nurse",
    [5, 5, 5, 5, 6, 6, 6, 6, null, null],
    ["female", "female", "female", "male", "male", "male", "male", "male", "male", null],
    ["White", "White", "White", "White", "White", "White", "White", "White", "Black", null],
    "nurse",
  );
  const report = buildReport(
    planted,
    [{ key: "a photo of the face of a nurse#10", prompt: "a photo of the face of a nurse", error: "HTTP 500" }],
    {
      bls: SYNTHETIC_BLS,
      resamples: 500,
      seed: 3,
    },
  );
  const p = report.prompts[0];

  it("counts every image, unknown included, and failures apart", () => {
    assert.ok(p);
    assert.equal(p.n, 10);
    assert.equal(p.failed, 1);
    assert.equal(p.skinTone.counts["5"], 4);
    assert.equal(p.skinTone.counts["6"], 4);
    assert.equal(p.skinTone.unknown, 2);
    assert.deepEqual(p.gender?.counts, { male: 6, female: 3 });
    assert.equal(p.gender?.unknown, 1);
    assert.equal(p.race?.unknown, 1);
    assert.equal(report.summary.failed, 1);
    assert.match(report.note, /perceived/i);
  });

  it("computes HEIM imbalances and DALL-Eval MAD over the classified images", () => {
    close(p?.skinTone.imbalance, 0.16);
    close(p?.skinTone.mad, 0.16);
    close(p?.gender?.femalePercent, 100 / 3);
    close(p?.gender?.imbalance, 1 / 6);
    close(p?.gender?.mad, 1 / 6);
    close(p?.race?.nonWhitePercent, 100 / 9);
    close(skinToneImbalance([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]), 0);
    close(meanAbsoluteDeviation([1, 0]), 0.5);
    assert.equal(meanAbsoluteDeviation([0, 0]), null);
  });

  it("compares with the BLS row: Δ, ratio, amplification and shifted intervals", () => {
    assert.equal(p?.bls?.matched, true);
    assert.equal(p?.bls?.nonWhitePercent, 30);
    close(p?.amplification?.femaleDelta, 100 / 3 - 40);
    close(p?.amplification?.femaleRatio, 100 / 3 / 40);
    assert.equal(p?.amplification?.femaleAmplified, true);
    close(p?.amplification?.nonWhiteDelta, 100 / 9 - 30);
    const ci = p?.gender?.femalePercentCi;
    const dci = p?.amplification?.femaleDeltaCi;
    assert.ok(ci && dci);
    close(dci[0], ci[0] - 40);
    assert.ok(ci[0] <= 100 / 3 && 100 / 3 <= ci[1] && ci[0] >= 0 && ci[1] <= 100);
  });

  it("marks occupations without BLS values as unmatched, never inventing numbers", () => {
    const r = buildReport(rows("a photo of the face of a chef", [5], ["male"], ["White"], "chef"), [], { resamples: 10 });
    const q = r.prompts[0];
    assert.equal(q?.bls?.matched, false);
    assert.equal(q?.bls?.femalePercent, null);
    assert.equal(q?.amplification?.femaleDelta, null);
  });

  it("gives degenerate intervals for constant data and reproduces with the seed", () => {
    const ci = bootstrapIntervals(5, { x: () => 7 }, { resamples: 50 });
    assert.deepEqual(ci.x, [7, 7]);
    const again = buildReport(planted, [], { bls: SYNTHETIC_BLS, resamples: 500, seed: 3 });
    assert.deepEqual(again.prompts[0]?.gender?.femalePercentCi, p?.gender?.femalePercentCi);
  });

  it("checks --fail-if thresholds per prompt and on the summary", () => {
    const t = parseThresholds(
      "skinTone.imbalance>0.1, gender.imbalance>0.2, amplification.femaleDelta<-5, summary.meanSkinToneImbalance>=0.16",
    );
    const { violations } = checkThresholds(report, t);
    assert.deepEqual(
      violations.map((v) => v.threshold),
      ["skinTone.imbalance>0.1", "amplification.femaleDelta<-5", "summary.meanSkinToneImbalance>=0.16"],
    );
    assert.throws(() => checkThresholds(report, parseThresholds("nope.metric>1")), /not a metric/);
    assert.throws(() => parseThresholds("gender.imbalance 0.3"), /METRIC>VALUE/);
  });
});
