import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { AbortedError, FileFormatError, MissingFileError } from "../../src/core/index.js";
import { type LanguageModel, loadLlamaModel, readGgufInfo } from "../../src/lm/index.js";
import { type TinyModels, writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

const dir = tempDir();
const models: TinyModels = writeTinyModels(dir);

const maxAbsDiff = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(Math.exp(a[i] as number) - Math.exp(b[i] as number)));
  return d;
};

for (const arch of ["expert", "bloom", "llama"] as const) {
  describe(`llama.cpp backend on a tiny ${arch === "expert" ? "gpt2" : arch} GGUF`, () => {
    let lm: LanguageModel;
    before(async () => {
      lm = await loadLlamaModel(models[arch], { threads: 1, sequences: 3, contextSize: 128 });
    });
    after(async () => lm?.close());

    test("tokenize and detokenize round-trip", async () => {
      const text = "Hello the world, and that is it.";
      const ids = await lm.tokenize(text);
      assert.ok(ids.length > 3 && ids.length < text.length, "merges shorten the sequence");
      assert.equal(await lm.detokenize(ids), text);
      assert.equal(lm.vocabSize, 320);
      assert.equal(lm.eosToken, 319);
    });

    test("next-token probabilities sum to one over the whole vocabulary", async () => {
      const { logProbs, complete } = await lm.nextTokenLogProbs(await lm.tokenize("The river"));
      assert.equal(complete, true);
      assert.equal(logProbs.length, 320);
      const sum = logProbs.reduce((s, v) => s + Math.exp(v), 0);
      assert.ok(Math.abs(sum - 1) < 1e-4, `sum ${sum}`);
      assert.ok(
        logProbs.every((v) => Number.isFinite(v)),
        "clamped: no -Infinity",
      );
    });

    test("cached (prefix-reusing) and fresh evaluation agree", async () => {
      const ids = await lm.tokenize("The old library opened the");
      // Warm the cache with a diverging continuation, then ask for the prefix and an extension.
      await lm.nextTokenLogProbs([...ids, 5, 6, 7]);
      const cachedShort = await lm.nextTokenLogProbs(ids);
      const cachedLong = await lm.nextTokenLogProbs([...ids, 42]);
      const fresh = await loadLlamaModel(models[arch], { threads: 1, contextSize: 128 });
      try {
        assert.ok(maxAbsDiff(cachedShort.logProbs, (await fresh.nextTokenLogProbs(ids)).logProbs) < 1e-4);
        const freshLong = await loadLlamaModel(models[arch], { threads: 1, contextSize: 128 });
        assert.ok(maxAbsDiff(cachedLong.logProbs, (await freshLong.nextTokenLogProbs([...ids, 42])).logProbs) < 1e-4);
        await freshLong.close();
      } finally {
        await fresh.close();
      }
    });

    test("batched and sequential evaluation agree", async () => {
      const base = await lm.tokenize("A research team");
      const contexts = [base, [...base, 10], [...base, 11, 12], [...base, 13], [...base.slice(0, 2)]];
      const batched = await lm.nextTokenLogProbsBatch(contexts);
      assert.equal(batched.length, contexts.length);
      for (let i = 0; i < contexts.length; i++) {
        const single = await lm.nextTokenLogProbs(contexts[i] as number[]);
        assert.ok(maxAbsDiff((batched[i] as { logProbs: Float32Array }).logProbs, single.logProbs) < 1e-4, `context ${i}`);
      }
    });

    test("teacher-forced scores equal step-by-step log-probabilities", async () => {
      const ids = await lm.tokenize("The harbour remembered");
      const scores = await lm.scoreTokens(ids, 1);
      for (let i = 1; i < ids.length; i++) {
        const { logProbs } = await lm.nextTokenLogProbs(ids.slice(0, i));
        assert.ok(Math.abs(Math.exp(logProbs[ids[i] as number] as number) - Math.exp(scores[i - 1] as number)) < 1e-4);
      }
    });

    test("the head (min-ratio set) has the full distribution's tokens and ratios", async () => {
      const base = await lm.tokenize("The old harbour");
      for (const [i, minRatio] of [0.5, 0.1, 0.01].entries()) {
        const ids = [...base, 40 + i];
        // First through llama.cpp's sampler chain (nothing cached), then read off the cached full distribution.
        const native = await lm.nextTokenHead?.(ids, minRatio);
        const { logProbs } = await lm.nextTokenLogProbs(ids);
        const fromCache = await lm.nextTokenHead?.(ids, minRatio);
        assert.ok(native && fromCache, "the llama.cpp backend implements nextTokenHead");
        const max = Math.max(...logProbs);
        const expected = [...logProbs.keys()]
          .filter((t) => (logProbs[t] as number) >= max + Math.log(minRatio) + 1e-5 || (logProbs[t] as number) === max)
          .sort((a, b) => (logProbs[b] as number) - (logProbs[a] as number));
        for (const head of [native, fromCache]) {
          for (const t of expected) assert.ok(head.tokens.includes(t), `token ${t} (ratio ≥ ${minRatio}) is in the head`);
          for (const t of head.tokens)
            assert.ok((logProbs[t] as number) >= max + Math.log(minRatio) - 1e-5, `token ${t} belongs in the head`);
          assert.equal(head.tokens[0], expected[0], "most likely first");
          const sum = head.logProbs.reduce((s, v) => s + Math.exp(v), 0);
          assert.ok(Math.abs(sum - 1) < 1e-5, "renormalised over the head");
          head.tokens.forEach((t, j) => {
            const ratio = (head.logProbs[j] as number) - (head.logProbs[0] as number);
            assert.ok(Math.abs(ratio - ((logProbs[t] as number) - max)) < 1e-4, `log-ratio of token ${t}`);
          });
        }
      }
    });

    test("the head grows past its first top-k when many tokens qualify", async () => {
      const ids = await lm.tokenize("A river");
      const head = await lm.nextTokenHead?.(ids, 1e-6);
      const { logProbs } = await lm.nextTokenLogProbs(ids);
      const max = Math.max(...logProbs);
      const expected = [...logProbs].filter((v) => v >= max + Math.log(1e-6) + 1e-5).length;
      assert.ok(expected > 64, `the fixture has a wide head (${expected})`);
      assert.ok(head && head.tokens.length >= expected, `head of ${head?.tokens.length} holds all ${expected}`);
    });

    test("a restricted distribution keeps the model's ratios among any tokens, including EOS", async () => {
      const base = await lm.tokenize("The city council");
      const first = await lm.nextTokenLogProbs(base);
      const order = [...first.logProbs.keys()].sort((a, b) => (first.logProbs[b] as number) - (first.logProbs[a] as number));
      // Tokens from the top, the middle and the tail of the distribution, plus a duplicate; then EOS too.
      const sets = [
        [order[0], order[150], order[319], order[5], order[150]],
        [order[200], 319, order[3]],
      ] as number[][];
      for (const [i, wanted] of sets.entries()) {
        const ids = [...base, 60 + i];
        const native = await lm.nextTokenRestricted?.(ids, wanted); // nothing cached: bias + top-k (EOS: via full)
        const { logProbs } = await lm.nextTokenLogProbs(ids);
        const fromCache = await lm.nextTokenRestricted?.(ids, wanted);
        assert.ok(native && fromCache, "the llama.cpp backend implements nextTokenRestricted");
        for (const r of [native, fromCache]) {
          assert.deepEqual(r.tokens, [...new Set(wanted)]);
          const z = Math.log(r.tokens.reduce((s, t) => s + Math.exp(logProbs[t] as number), 0));
          r.tokens.forEach((t, j) => {
            assert.ok(Math.abs((r.logProbs[j] as number) - ((logProbs[t] as number) - z)) < 1e-4, `token ${t}`);
          });
        }
      }
      // The full distribution afterwards is unaffected by the biases used above.
      const again = await lm.nextTokenLogProbs(base);
      assert.ok(maxAbsDiff(again.logProbs, first.logProbs) < 1e-5);
    });
  });
}

