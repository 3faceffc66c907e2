/**
 * BLOOM harness scoring on a tiny bloom-architecture GGUF through the real llama.cpp runtime, checked
 * against an independent log-likelihood (next-token distributions summed step by step), the
 * prefix-reusing path against from-scratch scoring, and the OpenAI-compatible backend (echo +
 * logprobs) against a loopback server answering from the same model.
 */
import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readJsonl } from "../../src/core/index.js";
import { createOpenAIModel, type LanguageModel, loadLlamaModel } from "../../src/lm/index.js";
import { type ChoiceItem, evaluateTasks, scoreChoiceItem } from "../../src/systems/bloom/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

const dir = tempDir();
const models = writeTinyModels(dir);

const items: ChoiceItem[] = [
  { context: "The river opened", choices: [" the world", " and that", " is it.", " the"], gold: 1, lang: "en" },
  { context: "Hello the", choices: [" world, and", " river"], gold: 0, lang: "fr" },
  { context: "", choices: ["Hello the world", "The river"], gold: 1, lang: "en" },
  { context: "that is it", choices: [" and the river opened"], gold: 0, lang: "en" },
];

/** log p(choice | context) the slow, independent way: one full next-token distribution per position. */
async function independentScore(lm: LanguageModel, context: string, choice: string): Promise<number> {
  const ctx = context ? await lm.tokenize(context) : [lm.eosToken as number];
  const cont = await lm.tokenize(choice, { addBos: false });
  let sum = 0;
  for (let j = 0; j < cont.length; j++) {
    const { logProbs } = await lm.nextTokenLogProbs([...ctx, ...cont.slice(0, j)]);
    sum += logProbs[cont[j] as number] as number;
  }
  return sum;
}

describe("bloom scoring on a tiny bloom GGUF", () => {
  let lm: LanguageModel;
  let reference: LanguageModel;
  before(async () => {
    // Two sequences: scoreTokens takes the paired (argmax + biased top-2) path; one: the full-Map path.
    lm = await loadLlamaModel(models.bloom, { threads: 1, contextSize: 128, sequences: 2 });
    reference = await loadLlamaModel(models.bloom, { threads: 1, contextSize: 128 });
  });
  after(async () => {
    await lm?.close();
    await reference?.close();
  });

  test("choice scores equal the step-by-step log-likelihood", async () => {
    for (const item of items) {
      const r = await scoreChoiceItem(lm, item);
      for (let i = 0; i < item.choices.length; i++) {
        const want = await independentScore(reference, item.context, item.choices[i] as string);
        assert.ok(Math.abs((r.scores[i] as number) - want) < 1e-4 + 5e-5 * Math.abs(want), `${item.choices[i]}: ${r.scores[i]} vs ${want}`);
      }
      assert.ok(r.scores.every((s) => s < 0));
    }
  });

  test("the paired path equals the full-Map path token by token", async () => {
    for (const item of items)
      for (const choice of item.choices) {
        const ctx = item.context ? await lm.tokenize(item.context) : [lm.eosToken as number];
        const all = [...ctx, ...(await lm.tokenize(choice, { addBos: false }))];
        const paired = await lm.scoreTokens(all, ctx.length);
        const maps = await reference.scoreTokens(all, ctx.length);
        paired.forEach((p, i) => {
          assert.ok(Math.abs(p - (maps[i] as number)) < 1e-3 + 1e-5 * Math.abs(p), `${p} vs ${maps[i]}`);
        });
      }
  });

  test("reusing the context's KV cache gives the from-scratch numbers", async () => {
    const item = items[0] as ChoiceItem;
    const reused = await scoreChoiceItem(lm, item);
    const fresh: number[] = [];
    for (const choice of item.choices) {
      // A call sharing no prefix first: the sequence is rebuilt from scratch for each choice.
      await lm.scoreTokens([(lm.eosToken as number) - 1, 5], 1);
      const ctx = await lm.tokenize(item.context);
      const cont = await lm.tokenize(choice, { addBos: false });
      fresh.push((await lm.scoreTokens([...ctx, ...cont], ctx.length)).reduce((a, b) => a + b, 0));
    }
    reused.scores.forEach((s, i) => {
      assert.ok(Math.abs(s - (fresh[i] as number)) < 1e-5, `${s} vs ${fresh[i]}`);
    });
  });

  test("pred, predNorm (per character) and ties to the lowest index", async () => {
    const tie: ChoiceItem = { context: "Hello", choices: [" world", " world", " river"], gold: 1 };
    const r = await scoreChoiceItem(lm, tie);
    assert.equal(r.scores[0], r.scores[1]);
    assert.equal(r.pred === 2 ? 2 : r.pred, r.scores[2]! > r.scores[0]! ? 2 : 0);
    const normed = r.scores.map((s, i) => s / [...(tie.choices[i] as string)].length);
    assert.equal(r.predNorm, normed[2]! > normed[0]! ? 2 : 0);
  });

  test("a single-choice item is LAMBADA-style: greedy flag matches the argmax path", async () => {
    const item = items[3] as ChoiceItem;
    const r = await scoreChoiceItem(lm, item);
    const ctx = await reference.tokenize(item.context);
    const cont = await reference.tokenize(item.choices[0] as string, { addBos: false });
    let greedy = true;
    for (let j = 0; j < cont.length && greedy; j++) {
      const { logProbs } = await reference.nextTokenLogProbs([...ctx, ...cont.slice(0, j)]);
      let best = 0;
      for (let t = 1; t < logProbs.length; t++) if ((logProbs[t] as number) > (logProbs[best] as number)) best = t;
      greedy = best === cont[j];
    }
    assert.equal(r.greedy, greedy);
    // Greedy continuation of the context is greedy by construction.
    const { completeText } = await import("../../src/lm/index.js");
    const c = await completeText(reference, item.context, { maxTokens: 3 });
    if (c.text.length > 0 && c.finishReason !== "eos") {
      const g = await scoreChoiceItem(lm, { context: item.context, choices: [c.text], gold: 0 });
      assert.equal(g.greedy, true);
    }
  });

  test("evaluateTasks aggregates per language, resumes, and logs samples", async () => {
    const out = join(dir, "eval.jsonl");
    const r = await evaluateTasks(lm, [{ name: "mini", items }], { out });
    const t = r.tasks[0]!;
    assert.equal(t.n, 4);
    assert.equal(t.failed, 0);
    assert.deepEqual(Object.keys(t.byLang).sort(), ["en", "fr"]);
    assert.equal(t.byLang.fr!.n, 1);
    const right = r.samples.filter((s) => s.pred === s.gold && s.greedy === undefined).length + r.samples.filter((s) => s.greedy).length;
    assert.equal(t.acc, right / 4);
    const again = await evaluateTasks(lm, [{ name: "mini", items }], { out });
    assert.equal(again.counts.resumed, 4);
    assert.deepEqual(again.tasks, r.tasks);
    assert.equal((await readJsonl(out)).length, 4);
    const limited = await evaluateTasks(lm, [{ name: "mini", items }], { limit: 1 });
    assert.equal(limited.tasks[0]!.n, 2); // one per language
  });
});

