/**
 * A loopback OpenAI-compatible server that plays a model for the harness tests: it reads the test
 * problem at the end of each prompt and streams a correct trace, a trace with a wrong step, a wrong
 * final answer, or noise, chosen by the requested model id. Tokens are characters (`/tokenize`), so
 * `max_tokens` caps the characters it streams. After the answer it keeps talking (a new problem), which
 * the harness must cut off.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Problem, parseProblem, renderProblem, type Style, solve } from "../../src/systems/algorithmic-prompting/index.js";

export type Behaviour = "correct" | "wrong-step" | "wrong-answer" | "garbage";

/** What the "mixed" model does with a problem: decided by the first operand (or list length). */
export function mixedBehaviour(p: Problem): Behaviour {
  const k = p.task === "parity" ? p.bits.length + p.bits.filter(Boolean).length : Number(p.a % 4n);
  return (["correct", "wrong-step", "wrong-answer", "garbage"] as const)[k % 4] as Behaviour;
}

function lastProblem(prompt: string): { problem: Problem; style: Style } | undefined {
  const m = /(?:^|\n)Problem: (\d+[+\-*]\d+)=\n(Explanation:\n?|Answer:|Scratchpad:\n)$/.exec(prompt);
  const q = /(?:^|\n)Q: What is the parity on the list a=(\[[\d, ]*\])\?\nA:$/.exec(prompt);
  if (!m && !q) return undefined;
  const problem = parseProblem(m ? (m[1] as string) : (q?.[1] as string));
  const tail = m?.[2] ?? "A:";
  // Recognise the style from the prompt's demos (enough for these tests).
  const style: Style =
    tail === "Explanation:\n" || (q && prompt.includes("We initialize"))
      ? "algorithmic"
      : tail === "Scratchpad:\n"
        ? "scratchpad"
        : tail === "Answer:" || q
          ? "few-shot"
          : "chain-of-thought";
  return { problem, style };
}

function reply(prompt: string, behaviour: Behaviour): string {
  const found = lastProblem(prompt);
  if (!found || behaviour === "garbage") return "I am not sure how to do this one, sorry.\n\nProblem: 1+1=\n";
  const { problem, style } = found;
  let text = renderProblem(problem, style).completion;
  if (behaviour === "wrong-step") {
    // One wrong sum in the first digit step; the rest (and the answer) stays right.
    text = text.replace(/Since (\d+)\+(\d+)\+(\d+)=(\d+),/, (_, x, y, c, s) => `Since ${x}+${y}+${c}=${Number(s) + 1},`);
    text = text.replace(/s = s \+ b = (\d) \+ (\d) = (\d)\./, (_, x, y) => `s = s + b = ${x} + ${y} = 7.`);
  }
  if (behaviour === "wrong-answer") {
    const wrong = solve(problem) + 1n;
    text = text.replace(
      /The final Answer is -?\[[\d,]*\]/,
      `The final Answer is ${wrong < 0n ? "-" : ""}[${String(wrong < 0n ? -wrong : wrong)
        .split("")
        .join(",")}]`,
    );
    text = text.replace(/Answer: -?\d+/, `Answer: ${wrong}`);
    text = text.replace(/the parity is \d$/, `the parity is ${1n - solve(problem)}`);
  }
  return `${text} And so on.\n\nProblem: 12+34=\nExplanation:\nThe first number is 12`;
}

/** The tool dialogue: the informal side asks for X+Y, then answers with the algorithm's result. */
function informalReply(prompt: string): string | undefined {
  const i = prompt.lastIndexOf("\nQuestion: ");
  if (i < 0 || !/<NONALGO>$/.test(prompt)) return undefined;
  const tail = prompt.slice(i);
  const result = /we have (\d+)\.\n<NONALGO>$/.exec(tail);
  if (result)
    return ` The addition algorithm tells us that the price of a PC is ${result[1]}. The answer is ${result[1]}.\n#### ${result[1]}\n\nQuestion: next`;
  const m = /smartphones for \$(\d+) each\. A PC costs \$(\d+) more/.exec(tail);
  if (!m) return " I cannot tell.\n#### 0\n";
  return ` The price of a PC is ${m[1]}+${m[2]}. We use the addition algorithm: Problem: ${m[1]}+${m[2]}=\n<ALGO> and more`;
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let data = "";
  for await (const chunk of req) data += chunk;
  return data ? (JSON.parse(data) as Record<string, unknown>) : {};
}

export interface FakeServer {
  baseUrl: string;
  /** Completion requests served so far. */
  completions: number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (a free port). */
export async function startFakeServer(): Promise<FakeServer> {
  const state = { completions: 0 };
  const server: Server = createServer(async (req, res) => {
    const b = await body(req);
    const json = (v: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(v));
    };
    if (req.url === "/tokenize") return json({ tokens: [...String(b.prompt)].map((c) => c.codePointAt(0)) });
    if (req.url !== "/v1/completions") {
      res.writeHead(404);
      return res.end("{}");
    }
    state.completions++;
    const prompt = String(b.prompt);
    const model = String(b.model);
    const text =
      informalReply(prompt) ??
      reply(
        prompt,
        model === "mixed"
          ? lastProblem(prompt)
            ? mixedBehaviour(lastProblem(prompt)?.problem as Problem)
            : "garbage"
          : (model as Behaviour),
      );
    let out = [...text].slice(0, Number(b.max_tokens ?? 128)).join("");
    let finish = out.length < text.length ? "length" : "stop";
    for (const stop of (b.stop as string[] | undefined) ?? []) {
      const i = out.indexOf(stop);
      if (i >= 0) {
        out = out.slice(0, i);
        finish = "stop";
      }
    }
    if (!b.stream)
      return json({
        choices: [{ index: 0, text: out, finish_reason: finish }],
        usage: { prompt_tokens: [...prompt].length, completion_tokens: [...out].length },
      });
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.on("error", () => {});
    for (let i = 0; i < out.length && !res.destroyed; i += 16)
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, text: out.slice(i, i + 16) }] })}\n\n`);
    if (!res.destroyed) res.end("data: [DONE]\n\n");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    get completions() {
      return state.completions;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
