import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { InvalidInputError } from "../../src/core/index.js";
import { type LanguageModel, loadLlamaModel } from "../../src/lm/index.js";
import { type ContrastiveOptions, generateContrastive } from "../../src/systems/contrastive-decoding/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

const models = writeTinyModels(tempDir());
let expert: LanguageModel;
let amateur: LanguageModel;
const PROMPT = "The harbour master said that";

before(async () => {
  expert = await loadLlamaModel(models.expert, { threads: 1, contextSize: 128 });
  amateur = await loadLlamaModel(models.amateur, { threads: 1, contextSize: 128 });
});
after(async () => {
  await expert?.close();
  await amateur?.close();
});

/** Runs both paths with the same options; returns them. */
async function both(options: ContrastiveOptions) {
  const full = await generateContrastive(expert, amateur, PROMPT, { ...options, distribution: "full" });
  const fast = await generateContrastive(expert, amateur, PROMPT, { ...options, distribution: "plausible-set" });
  return { full, fast };
}

describe("contrastive decoding: plausible-set fast path", () => {
  const cases: ContrastiveOptions[] = [
    { alpha: 0.1, amateurTemperature: 0.5 },
    { alpha: 0.01, amateurTemperature: 1 },
    { alpha: 0.3, amateurTemperature: 0.25, amateurContext: "last-token" },
    { alpha: 0.05, amateurTemperature: 2, coefficient: 0.5 },
    { alpha: 0.1, form: "logit", beta: 0.5 },
    { alpha: 1, amateurTemperature: 0.5 },
    { alpha: 0.1, amateurTemperature: 0.5, stopAtEos: false },
  ];
  for (const c of cases)
    test(`greedy: token for token the same as the full path (${JSON.stringify(c)})`, async () => {
      const { full, fast } = await both({ ...c, maxTokens: 24 });
      assert.ok(full.tokens.length > 0);
      assert.deepEqual(fast.tokens, full.tokens);
      assert.equal(fast.text, full.text);
      assert.equal(fast.settings.distribution, "plausible-set");
      fast.steps.forEach((s, i) => {
        const f = full.steps[i];
        assert.ok(f);
        assert.equal(f.normalisedOver, "vocabulary");
        assert.equal(s.plausibleSetSize, f.plausibleSetSize, `step ${i}: same V_head`);
        assert.equal(s.expertRank, f.expertRank, `step ${i}: same expert rank`);
        if (s.normalisedOver !== "plausible-set") return;
        // Renormalised over V_head: the gap to the full value is the log of V_head's mass, the same for
        // every candidate of the step; the candidates' score differences equal the full path's.
        const fullByToken = new Map(f.plausible.map((p) => [p.token, p]));
        const shift = f.score - s.score;
        for (const p of s.plausible) {
          const q = fullByToken.get(p.token);
          if (!q) continue;
          assert.ok(Math.abs(q.score - p.score - shift) < 1e-3, `step ${i}, token ${p.token}: score differs by the step constant`);
        }
        assert.ok(s.expertLogProb >= f.expertLogProb - 1e-4, "p(x | V_head) ≥ p(x)");
      });
      assert.ok(
        fast.steps.some((s) => s.normalisedOver === "plausible-set"),
        "the fast path was used",
      );
    });

  test("sampling with a fixed seed draws the same tokens on both paths", async () => {
    for (const seed of [1, 7]) {
      const { full, fast } = await both({ search: "sample", seed, temperature: 1, alpha: 0.05, amateurTemperature: 0.5, maxTokens: 24 });
      assert.deepEqual(fast.tokens, full.tokens, `seed ${seed}`);
    }
  });

  test("beam search refuses the plausible-set path in one line", async () => {
    await assert.rejects(
      generateContrastive(expert, amateur, PROMPT, { beams: 3, distribution: "plausible-set", maxTokens: 4 }),
      (err: Error) => err instanceof InvalidInputError && /needs distribution "full"/.test(err.message),
    );
  });

  test("CLI: --distribution plausible-set gives the full path's tokens and marks the log-probs", async () => {
    const args = ["cd", "generate", "--expert", models.expert, "--amateur", models.amateur, "--prompt", PROMPT, "--max-tokens", "12"];
    const full = await runYomikai([...args, "--json"]);
    const fast = await runYomikai([...args, "--json", "--distribution", "plausible-set"]);
    assert.equal(full.code, 0, full.stderr);
    assert.equal(fast.code, 0, fast.stderr);
    const a = JSON.parse(full.stdout);
    const b = JSON.parse(fast.stdout);
    assert.deepEqual(b.tokens, a.tokens);
    assert.equal(b.settings.distribution, "plausible-set");
    assert.ok(a.steps.every((s: { normalisedOver?: string }) => s.normalisedOver === undefined));
    assert.ok(b.steps.some((s: { normalisedOver?: string }) => s.normalisedOver === "plausible-set"));
    const bad = await runYomikai([...args, "--distribution", "plausible-set", "--beams", "2"]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
  });
});
