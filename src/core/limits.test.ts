import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkChoice, checkNumber, describeLimit, SEED_LIMIT, withinLimit } from "./limits.js";

describe("limits", () => {
  test("withinLimit honours min, max, integer and an exclusive min", () => {
    const alpha = { min: 0, max: 1, exclusiveMin: true };
    assert.equal(withinLimit(0, alpha), false);
    assert.equal(withinLimit(1e-9, alpha), true);
    assert.equal(withinLimit(1, alpha), true);
    assert.equal(withinLimit(1.0001, alpha), false);
    assert.equal(withinLimit(2.5, { integer: true }), false);
    assert.equal(withinLimit(Number.NaN, {}), false);
    assert.equal(withinLimit(2 ** 32, SEED_LIMIT), false);
  });

  test("describeLimit reads as a sentence", () => {
    assert.equal(describeLimit({ min: 1, max: 512, integer: true }), "a whole number from 1 to 512");
    assert.equal(describeLimit({ min: 0, max: 1, exclusiveMin: true }), "a number above 0 up to 1");
    assert.equal(describeLimit({ min: 0 }), "a number of at least 0");
  });

  test("checkNumber: empty gives the fallback, numeric strings count, anything else is one line", () => {
    const steps = { min: 1, max: 1000, integer: true };
    for (const empty of [undefined, null, ""]) assert.equal(checkNumber(empty, "Steps", steps, 20), 20);
    assert.equal(checkNumber("30", "Steps", steps, 20), 30);
    assert.equal(checkNumber(30, "Steps", steps, 20), 30);
    for (const bad of [0, 1001, 2.5, "abc", " ", true, [5], { n: 5 }])
      assert.throws(() => checkNumber(bad, "Steps", steps, 20), /^InvalidInputError: Steps must be a whole number from 1 to 1000; got /);
  });

  test("checkChoice refuses other values and non-strings", () => {
    assert.equal(checkChoice(undefined, "phase", ["decode", "prefill"] as const, "decode"), "decode");
    assert.equal(checkChoice("prefill", "phase", ["decode", "prefill"] as const, "decode"), "prefill");
    assert.throws(
      () => checkChoice("train", "phase", ["decode", "prefill"], "decode"),
      /phase must be one of decode, prefill; got "train"/,
    );
    assert.throws(() => checkChoice(1, "phase", ["decode", "prefill"], "decode"), /got 1/);
  });
});
