import { existsSync } from "node:fs";
import { relative } from "node:path";
import { MissingFileError, UsageError } from "../../../core/index.js";
import { buildDeck, writeDeck } from "../../../systems/reading-session/index.js";
import { defineCommand, outputFolder } from "../../framework.js";

/** `yomikai session build`: arXiv ids → the deck's summary lines → Marp/HTML/PPTX slides. */
export const BuildCommand = defineCommand({
  name: "build",
  summary: "Build a reading-session deck (deck.md, deck.html, deck.pptx) from arXiv ids with a language model, or the seed deck's example.",
  usage: "--arxiv ID[,ID…] [--lang ja|en] --model MODEL [--arxiv-endpoint URL] --out DIR   |   --example --out DIR",
  description:
    "Fetches title, authors, abstract, date and affiliations from the arXiv API (one batched query, ≥ 3 s between requests, cached under $YOMIKAI_CACHE/arxiv so a rebuild makes no request), asks the model for the deck's lines — 目的/成果/方法/固有名 (Purpose/Results/Method/Named systems with --lang en), plus 著者所属/Affiliations only when the feed has none — and, in Japanese, a translation of the abstract. Each answer is checked against the line format and retried once with the reason; a paper whose answers fail twice is marked failed on its slide and in deck.json, never filled in. The exit code is 1 when every paper failed. --example builds the seed deck's ten papers from the transcribed lines: no model, no network.",
  flags: {
    arxiv: { type: "strings", description: "arXiv ids or abs URLs (comma-separated or repeated).", placeholder: "ID[,ID…]" },
    lang: { type: "string", description: "Language of the lines and the abstract.", choices: ["ja", "en"], default: "ja" },
    model: {
      type: "string",
      description: "Model writing the lines: a .gguf path, hf:<owner>/<repo>/<file.gguf>, or openai:<baseUrl>#<model>.",
      placeholder: "MODEL",
    },
    "arxiv-endpoint": {
      type: "string",
      description: "arXiv API query endpoint (a mirror or a local server).",
      default: "https://export.arxiv.org/api/query",
      placeholder: "URL",
    },
    out: {
      type: "string",
      description: "Folder for deck.md, deck.html, deck.pptx and deck.json (created if missing).",
      required: true,
      placeholder: "DIR",
    },
    example: {
      type: "boolean",
      description: "The seed deck's ten papers with their transcribed lines (no model, no network); --arxiv picks a subset.",
    },
    "page-url": {
      type: "string",
      description: "Root of the yomikai web app that slides link to (papers with a runnable page).",
      default: "http://127.0.0.1:8080",
      placeholder: "URL",
    },
    threads: { type: "number", description: "llama.cpp CPU threads (GGUF models).", integer: true, min: 1, max: 256 },
    "max-tokens": {
      type: "number",
      description: "Tokens the model may write per answer (default: 320 for the lines, 1024 for a translation).",
      integer: true,
      min: 8,
      max: 8192,
    },
  },
  examples: [
    "yomikai session build --example --out deck   # the seed deck's ten papers, no model, no network",
    "yomikai session build --example --lang en --out deck-en",
    "yomikai session build --arxiv 2211.09800,2210.15097 --model qwen2.5-1.5b-instruct-q4_k_m.gguf --out deck",
    "yomikai session build --arxiv 2211.09800 --lang en --model openai:http://127.0.0.1:8000#qwen --out deck --json",
  ],
  docs: "docs/reading-session.md",
  async run({ flags, progress, print, log, printJson, signal }) {
    const out = outputFolder(flags.out);
    if (!flags.example) {
      if (!flags.arxiv.length) throw new UsageError("Missing --arxiv ID[,ID…] (or pass --example for the seed deck).");
      if (!flags.model) throw new UsageError("Missing --model MODEL: a .gguf path, hf:… or openai:<url>#<model> (or pass --example).");
      const m = flags.model;
      if (!/^(?:hf:|openai:|https?:\/\/|demo(?::(?:expert|amateur))?$)/.test(m) && !existsSync(m))
        throw new MissingFileError(m, "Model file", "Pass a .gguf path, hf:<owner>/<repo>/<file.gguf>, openai:<baseUrl>#<model> or demo");
    } else if (flags.model) {
      throw new UsageError("--example uses the seed deck's transcribed lines and no model: drop --model, or drop --example.");
    }
    const built = await buildDeck({
      example: flags.example,
      arxiv: flags.arxiv,
      lang: flags.lang as "ja" | "en",
      ...(flags.model ? { model: flags.model } : {}),
      ...(flags.threads ? { threads: flags.threads } : {}),
      ...(flags.maxTokens ? { maxTokens: flags.maxTokens } : {}),
      arxivOptions: { endpoint: flags.arxivEndpoint },
      pageBaseUrl: flags.pageUrl,
      onProgress: progress,
      signal,
    });
    const files = await writeDeck(built.deck, out);
    const failures = built.deck.papers.flatMap((p) => p.failures.map((f) => ({ arxiv: p.arxiv, failure: f })));
    if (flags.json) {
      printJson({
        source: built.deck.source,
        lang: built.deck.lang,
        model: built.deck.model ?? null,
        papers: built.deck.papers.length,
        succeeded: built.succeeded,
        failed: built.failed,
        failures,
        arxivRequests: built.arxivRequests,
        arxivFromCache: built.arxivFromCache,
        slides: files.slides,
        files: { markdown: files.markdown, html: files.html, pptx: files.pptx, json: files.json },
      });
    } else {
      const rel = (p: string) => relative(process.cwd(), p) || p;
      print(
        `${built.deck.title}: ${files.slides} slides (${built.deck.papers.length} papers${built.deck.model ? `, lines by ${built.deck.model}` : ", the seed deck's lines"})`,
      );
      for (const p of built.deck.papers)
        print(`  ${String(p.number).padStart(2)}. [${p.failures.length ? "FAILED" : "ok"}] arXiv:${p.arxiv}  ${p.title}`);
      if (built.deck.source === "arxiv")
        print(
          `  ${built.succeeded} summarised, ${built.failed} failed; arXiv: ${built.arxivRequests} request(s), ${built.arxivFromCache} from cache`,
        );
      for (const f of failures) log(`failed: arXiv:${f.arxiv}: ${f.failure}`);
      print(`Wrote ${rel(files.markdown)}, ${rel(files.html)}, ${rel(files.pptx)} and ${rel(files.json)}.`);
      print(`Open ${rel(files.html)} in a browser, or present deck.md with Marp.`);
    }
    if (built.deck.papers.length && built.succeeded === 0) {
      if (!flags.json)
        log(
          `Every paper failed the line-format check twice (see ${files.json} for the model's answers): try a larger instruction-tuned model.`,
        );
      return 1;
    }
    return 0;
  },
});
