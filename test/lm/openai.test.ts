/**
 * The HTTP backend against a loopback server that speaks the OpenAI/vLLM wire format, answering from a
 * real tiny model through the llama.cpp backend (so the numbers it returns are real).
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { ExternalError } from "../../src/core/index.js";
import { createOpenAIModel, type LanguageModel, loadLanguageModel, loadLlamaModel, type OpenAIModel } from "../../src/lm/index.js";
import { writeTinyModels } from "../fixtures/gguf/index.js";
import { tempDir } from "../utils/tmp.js";

const models = writeTinyModels(tempDir());
let backing: LanguageModel;
let server: Server;
let baseUrl: string;
let failNext = 0;
let hangNext = 0;
const seen: { path: string; body: Record<string, unknown> }[] = [];

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data ? (JSON.parse(data) as Record<string, unknown>) : {};
}

async function toIds(prompt: unknown): Promise<number[]> {
  return Array.isArray(prompt) ? (prompt as number[]) : backing.tokenize(String(prompt));
}

function topLogprobs(logProbs: Float32Array, k: number): Record<string, number> {
  const ids = [...logProbs.keys()].sort((a, b) => (logProbs[b] as number) - (logProbs[a] as number)).slice(0, k);
  return Object.fromEntries(ids.map((id) => [`token_id:${id}`, logProbs[id] as number]));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const body = await readBody(req);
  seen.push({ path: req.url ?? "", body });
  const json = (value: unknown, status = 200) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  if (hangNext > 0) {
    hangNext--;
    return; // never answers
  }
  if (failNext > 0) {
    failNext--;
    return json({ error: { message: "overloaded" } }, 503);
  }
  switch (req.url) {
    case "/tokenize":
      return json({
        count: 0,
        max_model_len: 128,
        tokens: await backing.tokenize(String(body.prompt), { addBos: body.add_special_tokens !== false }),
      });
    case "/detokenize":
      return json({ prompt: await backing.detokenize(body.tokens as number[]) });
    case "/v1/embeddings":
      return json({ object: "list", data: [{ object: "embedding", index: 0, embedding: [...(await backing.embed(String(body.input)))] }] });
    case "/v1/chat/completions": {
      const messages = body.messages as { content: string }[];
      let text = "";
      for await (const t of backing.generate(messages.map((m) => m.content).join("\n"), { maxTokens: Number(body.max_tokens) }))
        text += t.text;
      return json({
        object: "chat.completion",
        choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "length" }],
      });
    }
    case "/v1/completions": {
      const ids = await toIds(body.prompt);
      if (body.echo) {
        const lps = await backing.scoreTokens(ids, 1);
        return json({
          choices: [
            {
              index: 0,
              text: "",
              logprobs: { tokens: ids.map((i) => `token_id:${i}`), token_logprobs: [null, ...lps], top_logprobs: null },
            },
          ],
        });
      }
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        for await (const t of backing.generate(ids, { maxTokens: Number(body.max_tokens), stopAtEos: false })) {
          res.write(
            `data: ${JSON.stringify({ object: "text_completion", choices: [{ index: 0, text: t.text, logprobs: { tokens: [`token_id:${t.token}`], token_logprobs: [t.logProb] } }] })}\n\n`,
          );
        }
        res.end("data: [DONE]\n\n");
        return;
      }
      const k = Number(body.logprobs ?? 0);
      const { logProbs } = await backing.nextTokenLogProbs(ids);
      let text = "";
      for await (const t of backing.generate(ids, { maxTokens: Number(body.max_tokens) })) text += t.text;
      return json({
        object: "text_completion",
        choices: [{ index: 0, text, logprobs: k ? { top_logprobs: [topLogprobs(logProbs, k)] } : null, finish_reason: "length" }],
      });
    }
    default:
      return json({ error: { message: "not found" } }, 404);
  }
}

before(async () => {
  backing = await loadLlamaModel(models.expert, { threads: 1, contextSize: 128 });
  server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await backing.close();
});

describe("OpenAI-compatible HTTP backend", () => {
  let lm: OpenAIModel;
  before(() => {
    lm = createOpenAIModel({ baseUrl: `${baseUrl}/v1`, model: "tiny", topLogprobs: 5, vocabSize: 320, backoffMs: 5, timeoutMs: 2000 });
  });

  test("declares top-k-only distributions", () => {
    assert.equal(lm.capabilities.fullDistribution, false);
    assert.equal(lm.capabilities.topK, 5);
  });

  test("tokenize/detokenize go through the server", async () => {
    const ids = await lm.tokenize("The river opened");
    assert.deepEqual(ids, await backing.tokenize("The river opened"));
    assert.equal(await lm.detokenize(ids), "The river opened");
  });

  test("next-token top-k log-probs match the model; the rest are -Infinity", async () => {
    const ids = await backing.tokenize("A young engineer");
    const d = await lm.nextTokenLogProbs(ids);
    const full = await backing.nextTokenLogProbs(ids);
    assert.equal(d.complete, false);
    const known = [...d.logProbs.keys()].filter((i) => Number.isFinite(d.logProbs[i]));
    assert.equal(known.length, 5);
    for (const i of known) assert.ok(Math.abs((d.logProbs[i] as number) - (full.logProbs[i] as number)) < 1e-6);
    const top = [...full.logProbs.keys()].sort((a, b) => (full.logProbs[b] as number) - (full.logProbs[a] as number)).slice(0, 5);
    assert.deepEqual(
      known.sort((a, b) => a - b),
      top.sort((a, b) => a - b),
    );
    const last = seen.at(-1)?.body;
    assert.equal(last?.max_tokens, 1);
    assert.equal(last?.return_tokens_as_token_ids, true);
  });

  test("streams a completion over server-sent events with token ids", async () => {
    const ids = await backing.tokenize("The orchestra");
    const streamed: number[] = [];
    let text = "";
    for await (const t of lm.generate(ids, { maxTokens: 6 })) {
      streamed.push(t.token);
      text += t.text;
    }
    assert.equal(streamed.length, 6);
    const local: number[] = [];
    for await (const t of backing.generate(ids, { maxTokens: 6, stopAtEos: false })) local.push(t.token);
    assert.deepEqual(streamed, local);
    assert.equal(text, await backing.detokenize(local));
  });

  test("scores a prompt with echo", async () => {
    const ids = await backing.tokenize("The stone tower");
    const remote = await lm.scoreTokens(ids, 1);
    const local = await backing.scoreTokens(ids, 1);
    assert.equal(remote.length, local.length);
    for (const [i, v] of remote.entries()) assert.ok(Math.abs(v - (local[i] as number)) < 1e-6);
  });

  test("complete, chat and embed use their endpoints", async () => {
    assert.equal(typeof (await lm.complete("Once", { maxTokens: 4 })), "string");
    assert.equal(typeof (await lm.chat([{ role: "user", content: "Hello" }], { maxTokens: 4 })), "string");
    assert.equal(seen.at(-1)?.path, "/v1/chat/completions");
    const e = await lm.embed("hello");
    assert.ok(Math.abs(Math.sqrt(e.reduce((s, x) => s + x * x, 0)) - 1) < 1e-4);
  });

  test("retries 503s with backoff, then succeeds", async () => {
    failNext = 2;
    const before = seen.length;
    const ids = await lm.tokenize("Hello");
    assert.ok(ids.length > 0);
    assert.equal(seen.length - before, 3);
  });

  test("gives up after the retries with one clear line", async () => {
    failNext = 10;
    const quick = createOpenAIModel({ baseUrl, model: "tiny", retries: 1, backoffMs: 1 });
    await assert.rejects(
      quick.tokenize("x"),
      (err: Error) => err instanceof ExternalError && /failed after 2 attempts \(HTTP 503/.test(err.message),
    );
    failNext = 0;
  });

  test("a request that never answers times out", async () => {
    hangNext = 1;
    const quick = createOpenAIModel({ baseUrl, model: "tiny", retries: 0, timeoutMs: 200 });
    await assert.rejects(quick.tokenize("x"), /tokenize: no answer within 0\.2 s; raise --timeout$/);
  });

  test("a missing route says what the server lacks", async () => {
    const wrong = createOpenAIModel({ baseUrl: `${baseUrl}/nothing`, model: "tiny", retries: 0 });
    await assert.rejects(wrong.complete("x"), /HTTP 404/);
  });

  test("an unreachable endpoint is one line naming the address and the fix", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r)); // nothing listens there now
    const down = createOpenAIModel({ baseUrl: `http://127.0.0.1:${port}/v1`, model: "tiny", retries: 1, backoffMs: 1, timeoutMs: 2000 });
    await assert.rejects(
      down.tokenize("x"),
      (err: Error) =>
        err instanceof ExternalError &&
        err.message === `http://127.0.0.1:${port}/tokenize failed after 2 attempts (connection refused); check that the server is running.`,
    );
    const reserved = createOpenAIModel({ baseUrl: "http://127.0.0.1:9/v1", model: "tiny", backoffMs: 1 });
    await assert.rejects(reserved.tokenize("x"), /:9\/tokenize: port 9 is reserved and fetch refuses it; serve the model on another port/);
  });

  test("a server answering 500 or invalid JSON gives one clear line", async () => {
    const bad = createServer((req, res) => {
      if (req.url?.startsWith("/e500")) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal\nboom");
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{not json");
      }
    });
    await new Promise<void>((r) => bad.listen(0, "127.0.0.1", r));
    const root = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
    try {
      const e500 = createOpenAIModel({ baseUrl: `${root}/e500`, model: "tiny", retries: 1, backoffMs: 1 });
      await assert.rejects(
        e500.complete("x"),
        (err: Error) =>
          err instanceof ExternalError &&
          /failed after 2 attempts \(HTTP 500: internal boom\)/.test(err.message) &&
          !err.message.includes("\n"),
      );
      const garbage = createOpenAIModel({ baseUrl: `${root}/v1`, model: "tiny", retries: 0 });
      await assert.rejects(
        garbage.tokenize("x"),
        (err: Error) => err instanceof ExternalError && /\/tokenize answered with something that is not JSON/.test(err.message),
      );
    } finally {
      bad.closeAllConnections();
      await new Promise((r) => bad.close(r));
    }
  });

  test("openai: references open the HTTP backend", async () => {
    const m = await loadLanguageModel(`openai:${baseUrl}#tiny`);
    assert.equal(m.backend, "openai");
    assert.equal(m.name, "tiny");
    await assert.rejects(loadLanguageModel("openai:nonsense"), /expected openai:<baseUrl>#<model>/);
  });
});
