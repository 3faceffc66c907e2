/**
 * completeText and scoreContinuation through the real llama.cpp runtime on a tiny GGUF, and over the
 * OpenAI-compatible wire format against a loopback server.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { argmax, completeText, createOpenAIModel, type LanguageModel, loadLlamaModel, scoreContinuation } from "../../src/lm/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

const models = writeTinyModels(tempDir());

describe("completeText on llama.cpp", () => {
  let lm: LanguageModel;
  before(async () => {
    lm = await loadLlamaModel(models.expert, { threads: 1, contextSize: 128 });
  });
  after(async () => lm?.close());

  test("greedy completion equals the argmax of each full distribution", async () => {
    const prompt = "The river ran past the";
    const c = await completeText(lm, prompt, { maxTokens: 12, stopAtEos: true });
    const ctx = await lm.tokenize(prompt);
    const expected: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = argmax((await lm.nextTokenLogProbs(ctx)).logProbs);
      if (t === lm.eosToken) break;
      expected.push(t);
      ctx.push(t);
    }
    assert.equal(c.text, await lm.detokenize(expected));
    assert.equal(c.completionTokens, expected.length);
    assert.equal(c.promptTokens, (await lm.tokenize(prompt)).length);
    assert.equal(c.finishReason, expected.length === 12 ? "length" : "eos");
  });

  test("stops before the first stop string", async () => {
    const full = await completeText(lm, "Hello the", { maxTokens: 16 });
    assert.ok(full.text.length > 2);
    const stopAt = full.text.slice(1, 3);
    const cut = await completeText(lm, "Hello the", { maxTokens: 16, stop: ["\u0000never", stopAt] });
    assert.equal(cut.finishReason, "stop");
    assert.equal(cut.text, full.text.slice(0, full.text.indexOf(stopAt)));
  });

  test("sampled completions are reproducible by seed", async () => {
    const a = await completeText(lm, "The old", { maxTokens: 8, temperature: 1, seed: 7 });
    const b = await completeText(lm, "The old", { maxTokens: 8, temperature: 1, seed: 7 });
    assert.equal(a.text, b.text);
  });

  test("scoreContinuation sums teacher-forced log-probs of the continuation", async () => {
    const s = await scoreContinuation(lm, "The river", " ran past");
    const ctx = await lm.tokenize("The river");
    const cont = await lm.tokenize(" ran past", { addBos: false });
    let expected = 0;
    const seq = [...ctx];
    for (const t of cont) {
      expected += (await lm.nextTokenLogProbs(seq)).logProbs[t] as number;
      seq.push(t);
    }
    assert.equal(s.tokens, cont.length);
    assert.ok(Math.abs(s.logProb - expected) < 1e-3, `${s.logProb} vs ${expected}`);
  });
});

describe("completeText over an OpenAI-compatible server", () => {
  let server: Server;
  let baseUrl: string;
  let lastBody: Record<string, unknown> = {};
  let withUsage = true;
  before(async () => {
    server = createServer(async (req, res) => {
      let data = "";
      for await (const chunk of req) data += chunk;
      lastBody = JSON.parse(data) as Record<string, unknown>;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          choices: [{ index: 0, text: "Answer: 42\nProblem: next", finish_reason: "length" }],
          ...(withUsage ? { usage: { prompt_tokens: 11, completion_tokens: 9 } } : {}),
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  test("sends stop strings, cuts at them and reports the server's usage", async () => {
    const lm = createOpenAIModel({ baseUrl, model: "m", retries: 0 });
    const c = await completeText(lm, "Q", { maxTokens: 20, stop: ["\nProblem:"] });
    assert.deepEqual(lastBody.stop, ["\nProblem:"]);
    assert.equal(lastBody.max_tokens, 20);
    assert.equal(c.text, "Answer: 42");
    assert.equal(c.finishReason, "stop");
    assert.equal(c.promptTokens, 11);
    assert.equal(c.completionTokens, 9);
    assert.equal(c.estimated, undefined);
  });

  test("estimates token counts, and says so, when the server sends no usage", async () => {
    withUsage = false;
    const lm = createOpenAIModel({ baseUrl, model: "m", retries: 0 });
    const c = await completeText(lm, "12345678", { maxTokens: 20 });
    assert.equal(c.estimated, true);
    assert.equal(c.promptTokens, 2);
    assert.equal(c.finishReason, "length");
    withUsage = true;
  });
});

describe("the demo model reference", () => {
  test("demo, demo:expert and demo:amateur resolve to the demo pair without a download", async () => {
    const { resolveModelFile } = await import("../../src/lm/index.js");
    const cacheDir = tempDir();
    const expert = await resolveModelFile("demo", { cacheDir });
    assert.equal(await resolveModelFile("demo:expert", { cacheDir }), expert);
    const amateur = await resolveModelFile("demo:amateur", { cacheDir });
    assert.notEqual(amateur, expert);
    const lm = await loadLlamaModel(amateur, { threads: 1, contextSize: 64 });
    assert.ok(lm.vocabSize > 0);
    await lm.close();
  });
});