describe("llama.cpp backend: generation", () => {
  let lm: LanguageModel;
  before(async () => {
    lm = await loadLlamaModel(models.expert, { threads: 1, contextSize: 128 });
  });
  after(async () => lm?.close());

  test("greedy generation streams the argmax of each step and is deterministic", async () => {
    const prompt = await lm.tokenize("Our small village");
    const a: number[] = [];
    let text = "";
    for await (const t of lm.generate(prompt, { maxTokens: 12, stopAtEos: false })) {
      a.push(t.token);
      text += t.text;
    }
    const ctx = [...prompt];
    for (const t of a) {
      const { logProbs } = await lm.nextTokenLogProbs(ctx);
      assert.equal(t, logProbs.indexOf(Math.max(...logProbs)));
      ctx.push(t);
    }
    assert.equal(text, await lm.detokenize(a));
  });

  test("seeded sampling repeats with the same seed", async () => {
    const run = async (seed: number) => {
      const out: number[] = [];
      for await (const t of lm.generate("The river", { maxTokens: 10, temperature: 1, topP: 0.9, seed, stopAtEos: false }))
        out.push(t.token);
      return out;
    };
    assert.deepEqual(await run(7), await run(7));
  });

  test("an aborted signal stops generation with AbortedError", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const t of lm.generate("The river", { maxTokens: 50, stopAtEos: false, signal: controller.signal })) {
        seen.push(t.token);
        if (seen.length === 3) controller.abort();
      }
    }, AbortedError);
    assert.equal(seen.length, 3);
  });

  test("embeddings are unit vectors", async () => {
    const v = await lm.embed("The old library");
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-4);
  });

  test("a context longer than the model was opened with is a one-line error", async () => {
    await assert.rejects(lm.nextTokenLogProbs(new Array(129).fill(65)), /129 tokens, more than the 128 positions .*shorten the prompt/);
  });

  test("an out-of-vocabulary token id is a one-line error", async () => {
    await assert.rejects(lm.nextTokenLogProbs([1, 999]), /Token id 999 is outside .*vocabulary \(0\.\.319\)/);
  });
});

