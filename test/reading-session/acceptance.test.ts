/**
 * Acceptance: `yomikai session build` end to end from the built CLI — the seed-deck example offline;
 * a recorded arXiv feed from a local server with (a) tiny random-weight GGUF models through llama.cpp,
 * whose garbage must be refused, retried once and reported as failed, and (b) an OpenAI-compatible
 * server answering in the line format, whose lines must land on the slides; the cache, the offline
 * error, and the PPTX as an Office file (slide count, [Content_Types].xml).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, test } from "node:test";
import JSZip from "jszip";
import { buildVocabulary, TINY_EXPERT, writeRandomModel } from "../fixtures/gguf/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";
import { startArxivServer, startChatServer } from "./fixtures.js";

const IDS = "2211.09800,2210.15097";

/** Slide parts and content types of a .pptx file. */
async function readPptx(path: string): Promise<{ slides: string[]; contentTypes: string; slideXml: string[] }> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const slides = Object.keys(zip.files)
    .filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
  const contentTypes = (await zip.file("[Content_Types].xml")?.async("string")) ?? "";
  const slideXml = await Promise.all(slides.map((n) => zip.file(n)?.async("string") ?? ""));
  return { slides, contentTypes, slideXml };
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function json<T = Record<string, unknown>>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

describe("session build --example", () => {
  test("writes the seed deck's twelve slides as Marp Markdown, Marp HTML and a valid PPTX, offline", async () => {
    const out = join(tempDir(), "deck");
    const r = await runYomikai(["session", "build", "--example", "--out", out, "--json"], {
      env: { YOMIKAI_CACHE: tempDir() },
    });
    assert.equal(r.code, 0, r.stderr);
    const j = json<{ slides: number; papers: number; failed: number; arxivRequests: number }>(r.stdout);
    assert.deepEqual([j.slides, j.papers, j.failed, j.arxivRequests], [12, 10, 0, 0]);
    const md = readFileSync(join(out, "deck.md"), "utf8");
    assert.match(md, /^---\nmarp: true\n/);
    assert.match(md, /\*\*目的:\*\* 人間の指示で画像を編集する手法を提案/);
    assert.match(md, /\[▶ yomikai で動かす\]\(http:\/\/127\.0\.0\.1:8080\/instruct-pix2pix\)/);
    const html = readFileSync(join(out, "deck.html"), "utf8");
    assert.equal(html.match(/<section\b/g)?.length, 12);
    assert.match(html, /data-marpit-svg/);
    const pptx = await readPptx(join(out, "deck.pptx"));
    assert.equal(pptx.slides.length, 12);
    assert.match(pptx.contentTypes, /application\/vnd\.openxmlformats-officedocument\.presentationml\.presentation\.main\+xml/);
    for (const s of pptx.slides) assert.ok(pptx.contentTypes.includes(`PartName="/${s}"`), `${s} in [Content_Types].xml`);
    assert.match(pptx.slideXml[3] ?? "", /目的: /);
  });

  test("--lang en uses the English labels", async () => {
    const out = join(tempDir(), "deck");
    const r = await runYomikai(["session", "build", "--example", "--lang", "en", "--arxiv", "2211.05102", "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const md = readFileSync(join(out, "deck.md"), "utf8");
    for (const label of ["Purpose", "Results", "Method", "Named systems", "Affiliations"])
      assert.match(md, new RegExp(`\\*\\*${label}:\\*\\*`));
    assert.match(md, /## 1\. Efficiently Scaling Transformer Inference/);
  });
});

describe("session build from a recorded arXiv feed", () => {
  test("tiny random GGUF: garbage answers are refused, retried once and reported as failed (exit 1)", async () => {
    const dir = tempDir();
    const model = join(dir, "tiny-2k.gguf");
    // The standard tiny expert with a 2048-position context, so the Japanese prompt fits (byte-level tokens).
    writeRandomModel(model, { ...TINY_EXPERT, contextLength: 2048 }, { vocab: buildVocabulary(320), seed: "session", name: "tiny-2k" });
    const arxiv = await startArxivServer();
    const cache = join(dir, "cache");
    const args = [
      "session",
      "build",
      "--arxiv",
      IDS,
      "--model",
      model,
      "--threads",
      "1",
      "--max-tokens",
      "48",
      "--arxiv-endpoint",
      arxiv.endpoint,
      "--json",
    ];
    const r = await runYomikai([...args, "--out", join(dir, "a")], { env: { YOMIKAI_CACHE: cache }, timeoutMs: 300_000 });
    assert.equal(r.code, 1, r.stderr);
    const j = json<{ succeeded: number; failed: number; failures: { arxiv: string; failure: string }[]; arxivRequests: number }>(r.stdout);
    assert.equal(j.succeeded, 0);
    assert.equal(j.failed, 2);
    assert.equal(j.arxivRequests, 1);
    assert.deepEqual(arxiv.requests.length, 1);
    assert.match(arxiv.requests[0] ?? "", /id_list=2211\.09800,2210\.15097/);
    for (const id of ["2211.09800", "2210.15097"]) {
      assert.ok(
        j.failures.some((f) => f.arxiv === id && f.failure.startsWith("lines: ")),
        `lines failure for ${id}`,
      );
      assert.ok(
        j.failures.some((f) => f.arxiv === id && f.failure.startsWith("translation: ")),
        `translation failure for ${id}`,
      );
    }
    const deck = JSON.parse(readFileSync(join(dir, "a", "deck.json"), "utf8"));
    for (const p of deck.papers) {
      assert.equal(p.lines, undefined, "failed lines are never filled in");
      const lineAttempts = p.attempts.filter((a: { task: string }) => a.task === "lines");
      assert.equal(lineAttempts.length, 2, "one retry");
      for (const a of lineAttempts) {
        assert.ok(a.problem, "each refused answer says why");
        assert.ok(a.answer.length > 3, "the model really answered");
      }
      assert.equal(p.abstractKind, "original");
    }
    assert.equal(deck.papers[0].affiliationsFrom, "feed");
    const md = readFileSync(join(dir, "a", "deck.md"), "utf8");
    assert.equal(md.match(/\*\*要約失敗:\*\*/g)?.length, 2);
    assert.match(md, /翻訳失敗のため原文/);
    const pptx = await readPptx(join(dir, "a", "deck.pptx"));
    assert.equal(pptx.slides.length, 4);
  });

  test("OpenAI-compatible server answering in the line format: lines and translations land on the slides; affiliations from the feed; the rebuild reads the cache", async () => {
    const dir = tempDir();
    const arxiv = await startArxivServer();
    const chat = await startChatServer([
      {
        match: "InstructPix2Pix",
        lines: {
          目的: "文章の指示で画像を編集する拡散モデルを学習する",
          成果: "1枚数秒で編集でき、実画像にも汎化した",
          方法: "言語モデルと画像生成モデルで作った編集例の組で学習する",
          固有名: "InstructPix2Pix",
          著者所属: "MODEL-SHOULD-NOT-BE-ASKED",
        },
        translation:
          "これはテスト用の概要の翻訳です。文章による指示から画像を編集する拡散モデルを学習し、画像ごとの微調整なしに数秒で編集できる。",
        breakFirst: true,
      },
      {
        match: "Contrastive Decoding",
        lines: {
          目的: "自由文生成のための探索目的を提案する",
          成果: "自動評価と人手評価で既存の復号法を上回った",
          方法: "大きいモデルと小さいモデルの対数尤度の差を最大化する",
          固有名: "なし",
          著者所属: "Stanford University, University of Washington",
        },
        translation:
          "これはテスト用の概要の翻訳です。大きなモデルと小さなモデルの尤度の差でトークンを選ぶと、より一貫した文章が生成される。",
      },
    ]);
    const out = join(dir, "deck");
    const args = ["session", "build", "--arxiv", IDS, "--model", chat.model, "--arxiv-endpoint", arxiv.endpoint, "--json"];
    const r = await runYomikai([...args, "--out", out], { env: { YOMIKAI_CACHE: join(dir, "cache") } });
    assert.equal(r.code, 0, r.stderr);
    const j = json<{ succeeded: number; failed: number; slides: number }>(r.stdout);
    assert.deepEqual([j.succeeded, j.failed, j.slides], [2, 0, 4]);
    const deck = JSON.parse(readFileSync(join(out, "deck.json"), "utf8"));
    const [pix, cd] = deck.papers;
    assert.equal(pix.lines.aim, "文章の指示で画像を編集する拡散モデルを学習する");
    assert.equal(pix.lines.affiliations, "University of California, Berkeley");
    assert.equal(pix.affiliationsFrom, "feed");
    assert.deepEqual(
      pix.attempts.filter((a: { task: string }) => a.task === "lines").map((a: { problem?: string }) => a.problem ?? "ok"),
      ['the "成果:" line is missing', "ok"],
      "the malformed first answer was refused and the retry accepted",
    );
    assert.equal(cd.lines.names, "", "「なし」 reads as no names");
    assert.equal(cd.lines.affiliations, "Stanford University, University of Washington");
    assert.equal(cd.affiliationsFrom, "model");
    assert.equal(cd.abstractKind, "translated");
    const about = (p: string) =>
      p
        .split("\n")
        .reverse()
        .find((l) => l.startsWith("題名: ")) ?? "";
    const pixLinePrompts = chat.prompts.filter((p) => about(p).includes("InstructPix2Pix") && !p.startsWith("次の英語"));
    assert.ok(
      pixLinePrompts.every((p) => !p.includes("著者所属: …")),
      "affiliations from the feed are not asked of the model",
    );
    assert.match(pixLinePrompts[1] ?? "", /前の回答は形式に合いませんでした/);
    const md = readFileSync(join(out, "deck.md"), "utf8");
    assert.match(md, /\*\*成果:\*\* 1枚数秒で編集でき、実画像にも汎化した/);
    assert.match(md, /\*\*固有名:\*\* ー/);
    assert.match(md, /\*\*概要:\*\* これはテスト用の概要の翻訳です。文章による指示/);
    assert.match(md, /\[▶ yomikai で動かす\]\(http:\/\/127\.0\.0\.1:8080\/instruct-pix2pix\)/);
    assert.doesNotMatch(md, /MODEL-SHOULD-NOT-BE-ASKED/);

    const again = await runYomikai([...args, "--out", join(dir, "again")], { env: { YOMIKAI_CACHE: join(dir, "cache") } });
    assert.equal(again.code, 0, again.stderr);
    const j2 = json<{ arxivRequests: number; arxivFromCache: number }>(again.stdout);
    assert.deepEqual([j2.arxivRequests, j2.arxivFromCache], [0, 2]);
    assert.equal(arxiv.requests.length, 1, "the second build made no request");
  });

  test("--lang en: English labels, no translation asked", async () => {
    const dir = tempDir();
    const arxiv = await startArxivServer();
    const chat = await startChatServer([
      {
        match: "Contrastive Decoding",
        lines: {
          Purpose: "A search objective for open-ended generation.",
          Results: "Beats nucleus and top-k sampling in the fixture evaluation.",
          Method: "Maximise the expert-minus-amateur log-likelihood over plausible tokens.",
          "Named systems": "Contrastive Decoding (CD)",
          Affiliations: "unknown",
        },
      },
    ]);
    const out = join(dir, "deck");
    const r = await runYomikai(
      [
        "session",
        "build",
        "--arxiv",
        "2210.15097",
        "--lang",
        "en",
        "--model",
        chat.model,
        "--arxiv-endpoint",
        arxiv.endpoint,
        "--out",
        out,
      ],
      { env: { YOMIKAI_CACHE: join(dir, "cache") } },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      chat.prompts.every((p) => p.startsWith("Read the paper's title")),
      "no translation prompt",
    );
    const md = readFileSync(join(out, "deck.md"), "utf8");
    assert.match(md, /\*\*Purpose:\*\* A search objective for open\\-ended generation\./);
    assert.match(md, /\*\*Named systems:\*\* Contrastive Decoding \\\(CD\\\)/);
    assert.match(md, /\*\*Affiliations:\*\* —/);
    assert.match(md, /\*\*Abstract:\*\* FIXTURE ABSTRACT\./);
  });

  test("offline: one clear line, exit 1, nothing written", async () => {
    const dir = tempDir();
    const port = await freePort();
    const closed = `http://127.0.0.1:${port}/api/query`;
    const chat = await startChatServer([]);
    const r = await runYomikai(
      ["session", "build", "--arxiv", "2211.09800", "--model", chat.model, "--arxiv-endpoint", closed, "--out", join(dir, "deck")],
      { env: { YOMIKAI_CACHE: join(dir, "cache") } },
    );
    assert.equal(r.code, 1);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("yomikai:"));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0] ?? "",
      new RegExp(`^yomikai: Cannot reach the arXiv API at http://127\\.0\\.0\\.1:${port} \\(connection refused\\)`),
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test("bad command lines are one-line usage errors (exit 2)", async () => {
    const noModel = await runYomikai(["session", "build", "--arxiv", "2211.09800", "--out", join(tempDir(), "d")]);
    assert.equal(noModel.code, 2);
    assert.match(noModel.stderr, /Missing --model MODEL/);
    const badId = await runYomikai(["session", "build", "--example", "--arxiv", "not-an-id", "--out", join(tempDir(), "d")]);
    assert.equal(badId.code, 1);
    assert.match(badId.stderr, /None of the given ids is one of the seed deck's ten papers/);
  });
});
