import { resolve } from "node:path";
import { InvalidInputError, readJsonFile, writeFileAtomic } from "../../../core/index.js";
import { EVAL_TEMPLATES, loadTask, type SearchResult, toPromptfooConfig } from "../../../systems/ape/index.js";
import { defineCommand } from "../../framework.js";

/** `yomikai ape export`: the winning instruction as a promptfoo config. */
export const ExportCommand = defineCommand({
  name: "export",
  summary: "Write the winning instruction of a search (ape search --out result.json) as a promptfoo config.",
  usage: "--from result.json --format promptfoo [--out promptfooconfig.yaml]",
  flags: {
    from: { type: "string", description: "A result file written by `ape search --out`.", required: true, placeholder: "FILE" },
    format: { type: "string", description: "Export format.", choices: ["promptfoo"], default: "promptfoo" },
    task: { type: "string", description: "The task (or JSONL) the tests come from (default: the result's task).", placeholder: "T" },
    out: { type: "string", description: "Output file.", default: "promptfooconfig.yaml", placeholder: "FILE" },
    provider: {
      type: "strings",
      description: "promptfoo provider ids (default openai:completion:gpt-3.5-turbo-instruct).",
      placeholder: "ID",
    },
  },
  examples: [
    "yomikai ape search --task antonyms --candidates 4 --samples 4 --test-examples 10 --out antonyms.json && yomikai ape export --from antonyms.json --format promptfoo",
    "yomikai ape export --from antonyms.json --format promptfoo --provider ollama:completion:qwen2.5:1.5b --out pf.yaml",
  ],
  docs: "docs/ape.md",
  async run({ flags, print, printJson }) {
    const r = await readJsonFile<SearchResult>(flags.from, "APE result");
    if (!r || typeof r !== "object" || typeof r.best?.instruction !== "string" || typeof r.task !== "string")
      throw new InvalidInputError(`${flags.from} is not an APE result: write one with \`yomikai ape search --out FILE\`.`);
    const task = loadTask(flags.task ?? r.task, { seed: r.settings?.seed ?? 0 });
    const text = toPromptfooConfig({
      task: task.name,
      instruction: r.best.instruction,
      metric: task.metric,
      template: EVAL_TEMPLATES["instruction-induction"],
      tests: task.test,
      ...(flags.provider.length ? { providers: flags.provider.flatMap((p) => p.split(",")) } : {}),
    });
    const out = resolve(flags.out);
    await writeFileAtomic(out, text);
    if (flags.json) printJson({ out, task: task.name, instruction: r.best.instruction, tests: task.test.length });
    else
      print(
        `Wrote ${out}: ${JSON.stringify(r.best.instruction)} on ${task.test.length} tests of ${task.name} (run: npx promptfoo eval -c ${flags.out}).`,
      );
  },
});
