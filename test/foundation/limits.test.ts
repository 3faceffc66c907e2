// The CLI and the web pages read the same limits (each system's <NAME>_LIMITS): an out-of-range value is
// refused by both faces, each in one line naming the option.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CD_LIMITS } from "../../src/systems/contrastive-decoding/index.js";
import { PLAN_LIMITS } from "../../src/systems/inference-planner/index.js";
import { EDIT_LIMITS } from "../../src/systems/instruct-pix2pix/index.js";
import { type RunningServer, startServer } from "../../src/web/server.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

process.env.YOMIKAI_CACHE = tempDir();

interface Case {
  what: string;
  cli: string[];
  cliError: RegExp;
  page: { path: string; body?: unknown };
  pageError: RegExp;
}

const cases: Case[] = [
  {
    what: "CD tokens above the maximum",
    cli: [
      "cd",
      "generate",
      "--expert",
      "e.gguf",
      "--amateur",
      "a.gguf",
      "--prompt",
      "x",
      "--max-tokens",
      String(CD_LIMITS.maxTokens.max + 1),
    ],
    cliError: /--max-tokens must be at most 100000/,
    page: { path: "/api/contrastive-decoding/generate", body: { demo: true, prompt: "x", maxTokens: CD_LIMITS.maxTokens.max + 1 } },
    pageError: /^tokens must be a whole number from 1 to 100000/,
  },
  {
    what: "CD α = 0",
    cli: ["cd", "generate", "--expert", "e.gguf", "--amateur", "a.gguf", "--prompt", "x", "--alpha", "0"],
    cliError: /--alpha must be > 0, got 0/,
    page: { path: "/api/contrastive-decoding/generate", body: { demo: true, prompt: "x", alpha: 0 } },
    pageError: /^α must be a number above 0 up to 1/,
  },
  {
    what: "CD negative seed",
    cli: ["cd", "generate", "--expert", "e.gguf", "--amateur", "a.gguf", "--prompt", "x", "--seed", "-1"],
    cliError: /--seed must be at least 0/,
    page: { path: "/api/contrastive-decoding/generate", body: { demo: true, prompt: "x", seed: -1 } },
    pageError: /^seed must be a whole number from 0 to 4294967295/,
  },
  {
    what: "planner chips above the maximum",
    cli: ["plan", "--model", "palm-540b", "--chips", String(PLAN_LIMITS.chips.max + 1)],
    cliError: /--chips must be at most 65536/,
    page: { path: `/api/inference-planner/plan?chips=${PLAN_LIMITS.chips.max + 1}` },
    pageError: /^chips must be a whole number from 1 to 65536/,
  },
  {
    what: "planner negative context",
    cli: ["plan", "--model", "palm-540b", "--chips", "64", "--context", "-1"],
    cliError: /--context must be at least 0/,
    page: { path: "/api/inference-planner/plan?context=-1" },
    pageError: /^context must be a whole number from 0 to/,
  },
  {
    what: "edit steps above the maximum",
    cli: ["edit", "--model", "m", "--image", "i.png", "--instruction", "x", "--out", "o.png", "--steps", String(EDIT_LIMITS.steps.max + 1)],
    cliError: /--steps must be at most 1000/,
    page: { path: "/api/instruct-pix2pix/edit", body: { demo: true, instruction: "x", steps: EDIT_LIMITS.steps.max + 1 } },
    pageError: /^Steps must be a whole number from 1 to 1000/,
  },
  {
    what: "edit resolution above the maximum",
    cli: ["edit", "--model", "m", "--image", "i.png", "--instruction", "x", "--out", "o.png", "--resolution", "4096"],
    cliError: /--resolution must be at most 2048/,
    page: { path: "/api/instruct-pix2pix/edit", body: { demo: true, instruction: "x", resolution: 4096 } },
    pageError: /^Resolution must be a whole number from 64 to 2048/,
  },
  {
    what: "citations unknown policy",
    cli: ["citations", "analyze", "--input", "w.jsonl", "--policy", "loudest"],
    cliError: /--policy must be one of unanimous, majority, first-author, fractional/,
    page: { path: "/api/citation-separation/analyze?policy=loudest" },
    pageError: /^policy must be one of unanimous, majority, first-author, fractional/,
  },
];

describe("the CLI and the pages reject the same out-of-range values", () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer({ port: 0 });
  });
  after(() => server.close());

  for (const c of cases) {
    test(c.what, { timeout: 60_000 }, async () => {
      const cli = await runYomikai(c.cli);
      assert.equal(cli.code, 2, cli.stderr);
      assert.match(cli.stderr, c.cliError);
      assert.equal(cli.stderr.trim().split("\n").length, 1);
      const res = await fetch(
        `${server.url}${c.page.path}`,
        c.page.body === undefined
          ? {}
          : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(c.page.body) },
      );
      assert.equal(res.status, 400);
      const { error } = (await res.json()) as { error: string };
      assert.match(error, c.pageError);
      assert.equal(error.split("\n").length, 1);
    });
  }
});
