/**
 * The length-generalisation harness: accuracy per problem length (both operands with exactly that many
 * digits, or lists of that many bits), greedy decoding, seeded problems, Wilson intervals, resumable
 * through a JSONL results file. Unparsable answers count as wrong and are reported on their own.
 * @module
 */
import {
  createRng,
  FileFormatError,
  InvalidInputError,
  JsonlAppender,
  type OnProgress,
  progressTask,
  throwIfAborted,
  wilsonInterval,
} from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import { checkTokenBudget, type TokenBudget } from "./budget.js";
import { checkTrace } from "./checker.js";
import { gradeOutput } from "./extract.js";
import { generateAnswer } from "./generate.js";
import { buildPrompt, defaultSkills, demosForSkills, renderProblem, type Style } from "./styles.js";
import { type Problem, problemLabel, randomProblem, solve, type Task } from "./tasks.js";

/** Options of {@link runEvaluation}. */
export interface EvaluationOptions {
  /** The model under test (any `yomikai/lm` backend). */
  model: LanguageModel;
  task: Task;
  style: Style;
  /** Problem lengths to test: digits per operand (parity: list length). */
  lengths: readonly number[];
  /** Problems per length. Defaults to `50`. */
  perLength?: number;
  /** Seed of the problem sampler (recorded); the same seed gives the same problems. Defaults to `0`. */
  seed?: number;
  /** Skills whose demonstrations the prompt holds (skill accumulation). Defaults to {@link defaultSkills}. */
  skills?: readonly Task[];
  /** Demonstrations; overrides `skills`. Defaults to the skills' default demos. */
  demos?: readonly Problem[];
  /**
   * JSONL results file: one line per finished problem, appended as it finishes; a rerun with the same
   * settings skips finished problems. Without it nothing is written.
   */
  out?: string;
  /** Upper bound on generated tokens per problem (the default is 1.25 × the expected completion + 24). */
  maxTokens?: number;
  /** Called with progress events (`"problems"`), and `log` events for budget warnings. */
  onProgress?: OnProgress;
  /** Cancels the run between problems; finished problems stay in `out`. */
  signal?: AbortSignal;
}

/** One graded problem (one line of the results file). */
export interface EvaluationRecord {
  /** Stable key: `<task>/<style>/<length>/<index>`. */
  key: string;
  /** The settings fingerprint; a resume must match it. */
  settings: string;
  task: Task;
  style: Style;
  /** Digits per operand (parity: list length). */
  digits: number;
  index: number;
  problem: string;
  expected: string;
  /** The model's continuation (cut after its final answer). */
  output: string;
  /** The extracted answer, or `null` when unparsable. */
  answer: string | null;
  correct: boolean;
  unparsable: boolean;
  /** Tokens generated and why generation stopped. */
  tokens: number;
  stop: "answer" | "eos" | "max-tokens";
  /** Algorithmic style: 0-based sentence index of the first wrong step (`null` when the trace is right). */
  firstErrorStep?: number | null;
  /** Algorithmic style: what the first wrong step got wrong. */
  firstError?: string | null;
}

/** Accuracy at one length (the issue's `lengths[]` entry, plus the counts of unparsable answers). */
export interface LengthResult {
  digits: number;
  n: number;
  correct: number;
  accuracy: number;
  /** Wilson 95% interval of the accuracy. */
  low: number;
  high: number;
  /** Answers that could not be read (counted as wrong). */
  unparsable: number;
  /** Algorithmic style: traces whose every step is right. */
  tracesCorrect?: number;
}

/** What {@link runEvaluation} returns (also the CLI's `--json`). */
export interface EvaluationReport {
  task: Task;
  style: Style;
  model: string;
  seed: number;
  perLength: number;
  lengths: LengthResult[];
  /** Problems resumed from `out` rather than run. */
  resumed: number;
  /** Token budget of the longest length (its first problem). */
  budget: TokenBudget;
  out?: string;
}

/** The problems of a run: the same seed always gives the same list. */
export function sampleProblems(task: Task, lengths: readonly number[], perLength: number, seed: number): Problem[][] {
  return lengths.map((len) => {
    const rng = createRng(`${seed}/${task}/${len}`);
    return Array.from({ length: perLength }, () => randomProblem(task, len, rng));
  });
}

/** Parses a length range flag: `1-19`, `5`, or `1,2,4,8`. */
export function parseLengths(text: string, max = 1000): number[] {
  const out = new Set<number>();
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m)
      throw new InvalidInputError(`Cannot read the lengths "${text}": write a range like 1-19, one length like 5, or a list like 1,2,4,8.`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo < 1 || hi < lo || hi > max)
      throw new InvalidInputError(`Lengths must run from 1 up to at most ${max}, low to high; got "${part}".`);
    for (let i = lo; i <= hi; i++) out.add(i);
  }
  if (out.size === 0) throw new InvalidInputError("Give at least one length, e.g. 1-19.");
  return [...out].sort((a, b) => a - b);
}

/** Summarises graded records per length. */
export function summarizeByLength(records: readonly EvaluationRecord[], lengths: readonly number[], style: Style): LengthResult[] {
  return lengths.map((digits) => {
    const rs = records.filter((r) => r.digits === digits);
    const correct = rs.filter((r) => r.correct).length;
    const [low, high] = wilsonInterval(correct, rs.length);
    const result: LengthResult = {
      digits,
      n: rs.length,
      correct,
      accuracy: rs.length ? correct / rs.length : 0,
      low,
      high,
      unparsable: rs.filter((r) => r.unparsable).length,
    };
    if (style === "algorithmic") result.tracesCorrect = rs.filter((r) => r.firstErrorStep === null).length;
    return result;
  });
}

