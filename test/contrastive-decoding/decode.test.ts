import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AbortedError, InvalidInputError } from "../../src/core/index.js";
import { createOpenAIModel, type LanguageModel, loadLlamaModel } from "../../src/lm/index.js";
import {
  contrastiveDecode,
  generateContrastive,
  plausibleSet,
  resolveObjective,
  scoreStep,
} from "../../src/systems/contrastive-decoding/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

const models = writeTinyModels(tempDir());
let expert: LanguageModel;
let amateur: LanguageModel;
const PROMPT = "A young engineer visited the";

before(async () => {
  expert = await loadLlamaModel(models.expert, { threads: 1, sequences: 4, contextSize: 128 });
  amateur = await loadLlamaModel(models.amateur, { threads: 1, sequences: 4, contextSize: 128 });
});
after(async () => {
  await expert?.close();
  await amateur?.close();
});

describe("contrastive decoding library", () => {
  test("beam search with enough beams finds the best two-token continuation (exhaustive check)", async () => {
    const objective = resolveObjective({ alpha: 0.1, amateurTemperature: 0.5 });
    const prompt = await expert.tokenize(PROMPT);
    const d1e = await expert.nextTokenLogProbs(prompt);
    const d1a = await amateur.nextTokenLogProbs(prompt);
    let best = { score: Number.NEGATIVE_INFINITY, tokens: [] as number[] };
    for (const first of scoreStep(d1e.logProbs, d1a.logProbs, objective)) {
      const ctx = [...prompt, first.token];
      const second = scoreStep(
        (await expert.nextTokenLogProbs(ctx)).logProbs,
        (await amateur.nextTokenLogProbs(ctx)).logProbs,
        objective,
      )[0];
      if (second && first.score + second.score > best.score)
        best = { score: first.score + second.score, tokens: [first.token, second.token] };
    }
    const beams = plausibleSet(d1e.logProbs, 0.1).length;
    const r = await generateContrastive(expert, amateur, PROMPT, {
      alpha: 0.1,
      amateurTemperature: 0.5,
      beams: Math.max(beams, 2),
      maxTokens: 2,
      stopAtEos: false,
    });
    assert.deepEqual(r.tokens, best.tokens);
    // Batched and sequential evaluation agree to float32 rounding (about 1e-3 in the log of rare tokens).
    assert.ok(Math.abs(r.steps.reduce((s, x) => s + x.score, 0) - best.score) < 1e-2);
  });

  test("one beam equals greedy", async () => {
    const g = await generateContrastive(expert, amateur, PROMPT, { maxTokens: 10 });
    const b = await generateContrastive(expert, amateur, PROMPT, { maxTokens: 10, beams: 1, search: "beam" });
    assert.deepEqual(b.tokens, g.tokens);
  });

  test("sampling draws only plausible tokens and repeats with the same seed", async () => {
    const a = await generateContrastive(expert, amateur, PROMPT, { maxTokens: 12, search: "sample", seed: 3 });
    const b = await generateContrastive(expert, amateur, PROMPT, { maxTokens: 12, search: "sample", seed: 3 });
    assert.deepEqual(a.tokens, b.tokens);
    for (const s of a.steps)
      assert.ok(
        s.plausible.length <= s.plausibleSetSize &&
          s.expertLogProb >= s.plausible.reduce((m, p) => Math.max(m, p.expertLogProb), Number.NEGATIVE_INFINITY) + Math.log(0.1) - 1e-9,
      );
    assert.equal(a.settings.seed, 3);
  });

  test("logit form with beta = 0 is the expert's greedy decoding", async () => {
    const r = await generateContrastive(expert, amateur, PROMPT, { form: "logit", beta: 0, maxTokens: 8 });
    const greedy: number[] = [];
    for await (const t of expert.generate(PROMPT, { maxTokens: 8 })) greedy.push(t.token);
    assert.deepEqual(r.tokens, greedy);
    assert.ok(r.steps.every((s) => s.expertRank === 0));
  });

  test("fixed length bans EOS and produces exactly maxTokens", async () => {
    const r = await generateContrastive(expert, amateur, PROMPT, { maxTokens: 9, stopAtEos: false });
    assert.equal(r.tokens.length, 9);
    assert.ok(!r.tokens.includes(expert.eosToken as number));
  });

  test("refuses a pair whose vocabularies differ, in one line", async () => {
    const other = await loadLlamaModel(models.otherVocab, { threads: 1, contextSize: 64 });
    try {
      await assert.rejects(
        generateContrastive(expert, other, PROMPT, { maxTokens: 2 }),
        (err: Error) => err instanceof InvalidInputError && /do not share a vocabulary/.test(err.message),
      );
    } finally {
      await other.close();
    }
  });

  test("refuses a top-k-only amateur", async () => {
    const http = createOpenAIModel({ baseUrl: "http://127.0.0.1:9", model: "x", vocabSize: 320 });
    Object.defineProperty(http, "vocabularyFingerprint", { value: expert.vocabularyFingerprint });
    await assert.rejects(
      generateContrastive(expert, http, PROMPT, { maxTokens: 1 }),
      /only top-20 log-probabilities; contrastive decoding needs full distributions/,
    );
  });

  test("refuses more tokens than the models have positions for, before decoding", async () => {
    await assert.rejects(
      generateContrastive(expert, amateur, PROMPT, { maxTokens: 200 }),
      /plus 200 new tokens exceeds the 128 positions .*generate at most \d+ tokens/,
    );
  });

  test("stops on abort", async () => {
    const c = new AbortController();
    let n = 0;
    await assert.rejects(async () => {
      for await (const _ of contrastiveDecode(expert, amateur, PROMPT, { maxTokens: 50, stopAtEos: false, signal: c.signal }))
        if (++n === 2) c.abort();
    }, AbortedError);
  });
});
