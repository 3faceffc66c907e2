import { createRng, InvalidInputError, wilsonInterval } from "../../../core/index.js";
import type { LanguageModel } from "../../../lm/index.js";
import { type DialogueResult, runToolDialogue, WORD_TEMPLATES, wordProblem } from "../../../systems/algorithmic-prompting/index.js";
import { defineCommand } from "../../framework.js";
import { modelFlags, openModel } from "./shared.js";

/** `yomikai algo tools`: skill as a tool — the two-model `<ALGO>`/`<NONALGO>` dialogue on word problems. */
export const ToolsCommand = defineCommand({
  name: "tools",
  summary: "Skill as a tool: an informal model and an addition-algorithm model in dialogue on GSM8k-Hard-style word problems.",
  description:
    "Word problems come from templates with numbers inflated to --digits digits (nothing is downloaded). The informal model writes `<NONALGO>` reasoning; when it asks 'We use the addition algorithm: Problem: a+b=', the algorithmic model (--algo-model, default a second use of --model) works the addition with the algorithmic prompt, and its answer is handed back as '<ALGO> Removing all k commas, we have s.'. The dialogue ends at '#### answer'.",
  usage: "--model M [--algo-model M] [--problems N] [--digits D] [--seed S] [--json]",
  flags: {
    ...modelFlags,
    "algo-model": {
      type: "string",
      description: "Model that runs the addition algorithm (default: the --model instance).",
      placeholder: "M",
    },
    problems: { type: "number", description: "Word problems to run.", integer: true, min: 1, max: 10000, default: 2 },
    digits: { type: "number", description: "Digits of the inflated numbers.", integer: true, min: 1, max: 1000, default: 6 },
    template: { type: "string", description: "Only this template.", choices: WORD_TEMPLATES },
    seed: { type: "number", description: "Seed of the problems (recorded).", integer: true, default: 0 },
    "max-tokens": { type: "number", description: "Tokens per informal turn.", integer: true, min: 1, default: 160 },
  },
  examples: [
    "yomikai algo tools --problems 2 --digits 6   # demo model: noise, shows the turn-taking",
    "yomikai algo tools --model openai:http://127.0.0.1:8000#Qwen/Qwen2.5-7B-Instruct --problems 50 --digits 12 --json",
  ],
  docs: "docs/algorithmic-prompting.md",
  async run({ flags, print, printJson, log, progress, signal }) {
    const { model, demo } = await openModel(flags, progress, signal);
    let algo: LanguageModel | undefined;
    const results: ({ question: string; expected: string } & DialogueResult)[] = [];
    try {
      if (flags.algoModel) algo = (await openModel({ ...flags, model: flags.algoModel }, progress, signal)).model;
      const rng = createRng(flags.seed);
      for (let i = 0; i < flags.problems; i++) {
        const p = wordProblem(rng, flags.digits, flags.template);
        log(`problem ${i + 1}/${flags.problems} (${p.template})`);
        const r = await runToolDialogue({
          informal: model,
          ...(algo ? { algorithmic: algo } : {}),
          question: p.question,
          expected: p.answer,
          maxTokens: flags.maxTokens,
          signal,
        });
        results.push({ question: p.question, expected: String(p.answer), ...r });
      }
    } finally {
      await algo?.close();
      await model.close();
    }
    const correct = results.filter((r) => r.correct).length;
    const noAnswer = results.filter((r) => r.answer === null).length;
    const [low, high] = wilsonInterval(correct, results.length);
    if (flags.json)
      printJson({
        model: model.name,
        algoModel: algo?.name ?? model.name,
        demo,
        seed: flags.seed,
        digits: flags.digits,
        n: results.length,
        correct,
        accuracy: correct / results.length,
        low,
        high,
        noAnswer,
        results,
      });
    else {
      for (const r of results) {
        print(`Question: ${r.question}`);
        for (const t of r.turns)
          print(
            `  [${t.speaker}] ${t.text
              .trim()
              .replace(/\s*\n\s*/g, " ⏎ ")
              .slice(
                0,
                400,
              )}${t.call ? `  → ${t.call.a}+${t.call.b} = ${t.call.answer ?? "(unparsable)"}${t.call.correct ? " ✓" : " ✗"}` : ""}`,
          );
        print(`  answer ${r.answer ?? "(none)"}, expected ${r.expected}: ${r.correct ? "right" : "wrong"} (${r.stop})`);
      }
      print(`${correct}/${results.length} right [${low.toFixed(2)}, ${high.toFixed(2)}], ${noAnswer} without an answer.`);
      if (demo) print("Demo model: random weights, so the dialogue is noise. Give --model a real GGUF or openai: endpoint.");
    }
    if (noAnswer === results.length && !demo)
      throw new InvalidInputError(
        `None of the ${results.length} dialogues reached a '#### answer' line: check the model follows the demos' format.`,
      );
    return 0;
  },
});
