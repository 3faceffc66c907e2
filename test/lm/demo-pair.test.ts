import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  BpeTokenizer,
  demoPairAssetDir,
  hasDemoPair,
  type LanguageModel,
  loadLlamaModel,
  readDemoPairManifest,
  readGgufInfo,
  readHeldoutChapters,
  sha256File,
  shippedDemoPair,
  writeDemoPair,
} from "../../src/lm/index.js";
import { tempDir } from "../utils/tmp.js";

const manifest = readDemoPairManifest();
const pair = shippedDemoPair();

describe("the shipped KJV expert/amateur pair", () => {
  let expert: LanguageModel;
  let amateur: LanguageModel;
  before(async () => {
    expert = await loadLlamaModel(pair.expert, { threads: 1, gpu: false });
    amateur = await loadLlamaModel(pair.amateur, { threads: 1, gpu: false });
  });
  after(async () => {
    await expert?.close();
    await amateur?.close();
  });

  test("every file matches the manifest's sha256 and size; the pair stays under 20 MB", () => {
    const dir = demoPairAssetDir();
    const files = { ...manifest.files, [manifest.expert.file]: manifest.expert, [manifest.amateur.file]: manifest.amateur };
    for (const [name, f] of Object.entries(files)) {
      assert.equal(statSync(join(dir, name)).size, f.bytes, name);
      assert.equal(sha256File(join(dir, name)), f.sha256, name);
    }
    assert.ok(manifest.expert.bytes + manifest.amateur.bytes < 20e6);
    assert.ok(manifest.expert.params > 5 * manifest.amateur.params, "the amateur is far smaller");
    assert.ok(manifest.expert.heldoutPerplexity < manifest.amateur.heldoutPerplexity, "the expert is the better model");
  });

  test("both models share one vocabulary, and llama.cpp tokenizes held-out text exactly as training did", async () => {
    const info = readGgufInfo(pair.expert);
    assert.equal(readGgufInfo(pair.amateur).vocabularyFingerprint, info.vocabularyFingerprint);
    assert.equal(expert.vocabularyFingerprint, amateur.vocabularyFingerprint);
    const tok = new BpeTokenizer({ tokens: info.tokens, tokenTypes: [], merges: info.merges, eos: info.tokens.length - 1 });
    for (const c of readHeldoutChapters().slice(0, 8))
      assert.deepEqual(await expert.tokenize(c.text, { addBos: false }), tok.encode(c.text));
  });

  test("llama.cpp's next-token log-probs match torch's (recorded in the manifest)", async () => {
    for (const [lm, entry] of [
      [expert, manifest.expert],
      [amateur, manifest.amateur],
    ] as const) {
      for (const ref of entry.reference.prompts) {
        const { logProbs } = await lm.nextTokenLogProbs(ref.prompt);
        for (const [id, lp] of ref.top)
          assert.ok(Math.abs((logProbs[id] as number) - lp) < 0.05, `${entry.file} token ${id}: ${logProbs[id]} vs ${lp}`);
      }
    }
  });

  test("the expert continues a held-out prompt in English words of the corpus", async () => {
    const words = new Set(readFileSync(join(demoPairAssetDir(), "words.txt"), "utf8").split("\n"));
    const prompt = (readHeldoutChapters()[0] as { text: string }).text.split(" ").slice(0, 12).join(" ");
    const continuation = async (options: { temperature: number; topK?: number; seed?: number }) => {
      let text = "";
      for await (const t of expert.generate(prompt, { ...options, maxTokens: 48, stopAtEos: false })) text += t.text;
      const got = text.toLowerCase().match(/[a-z]+/g) ?? [];
      return { text, got, known: got.filter((w) => words.has(w)).length / Math.max(1, got.length) };
    };
    const greedy = await continuation({ temperature: 0 });
    assert.ok(greedy.got.length >= 20, greedy.text);
    assert.ok(greedy.known > 0.9, `${(greedy.known * 100).toFixed(0)}% corpus words: ${greedy.text}`);
    const sampled = await continuation({ temperature: 1, topK: 40, seed: 7 });
    assert.ok(sampled.known > 0.75, `${(sampled.known * 100).toFixed(0)}% corpus words: ${sampled.text}`);
    assert.ok(new Set(sampled.got).size >= 15, `varied words when sampled: ${sampled.text}`);
  });

  test("writeDemoPair copies the pair once and keeps intact copies", () => {
    const dir = join(tempDir(), "demo");
    assert.equal(hasDemoPair(dir), false);
    const copy = writeDemoPair(dir);
    assert.equal(sha256File(copy.expert), manifest.expert.sha256);
    assert.equal(sha256File(copy.amateur), manifest.amateur.sha256);
    const mtime = statSync(copy.expert).mtimeMs;
    assert.deepEqual(writeDemoPair(dir), copy);
    assert.equal(statSync(copy.expert).mtimeMs, mtime, "intact files are kept");
    assert.equal(hasDemoPair(dir), true);
  });
});
