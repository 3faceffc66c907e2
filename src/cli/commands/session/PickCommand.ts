import { readFileOrThrow } from "../../../core/index.js";
import { pickPapers } from "../../../systems/reading-session/index.js";
import { defineCommand, shellQuote } from "../../framework.js";

/** `yomikai session pick`: chooses the session's papers from a trending list. */
export const PickCommand = defineCommand({
  name: "pick",
  summary:
    "Choose papers from a trending-list file (Papers with Code JSON, arXiv Atom feed, or any listing with arXiv ids), like the seed deck's top-social pick.",
  usage: "--source FILE [--top N]",
  description:
    "Formats (detected): a Papers with Code JSON export — an array of papers or {results:[…]} with arxiv_id or url_abs, ranked by social (mentions), else stars, else the sum of repositories[].stars; an arXiv API Atom feed (kept in feed order); any text or saved HTML listing — each arXiv id in order of first mention, ranked by a `score=N` or `social=N` on its line when present. Unscored papers follow the scored ones in file order; papers without an arXiv id are skipped and counted. Prints a ready-to-run `yomikai session build` line.",
  flags: {
    source: { type: "string", description: "The trending-list file.", required: true, placeholder: "FILE" },
    top: {
      type: "number",
      description: "How many papers to pick (the seed deck presents ten).",
      default: 10,
      integer: true,
      min: 1,
      max: 1000,
    },
  },
  examples: [
    "yomikai session pick --source trending.json   # a Papers with Code export",
    "yomikai session pick --source top-social.txt --top 5",
    "yomikai session pick --source listing.atom.xml --top 3 --json",
  ],
  docs: "docs/reading-session.md",
  async run({ flags, print, printJson }) {
    const text = (await readFileOrThrow(flags.source, "Trending-list file")).toString("utf8");
    const r = pickPapers(text, flags.source, { top: flags.top });
    const command = `yomikai session build --arxiv ${r.picked.map((p) => p.arxiv).join(",")} --model MODEL --out deck`;
    if (flags.json) {
      printJson({ source: flags.source, ...r, command });
      return;
    }
    print(
      `${shellQuote(flags.source)} (${r.format}): ${r.candidates} papers with an arXiv id${r.skipped ? `, ${r.skipped} without (skipped)` : ""}; top ${r.picked.length}:`,
    );
    for (const p of r.picked)
      print(
        `  ${String(p.rank).padStart(2)}. arXiv:${p.arxiv}${p.score !== undefined ? `  score ${p.score}` : ""}${p.title ? `  ${p.title}` : ""}`,
      );
    print("Build the deck:");
    print(`  ${command}`);
  },
});
