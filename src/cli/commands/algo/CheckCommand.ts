import { readFileOrThrow } from "../../../core/index.js";
import { checkTrace, solve } from "../../../systems/algorithmic-prompting/index.js";
import { defineCommand } from "../../framework.js";
import { problemFlags, problemFromFlags } from "./shared.js";

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

/** `yomikai algo check`: the first wrong step of a trace (a model's output, or any text). */
export const CheckCommand = defineCommand({
  name: "check",
  summary: "Check a trace step by step against the problem and show its first wrong step.",
  description:
    "The trace may be whole (from `Problem:`) or only what a model wrote after `Explanation:`. Every sentence is re-derived from the problem's numbers: the digits taken, each sum, comparison, modulo and carry, each restated list, the final answer. Exit code 0 when the trace is right, 1 when it has a wrong step.",
  usage: "--task T --a N --b N (--file FILE | -) [--json]",
  flags: {
    ...problemFlags,
    file: { type: "string", description: 'File holding the trace ("-" or absent: standard input).', placeholder: "FILE" },
  },
  examples: [
    "yomikai algo trace --task addition --a 128 --b 367 | yomikai algo check --task addition --a 128 --b 367",
    "yomikai algo check --task addition --a 128 --b 367 --file model-output.txt --json",
  ],
  docs: "docs/algorithmic-prompting.md",
  async run({ flags, print, printJson }) {
    const problem = problemFromFlags({ ...flags, seed: 0 });
    const text = flags.file && flags.file !== "-" ? (await readFileOrThrow(flags.file, "Trace file")).toString("utf8") : await readStdin();
    const result = checkTrace(problem, text);
    if (flags.json) printJson({ task: problem.task, answer: String(solve(problem)), ...result });
    else if (result.ok) print(`The trace is right: ${result.checked} steps checked, final answer ${result.expected}.`);
    else {
      const e = result.firstError;
      print(`First wrong step (sentence ${(e?.index ?? 0) + 1}, line ${(e?.line ?? 0) + 1}): ${e?.text ? `"${e.text}"` : "(end of text)"}`);
      print(`  ${e?.message}`);
    }
    return result.ok ? 0 : 1;
  },
});