describe("bad model files", () => {
  test("a missing file names the path", async () => {
    await assert.rejects(
      loadLlamaModel(join(dir, "nope.gguf")),
      (err: Error) => err instanceof MissingFileError && /nope\.gguf/.test(err.message),
    );
  });

  test("a file that is not GGUF gives one line naming the bad magic", async () => {
    const p = join(dir, "corrupt.gguf");
    writeFileSync(p, Buffer.from("this is not a model file at all, sorry"));
    await assert.rejects(
      loadLlamaModel(p),
      (err: Error) => err instanceof FileFormatError && /bad magic/.test(err.message) && !err.message.includes("\n"),
    );
  });

  test("a truncated GGUF gives one line saying so", async () => {
    const bytes = readFileSync(models.amateur);
    for (const keep of [100, Math.floor(bytes.length / 2), bytes.length - 10]) {
      const p = join(dir, `truncated-${keep}.gguf`);
      writeFileSync(p, bytes.subarray(0, keep));
      await assert.rejects(
        loadLlamaModel(p),
        (err: Error) => err instanceof FileFormatError && /truncated/.test(err.message) && !err.message.includes("\n"),
        `kept ${keep}`,
      );
    }
  });

  test("the header reader reports architecture and vocabulary", () => {
    const info = readGgufInfo(models.bloom);
    assert.equal(info.architecture, "bloom");
    assert.equal(info.tokens.length, 320);
    assert.equal(info.vocabularyFingerprint, readGgufInfo(models.expert).vocabularyFingerprint);
    assert.notEqual(info.vocabularyFingerprint, readGgufInfo(models.otherVocab).vocabularyFingerprint);
  });
});
