import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { AbortedError, ExternalError, InvalidInputError, UsageError, writeFileAtomic } from "../../../core/index.js";
import type { LanguageModel } from "../../../lm/index.js";
import { lineChart, markdownTable } from "../../../report/index.js";
import {
  ALGO_DEFAULTS,
  ALGO_LIMITS,
  checkStyle,
  checkTask,
  type EvaluationReport,
  parseLengths,
  parseProblem,
  runEvaluation,
  STYLES,
  type Style,
  type Task,
} from "../../../systems/algorithmic-prompting/index.js";
import { defineCommand, outputFolder } from "../../framework.js";
import { modelFlags, openModel, parseFlag, taskFlag } from "./shared.js";

const slug = (s: string) =>
  basename(s)
    .replace(/\.gguf$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .slice(0, 60);

/** The accuracy-vs-length figure: one line per style. */
export function accuracyFigure(task: Task, model: string, reports: readonly EvaluationReport[]): string {
  return lineChart({
    title: `${task}: accuracy by length (${model}, greedy)`,
    xLabel: task === "parity" ? "list length" : "digits per operand",
    yLabel: "accuracy",
    yRange: [0, 1],
    series: reports.map((r) => ({
      name: r.style,
      points: r.lengths.map((l) => ({
        x: l.digits,
        y: l.accuracy,
        label: `${l.correct}/${l.n} [${l.low.toFixed(2)}, ${l.high.toFixed(2)}]`,
      })),
    })),
  });
}

function table(r: EvaluationReport): string {
  const algo = r.style === "algorithmic";
  return markdownTable(
    ["digits", "n", "correct", "accuracy", "95% Wilson", "unparsable", "failed", ...(algo ? ["traces right"] : [])],
    r.lengths.map((l) => [
      l.digits,
      l.n,
      l.correct,
      l.accuracy.toFixed(2),
      `[${l.low.toFixed(2)}, ${l.high.toFixed(2)}]`,
      l.unparsable,
      l.failed,
      ...(algo ? [l.tracesCorrect ?? 0] : []),
    ]),
  );
}

/** `yomikai algo eval`: accuracy per length, resumable; `--compare` draws the styles against each other. */
export const EvalCommand = defineCommand({
  name: "eval",
  summary:
    "Accuracy per problem length with Wilson intervals (greedy decoding, resumable); --compare draws styles against each other (SVG).",
  description:
    "For each length, --per-length seeded problems whose operands both have exactly that many digits (parity: lists of that length). The prompt holds the demonstrations in the chosen style and ends with the test problem in the same format (`Problem: A+B=` then `Explanation:` for the algorithmic style). Greedy decoding stops when the model starts the next problem (a blank line or a new `Problem:`), and the output is cut just after its final answer. An answer that cannot be read counts as wrong and is reported on its own. Each graded problem is appended to --out; rerunning the same command resumes. The default model is a tiny random-weight GGUF (no download): its accuracy is about 0 and it only shows the mechanics; give a real model (e.g. --model hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q8_0.gguf, or --model openai:http://127.0.0.1:8000#MODEL) for real numbers.",
  usage: "--task T --style S --digits RANGE --per-length N --model M [--seed S] [--compare S1,S2] [--json]",
  flags: {
    task: taskFlag,
    style: { type: "string", description: "Prompt style.", choices: STYLES, default: ALGO_DEFAULTS.style },
    digits: {
      type: "string",
      description: "Lengths: digits per operand (parity: list length), e.g. 1-19 or 1,2,4,8.",
      default: ALGO_DEFAULTS.digits,
      placeholder: "RANGE",
    },
    "per-length": {
      type: "number",
      description: "Problems per length.",
      integer: true,
      min: 1,
      max: ALGO_LIMITS.maxPerLength,
      default: ALGO_DEFAULTS.perLength,
    },
    ...modelFlags,
    seed: { type: "number", description: "Seed of the problem sampler (recorded).", integer: true, default: ALGO_DEFAULTS.seed },
    skills: {
      type: "strings",
      description:
        "Skill accumulation: tasks whose demonstrations the prompt holds (default: the task; multiplication also holds addition).",
      placeholder: "LIST",
    },
    demos: { type: "strings", description: "Demonstrations instead of the defaults, e.g. 128+367,9980+29.", placeholder: "LIST" },
    "max-tokens": {
      type: "number",
      description: "Cap on generated tokens per problem (default: 1.25 × the expected answer's length + 24).",
      integer: true,
      min: 1,
    },
    out: { type: "string", description: "Results JSONL (default algo-eval-<task>-<style>-<model>.jsonl).", placeholder: "FILE" },
    compare: {
      type: "strings",
      description: "Run these styles and draw accuracy vs length, one line per style (SVG).",
      placeholder: "LIST",
    },
    concurrency: {
      type: "number",
      description: "Problems in flight at once (for openai: servers that batch requests).",
      integer: true,
      min: 1,
      max: 256,
      default: 1,
    },
    figure: {
      type: "string",
      description: "SVG of accuracy vs length (default with --compare: algo-eval-<task>-<model>.svg).",
      placeholder: "FILE",
    },
  },
  examples: [
    "yomikai algo eval --task addition --style algorithmic --digits 1-3 --per-length 5   # demo model, no download, 1–2 min; accuracy ≈ 0 (random weights)",
    "yomikai algo eval --task addition --style algorithmic --digits 1-19 --per-length 50 --model hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q8_0.gguf --context 8192",
    "yomikai algo eval --task addition --digits 1-19 --per-length 50 --model openai:http://127.0.0.1:8000#Qwen/Qwen2.5-7B-Instruct --context 32768 --compare algorithmic,scratchpad,few-shot",
    "yomikai algo eval --task subtraction --skills addition,subtraction --digits 1-10 --per-length 20 --model m.gguf   # skill accumulation",
    "yomikai algo eval --task parity --digits 1-40 --per-length 20 --model m.gguf --json",
  ],
  docs: "docs/algorithmic-prompting.md",
  async run({ flags, print, printJson, log, progress, signal }) {
    const task = checkTask(flags.task);
    const styles: Style[] = flags.compare.length ? flags.compare.map((s) => checkStyle(s)) : [checkStyle(flags.style)];
    const lengths = parseFlag("--digits", () => parseLengths(flags.digits));
    const skills = flags.skills.length ? flags.skills.map((s) => checkTask(s)) : undefined;
    const demos = flags.demos.length ? flags.demos.map((d) => parseFlag("--demos", () => parseProblem(d))) : undefined;
    if (flags.out && styles.length > 1)
      throw new UsageError("--out names one results file; with --compare each style gets its own default file (leave --out out).");
    const figure = flags.figure ?? (styles.length > 1 ? `algo-eval-${task}-${slug(flags.model)}.svg` : undefined);
    if (figure) {
      if (!figure.endsWith(".svg")) throw new UsageError(`--figure must end in .svg, got ${figure}.`);
      outputFolder(resolve(figure, ".."), "--figure's folder");
    }
    const outs = styles.map((s) => flags.out ?? `algo-eval-${task}-${s}-${slug(flags.model)}.jsonl`);
    for (const o of outs) {
      outputFolder(resolve(o, ".."), "--out's folder");
      if (existsSync(o) && statSync(o).isDirectory())
        throw new UsageError(`--out ${o} is a folder: pass a .jsonl file path (it is created if missing).`);
    }
    if (figure && existsSync(figure) && statSync(figure).isDirectory())
      throw new UsageError(`--figure ${figure} is a folder: pass an .svg file path.`);
    const { model, demo } = await openModel(flags, progress, signal);
    const reports: EvaluationReport[] = [];
    try {
      for (let i = 0; i < styles.length; i++) {
        const style = styles[i] as Style;
        if (styles.length > 1) log(`style ${style} (${i + 1}/${styles.length}) → ${outs[i]}`);
        reports.push(
          await runEvaluation({
            model: model as LanguageModel,
            task,
            style,
            lengths,
            perLength: flags.perLength,
            seed: flags.seed,
            out: outs[i] as string,
            ...(skills ? { skills } : {}),
            ...(demos ? { demos } : {}),
            ...(flags.maxTokens !== undefined ? { maxTokens: flags.maxTokens } : {}),
            concurrency: flags.concurrency,
            onProgress: progress,
            signal,
          }),
        );
      }
    } catch (err) {
      if (err instanceof AbortedError)
        throw new AbortedError(`Cancelled; finished problems are in ${outs.join(", ")} — rerun the same command to resume.`);
      throw err;
    } finally {
      await model.close();
    }
    if (figure) await writeFileAtomic(figure, accuracyFigure(task, model.name, reports));
    const json = (r: EvaluationReport) => ({ ...r, demo });
    if (flags.json)
      printJson(
        reports.length === 1
          ? { ...json(reports[0] as EvaluationReport), ...(figure ? { figure } : {}) }
          : { task, model: model.name, demo, figure, runs: reports.map(json) },
      );
    else {
      for (const r of reports) {
        print(`${r.task}, ${r.style}, ${r.model}, seed ${r.seed}${r.resumed ? ` (${r.resumed} resumed)` : ""}:`);
        print(table(r));
        print(`results: ${r.out}`);
        if (r.failures.length)
          print(
            `${r.failures.length} problems failed and are not graded (rerun the same command to retry them); first: ${r.failures[0]?.error}`,
          );
      }
      if (figure) print(`figure: ${figure}`);
      if (demo)
        print(
          "Demo model: random weights, so every answer is noise (accuracy ≈ 0 by design). Give --model a real GGUF or openai: endpoint for real numbers.",
        );
    }
    const total = reports.reduce((s, r) => s + r.lengths.reduce((x, l) => x + l.n, 0), 0);
    const failed = reports.reduce((s, r) => s + r.failures.length, 0);
    if (total === 0 && failed > 0)
      throw new ExternalError(
        `All ${failed} problems failed, none was graded (first: ${reports.find((r) => r.failures.length)?.failures[0]?.error.replace(/\.$/, "")}); fix the cause and rerun the same command to retry them.`,
      );
    const unparsable = reports.reduce((s, r) => s + r.lengths.reduce((x, l) => x + l.unparsable, 0), 0);
    if (total > 0 && unparsable === total && !demo)
      throw new InvalidInputError(
        `Every one of the ${total} answers was unparsable (no "The final Answer is [..]" / "Answer: N" line): check that the model follows the prompt's format (try --style few-shot, or a larger or instruction-tuned model).`,
      );
    return 0;
  },
});