/**
 * Runs (or resumes) the evaluation: for each length and each seeded problem, builds the prompt, decodes
 * greedily until the final answer, grades it (and, for the algorithmic style, finds the first wrong
 * step), and appends the record to `out`.
 * @example
 * const report = await runEvaluation({ model, task: "addition", style: "algorithmic", lengths: [1, 2, 3], perLength: 5 });
 * console.log(report.lengths.map((l) => `${l.digits}: ${l.accuracy}`));
 */
export async function runEvaluation(o: EvaluationOptions): Promise<EvaluationReport> {
  const perLength = o.perLength ?? 50;
  const seed = o.seed ?? 0;
  if (!(Number.isInteger(perLength) && perLength >= 1))
    throw new InvalidInputError(`perLength must be a whole number >= 1, got ${perLength}.`);
  if (o.lengths.length === 0) throw new InvalidInputError("Give at least one length to evaluate.");
  const demos = o.demos ?? demosForSkills(o.skills ?? defaultSkills(o.task));
  const settings = JSON.stringify({
    model: o.model.name,
    task: o.task,
    style: o.style,
    seed,
    demos: demos.map(problemLabel),
    maxTokens: o.maxTokens ?? null,
  });
  const problems = sampleProblems(o.task, o.lengths, perLength, seed);

  // Budget of the longest problem, before any long work.
  const longest = problems[problems.length - 1]?.[0] as Problem;
  const budget = await checkTokenBudget(
    o.model,
    buildPrompt({ problem: longest, style: o.style, demos }),
    renderProblem(longest, o.style).completion,
  );
  if (budget.warning) o.onProgress?.({ kind: "log", label: "budget", message: `warning: ${budget.warning}` });

  const appender = o.out ? await JsonlAppender.open<EvaluationRecord>(o.out) : undefined;
  const previous = appender?.records ?? [];
  previous.forEach((r, i) => {
    if (!r || typeof r !== "object" || typeof r.key !== "string" || typeof r.settings !== "string")
      throw new FileFormatError(
        "algo eval results (JSONL)",
        o.out,
        `line ${i + 1} is not a result record; delete that line to resume, or pass a new --out file`,
      );
  });
  const other = previous.find((r) => r.settings !== settings);
  if (other)
    throw new InvalidInputError(
      `${o.out} holds results made with other settings (${other.settings}, now ${settings}); rerun with the same flags to resume, or pass a new --out file.`,
    );
  const done = new Map(previous.map((r) => [r.key, r]));
  const records: EvaluationRecord[] = [];
  const total = problems.reduce((s, p) => s + p.length, 0);
  const task = progressTask(o.onProgress, "problems", total, "problems");
  let resumed = 0;
  let correctSoFar = 0;
  for (let li = 0; li < o.lengths.length; li++) {
    const digits = o.lengths[li] as number;
    const list = problems[li] as Problem[];
    for (let index = 0; index < list.length; index++) {
      throwIfAborted(o.signal);
      const key = `${o.task}/${o.style}/${digits}/${index}`;
      const old = done.get(key);
      if (old) {
        records.push(old);
        resumed++;
        if (old.correct) correctSoFar++;
        task.tick(1, `${digits} digits (resumed)`);
        continue;
      }
      const problem = list[index] as Problem;
      const prompt = buildPrompt({ problem, style: o.style, demos });
      const { prefix, completion: expectedText } = renderProblem(problem, o.style);
      const expectedTokens = (await o.model.tokenize(expectedText, { addBos: false }).catch(() => null))?.length;
      const budgetTokens = Math.ceil((expectedTokens ?? expectedText.length / 3) * 1.25) + 24;
      const maxTokens = Math.max(1, Math.min(o.maxTokens ?? Number.POSITIVE_INFINITY, budgetTokens));
      const gen = await generateAnswer(o.model, prompt, { maxTokens, lead: prefix, ...(o.signal ? { signal: o.signal } : {}) });
      const expected = solve(problem);
      const grade = gradeOutput(prefix + gen.text, expected);
      const record: EvaluationRecord = {
        key,
        settings,
        task: o.task,
        style: o.style,
        digits,
        index,
        problem: problemLabel(problem),
        expected: String(expected),
        output: gen.text,
        ...grade,
        tokens: gen.tokens,
        stop: gen.stop,
      };
      if (o.style === "algorithmic") {
        const check = checkTrace(problem, gen.text);
        record.firstErrorStep = check.ok ? null : (check.firstError?.index ?? null);
        record.firstError = check.ok ? null : (check.firstError?.message ?? null);
      }
      await appender?.append(record);
      records.push(record);
      if (record.correct) correctSoFar++;
      task.tick(1, `${digits} digits, ${correctSoFar}/${records.length} right`);
    }
  }
  task.done();
  return {
    task: o.task,
    style: o.style,
    model: o.model.name,
    seed,
    perLength,
    lengths: summarizeByLength(records, o.lengths, o.style),
    resumed,
    budget,
    ...(o.out ? { out: o.out } : {}),
  };
}
