/**
 * A deterministic simulated LLM behind the OpenAI-compatible completions route, for APE's tests and
 * bench: proposal queries get one of a fixed list of instructions (chosen by the request's seed), and
 * execution queries are answered correctly with a fixed probability per instruction (decided by a hash
 * of instruction and input, so the same query always gets the same answer). The search's results then
 * depend on the estimator, not on a model.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Example } from "../../src/systems/ape/index.js";

export interface SimulatedServer {
  baseUrl: string;
  /** Completions requests received so far. */
  requests: number;
  /** The fixed accuracy of each instruction the proposer can write. */
  accuracy: Map<string, number>;
  close(): Promise<void>;
}

const unit = (text: string) => createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;

/**
 * Starts the server on 127.0.0.1. `instructions` instructions are named "rule 1" … with accuracies
 * spread over [0.1, 0.95] in a seeded order; human instructions (any other text) answer with `humanAccuracy`.
 */
export async function startSimulatedServer(
  examples: readonly Example[],
  o: { instructions?: number; humanAccuracy?: number; salt?: string } = {},
): Promise<SimulatedServer> {
  const n = o.instructions ?? 60;
  const accuracy = new Map<string, number>();
  for (let i = 0; i < n; i++) accuracy.set(`apply rule ${i + 1} to the input`, 0.1 + 0.85 * unit(`${o.salt ?? ""}acc:${i}`));
  const names = [...accuracy.keys()];
  const answers = new Map(examples.map((e) => [e.input, e.answers[0] as string]));
  const state: SimulatedServer = {
    baseUrl: "",
    requests: 0,
    accuracy,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server: Server = createServer(async (req, res) => {
    let data = "";
    for await (const chunk of req) data += chunk;
    const body = JSON.parse(data || "{}") as { prompt?: string; seed?: number };
    const prompt = String(body.prompt ?? "");
    state.requests++;
    let text: string;
    if (prompt.startsWith("Instruction: ")) {
      const instruction = prompt.slice("Instruction: ".length, prompt.indexOf("\n"));
      const input = /\nInput: ([\s\S]*?)\nOutput:$/.exec(prompt)?.[1] ?? "";
      const p = accuracy.get(instruction) ?? o.humanAccuracy ?? 0.6;
      text = unit(`${instruction}\u0000${input}`) < p ? ` ${answers.get(input) ?? "?"}` : " wrong";
    } else if (prompt.startsWith("Generate a variation")) {
      text = ` ${names[Math.floor(unit(`var:${body.seed}:${prompt}`) * n)]}`;
    } else {
      text = ` ${names[Math.floor(unit(`prop:${body.seed}`) * n)]}\nmore text`;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        choices: [{ index: 0, text, finish_reason: "stop" }],
        usage: { prompt_tokens: Math.ceil(prompt.length / 4), completion_tokens: Math.ceil(text.length / 4) },
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
