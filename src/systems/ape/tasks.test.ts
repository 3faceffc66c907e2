import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { tempDir } from "../../../test/utils/tmp.js";
import { INSTRUCTION_INDUCTION_TASKS, loadTask } from "./tasks.js";

describe("the 24 instruction-induction tasks", () => {
  test("load with the official sizes and splits", () => {
    assert.equal(INSTRUCTION_INDUCTION_TASKS.length, 24);
    const sizes: Record<string, number> = { cause_and_effect: 25, common_concept: 16, informal_to_formal: 15 };
    for (const name of INSTRUCTION_INDUCTION_TASKS) {
      const t = loadTask(name);
      assert.equal(t.test.length, sizes[name] ?? 100, name);
      const induce = t.promptGen.length + t.validation.length;
      assert.equal(t.promptGen.length, Math.min(Math.floor(induce * 0.5), 100), name);
      assert.ok(t.human.length >= 4, name);
      assert.ok(t.promptGen.every((e) => e.answers.length === 1));
    }
  });
  test("keep the loader's quirks", () => {
    const ce = loadTask("cause_and_effect");
    assert.ok(ce.test.every((e) => /^Sentence 1: .+ Sentence 2: .+$/.test(e.input)));
    assert.ok(ce.test.every((e) => e.input.includes(e.answers[0] as string)));
    const orders = ce.test.map((e) => e.input.indexOf(e.answers[0] as string) < e.input.indexOf("Sentence 2:"));
    assert.ok(orders.includes(true) && orders.includes(false), "both orders occur");
    const cc = loadTask("common_concept");
    assert.equal(cc.test[0]?.input, "rock climbing, elevators", "every item but the last (helicopters)");
    assert.ok((loadTask("rhymes").test[0]?.answers.length ?? 0) > 1);
  });
  test("is deterministic by seed", () => {
    assert.deepEqual(loadTask("antonyms", { seed: 3 }).promptGen, loadTask("antonyms", { seed: 3 }).promptGen);
    assert.notDeepEqual(loadTask("antonyms", { seed: 3 }).promptGen, loadTask("antonyms", { seed: 4 }).promptGen);
  });
  test("user tasks from JSONL", () => {
    const f = join(tempDir(), "caps.jsonl");
    const words = ["apple", "river", "stone", "cloud", "tiger", "lemon", "piano", "candle", "forest", "mirror"];
    writeFileSync(f, `${words.map((w) => JSON.stringify({ input: w, output: w.toUpperCase() })).join("\n")}\n`);
    const t = loadTask(f);
    assert.equal(t.name, "caps");
    assert.equal(t.test.length, 2);
    assert.equal(t.promptGen.length + t.validation.length, 8);
    writeFileSync(f, '{"input": "a"}\n');
    assert.throws(() => loadTask(f), /line 1 needs a string "input" and an "output"/);
    assert.throws(() => loadTask("antonym"), /did you mean "antonyms"/i);
  });
});
