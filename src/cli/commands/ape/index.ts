/**
 * `yomikai ape …`: Automatic Prompt Engineer (paper 7, arXiv 2211.01910).
 * @module
 */
import { defineCommand } from "../../framework.js";
import { BenchCommand } from "./BenchCommand.js";
import { ExportCommand } from "./ExportCommand.js";
import { SearchCommand } from "./SearchCommand.js";

/** The `ape` command group. */
export const ApeCommand = defineCommand({
  name: "ape",
  summary: "APE: search for the instruction that makes an LM do a task, and compare it with human-written ones (paper 7).",
  subcommands: [SearchCommand, BenchCommand, ExportCommand],
  examples: [
    "yomikai ape search --task antonyms --candidates 4 --samples 4 --test-examples 10   # demo model, about a minute",
    "yomikai ape bench --tasks all --proposer openai:http://127.0.0.1:8000#qwen --scorer openai:http://127.0.0.1:8000#qwen",
    "yomikai ape export --from result.json --format promptfoo",
  ],
  docs: "docs/ape.md",
});
