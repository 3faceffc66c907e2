/**
 * The length-generalisation harness: accuracy per problem length (both operands with exactly that many
 * digits, or lists of that many bits), greedy decoding, seeded problems, Wilson intervals, resumable
 * through a JSONL results file. Unparsable answers count as wrong and are reported on their own.
 * @module
 */
import { createRng, InvalidInputError, type OnProgress, type RunnerLine, runItems, wilsonInterval } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import { checkTokenBudget, type TokenBudget } from "./budget.js";
import { checkTrace } from "./checker.js";
import { ALGO_DEFAULTS, ALGO_LIMITS } from "./defaults.js";
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
  /** Problems per length. Defaults to `5` ({@link ALGO_DEFAULTS}). */
  perLength?: number;
  /** Seed of the problem sampler (recorded); the same seed gives the same problems. Defaults to `0`. */
  seed?: number;
  /** Skills whose demonstrations the prompt holds (skill accumulation). Defaults to {@link defaultSkills}. */
  skills?: readonly Task[];
  /** Demonstrations; overrides `skills`. Defaults to the skills' default demos. */
  demos?: readonly Problem[];
  /**
   * JSONL results file (the core item runner's): one line per finished problem, appended as it
   * finishes; a rerun with the same settings skips finished problems; a file made with other settings
   * is refused.
   */
  out: string;
  /** Problems evaluated at once (useful for HTTP backends). Defaults to `1`. */
  concurrency?: number;
  /** Upper bound on generated tokens per problem (the default is 1.25 × the expected completion + 24). */
  maxTokens?: number;
  /** Called with progress events (`"problems"`), and `log` events for budget warnings. */
  onProgress?: OnProgress;
  /** Cancels the run between problems; finished problems stay in `out`. */
  signal?: AbortSignal;
}

/**
 * One graded problem: one line of the results file, where the runner adds `key`
 * (`<task>/<style>/<length>/<index>`) and `settings` (the settings fingerprint).
 */
export interface EvaluationRecord {
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
  stop: "stop" | "eos" | "length";
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
  /** Problems whose generation failed (e.g. the server errored): not graded, not in `n`. */
  failed: number;
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
  /** Problems whose generation failed, with the one-line error (rerun to retry them). */
  failures: { key: string; error: string }[];
  /** Token budget of the longest length (its first problem). */
  budget: TokenBudget;
  out: string;
}

/** The problems of a run: the same seed always gives the same list. */
export function sampleProblems(task: Task, lengths: readonly number[], perLength: number, seed: number): Problem[][] {
  return lengths.map((len) => {
    const rng = createRng(`${seed}/${task}/${len}`);
    return Array.from({ length: perLength }, () => randomProblem(task, len, rng));
  });
}

/** Parses a length range flag: `1-19`, `5`, or `1,2,4,8`. */
export function parseLengths(text: string, max: number = ALGO_LIMITS.maxLength): number[] {
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
export function summarizeByLength(
  records: readonly EvaluationRecord[],
  lengths: readonly number[],
  style: Style,
  failedKeys: readonly string[] = [],
): LengthResult[] {
  return lengths.map((digits) => {
    const rs = records.filter((r) => r.digits === digits);
    const failed = failedKeys.filter((k) => Number(k.split("/")[2]) === digits).length;
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
      failed,
    };
    if (style === "algorithmic") result.tracesCorrect = rs.filter((r) => r.firstErrorStep === null).length;
    return result;
  });
}

/**
 * Runs (or resumes) the evaluation through the core item runner: for each length and each seeded
 * problem, builds the prompt, decodes greedily until the answer is over, grades it (and, for the
 * algorithmic style, finds the first wrong step), and appends the record to `out`.
 * @example
 * const report = await runEvaluation({ model, task: "addition", style: "algorithmic", lengths: [1, 2, 3], perLength: 5, out: "eval.jsonl" });
 * console.log(report.lengths.map((l) => `${l.digits}: ${l.accuracy}`));
 */
export async function runEvaluation(o: EvaluationOptions): Promise<EvaluationReport> {
  const perLength = o.perLength ?? ALGO_DEFAULTS.perLength;
  const seed = o.seed ?? ALGO_DEFAULTS.seed;
  if (!(Number.isInteger(perLength) && perLength >= 1))
    throw new InvalidInputError(`perLength must be a whole number >= 1, got ${perLength}.`);
  if (o.lengths.length === 0) throw new InvalidInputError("Give at least one length to evaluate.");
  const demos = o.demos ?? demosForSkills(o.skills ?? defaultSkills(o.task));
  const problems = sampleProblems(o.task, o.lengths, perLength, seed);

  // Budget of the longest problem, before any long work.
  const longest = problems[problems.length - 1]?.[0] as Problem;
  const budget = await checkTokenBudget(
    o.model,
    buildPrompt({ problem: longest, style: o.style, demos }),
    renderProblem(longest, o.style).completion,
  );
  if (budget.warning) o.onProgress?.({ kind: "log", label: "budget", message: `warning: ${budget.warning}` });

  const items = o.lengths.flatMap((digits, li) => (problems[li] as Problem[]).map((problem, index) => ({ digits, index, problem })));
  let right = 0;
  let graded = 0;
  const result = await runItems<(typeof items)[number], EvaluationRecord>({
    out: o.out,
    items,
    key: (it) => `${o.task}/${o.style}/${it.digits}/${it.index}`,
    settings: { model: o.model.name, task: o.task, style: o.style, seed, demos: demos.map(problemLabel), maxTokens: o.maxTokens ?? null },
    what: "algo eval results",
    isRecord: (line) => typeof line.correct === "boolean" && typeof line.digits === "number",
    label: "problems",
    unit: "problems",
    detail: (it) => `${it.digits} digits, ${right}/${graded} right`,
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    run: async ({ digits, index, problem }, { signal }) => {
      const prompt = buildPrompt({ problem, style: o.style, demos });
      const { prefix, completion: expectedText } = renderProblem(problem, o.style);
      const expectedTokens = (await o.model.tokenize(expectedText, { addBos: false }).catch(() => null))?.length;
      const budgetTokens = Math.ceil((expectedTokens ?? expectedText.length / 3) * 1.25) + 24;
      const maxTokens = Math.max(1, Math.min(o.maxTokens ?? Number.POSITIVE_INFINITY, budgetTokens));
      const gen = await generateAnswer(o.model, prompt, { maxTokens, lead: prefix, signal });
      const expected = solve(problem);
      const grade = gradeOutput(prefix + gen.text, expected);
      const record: EvaluationRecord = {
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
      graded++;
      if (record.correct) right++;
      return record;
    },
  });
  const records: RunnerLine<EvaluationRecord>[] = result.records;
  return {
    task: o.task,
    style: o.style,
    model: o.model.name,
    seed,
    perLength,
    lengths: summarizeByLength(
      records,
      o.lengths,
      o.style,
      result.failures.map((f) => f.key),
    ),
    resumed: result.counts.resumed,
    failures: result.failures.map((f) => ({ key: f.key, error: f.error })),
    budget,
    out: o.out,
  };
}
