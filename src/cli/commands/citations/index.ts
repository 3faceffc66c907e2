import { defineCommand } from "../../framework.js";
import { AnalyzeCommand } from "./AnalyzeCommand.js";
import { FetchCommand } from "./FetchCommand.js";
import { SampleCommand } from "./SampleCommand.js";

/** `yomikai citations`: citation separation between regions (paper 9, arXiv 2211.12424). */
export const CitationsCommand = defineCommand({
  name: "citations",
  summary: "Citation separation between US, Chinese and European institutions at a venue (One Venue, Two Conferences).",
  subcommands: [FetchCommand, AnalyzeCommand, SampleCommand],
  examples: [
    "yomikai citations sample --out sample.jsonl",
    "yomikai citations analyze --input sample.jsonl --years 2012-2021 --report sample.html",
    "yomikai citations fetch --venue neurips --years 2012-2021 --out neurips.jsonl --mailto you@example.org",
  ],
  docs: "docs/citation-separation.md",
});
