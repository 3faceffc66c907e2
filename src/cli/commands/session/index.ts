/**
 * `yomikai session …`: the reading session itself — pick papers, build the deck.
 * @module
 */
import { defineCommand } from "../../framework.js";
import { BuildCommand } from "./BuildCommand.js";
import { PickCommand } from "./PickCommand.js";

/** The `session` command group. */
export const SessionCommand = defineCommand({
  name: "session",
  summary: "The reading session itself: pick papers from a trending list, build the deck (Marp Markdown, HTML, PowerPoint).",
  subcommands: [BuildCommand, PickCommand],
  examples: [
    "yomikai session build --example --out deck   # the seed deck's ten papers, no model, no network",
    "yomikai session pick --source trending.json --top 10",
    "yomikai session build --arxiv 2211.09800,2210.15097 --model model.gguf --out deck",
  ],
  docs: "docs/reading-session.md",
});