let httpServer: Server | undefined;
async function startServer(handler: RequestListener): Promise<{ url: string }> {
  httpServer = createServer(handler);
  await new Promise<void>((r) => httpServer?.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` };
}

describe("bloom scoring through the OpenAI-compatible backend", () => {
  let backing: LanguageModel;
  let url: string;
  before(async () => {
    backing = await loadLlamaModel(models.bloom, { threads: 1, contextSize: 128 });
    const read = async (req: IncomingMessage) => {
      let s = "";
      for await (const c of req) s += c;
      return JSON.parse(s || "{}") as Record<string, unknown>;
    };
    const server = await startServer((req: IncomingMessage, res: ServerResponse) => {
      void (async () => {
        const body = await read(req);
        const json = (v: unknown) => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(JSON.stringify(v));
        };
        if (req.url === "/tokenize")
          return json({
            tokens: await backing.tokenize(String(body.prompt), { addBos: body.add_special_tokens !== false }),
            max_model_len: 128,
          });
        if (req.url === "/detokenize") return json({ prompt: await backing.detokenize(body.tokens as number[]) });
        if (req.url === "/v1/completions" && body.echo) {
          const ids = body.prompt as number[];
          const lps = await backing.scoreTokens(ids, 1);
          return json({
            choices: [{ index: 0, text: "", logprobs: { tokens: ids.map((i) => `token_id:${i}`), token_logprobs: [null, ...lps] } }],
          });
        }
        res.writeHead(404);
        res.end("{}");
      })();
    });
    url = server.url;
  });
  after(async () => {
    httpServer?.closeAllConnections();
    await new Promise((r) => httpServer?.close(r));
    await backing?.close();
  });

  test("scores the same task as the local backend", async () => {
    const remote = createOpenAIModel({ baseUrl: `${url}/v1`, model: "tiny-bloom", vocabSize: 320, timeoutMs: 5000, backoffMs: 5 });
    const mc = items.slice(0, 2);
    for (const item of mc) {
      const a = await scoreChoiceItem(remote, item);
      const b = await scoreChoiceItem(backing, item);
      a.scores.forEach((s, i) => {
        assert.ok(Math.abs(s - (b.scores[i] as number)) < 1e-4 + 1e-5 * Math.abs(s), `${s} vs ${b.scores[i]}`);
      });
      assert.equal(a.pred, b.pred);
      assert.equal(a.predNorm, b.predNorm);
    }
    await remote.close();
  });
});
