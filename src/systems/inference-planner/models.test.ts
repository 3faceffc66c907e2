import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidInputError } from "../../core/index.js";
import { kvBytesPerTokenLayer, MODELS, parseModelConfig, resolveModel, totalParams } from "./models.js";

const within = (actual: number, expected: number, rel: number) =>
  assert.ok(Math.abs(actual / expected - 1) <= rel, `expected ${expected}, got ${actual} (±${rel * 100}%)`);

describe("model configs", () => {
  test("parameter counts derive from the shapes and match the published sizes", () => {
    // Published sizes: PaLM paper (8.63B, 62.5B, 540.35B), MT-NLG 530B, BLOOM 176B, GPT-3 175B, Llama 3.
    within(totalParams(MODELS["palm-8b"]!, false), 8.63e9, 0.01);
    within(totalParams(MODELS["palm-62b"]!, false), 62.5e9, 0.01);
    within(totalParams(MODELS["palm-540b"]!, false), 540.35e9, 0.001);
    within(totalParams(MODELS["palm-540b-multihead"]!, false), 540.35e9, 0.005); // "about the same": no separate K/V heads to add
    within(totalParams(MODELS["mt-nlg-530b"]!), 530e9, 0.01);
    within(totalParams(MODELS["bloom-176b"]!), 176.2e9, 0.01);
    within(totalParams(MODELS["gpt-3-175b"]!), 175e9, 0.01);
    within(totalParams(MODELS["llama-3-8b"]!), 8.03e9, 0.01);
    within(totalParams(MODELS["llama-3-70b"]!), 70.6e9, 0.01);
    within(totalParams(MODELS["llama-3-405b"]!), 405.9e9, 0.01);
  });

  test("PaLM 540B head padding 48→64 adds about 18B parameters (the paper's figure)", () => {
    const m = MODELS["palm-540b"]!;
    within(totalParams(m) - totalParams(m, false), 17.8e9, 0.01);
  });

  test("multihead 540B KV cache at batch 512, context 2048 is about 3 TB (paper §2)", () => {
    const m = MODELS["palm-540b-multihead"]!;
    within(kvBytesPerTokenLayer(m) * m.layers * 512 * 2048, 3.04e12, 0.01);
  });

  test("custom JSON accepts snake_case and checks kv heads", () => {
    const m = parseModelConfig({
      name: "tiny",
      n_layers: 2,
      d_model: 64,
      d_ff: 256,
      num_heads: 4,
      num_key_value_heads: 2,
      vocab_size: 1000,
      gated_ffn: true,
    });
    assert.equal(m.dHead, 16);
    assert.equal(m.kvHeads, 2);
    assert.equal(m.gatedFfn, true);
    assert.throws(
      () => parseModelConfig({ layers: 2, dModel: 64, dFf: 256, heads: 4, kvHeads: 3, vocab: 10 }),
      /kvHeads \(3\) must divide heads \(4\)/,
    );
    assert.throws(() => parseModelConfig({ layers: 2, dModel: 64, heads: 4, vocab: 10 }), /"dFf" must be a positive whole number/);
  });

  test("unknown model names list the known ones", () => {
    assert.throws(
      () => resolveModel("palm-504b"),
      (e: unknown) =>
        e instanceof InvalidInputError && /did you mean "palm-540b"/.test(e.message) && /Known: .*llama-3-405b/.test(e.message),
    );
  });
});
