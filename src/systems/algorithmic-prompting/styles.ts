/**
 * Prompt styles built from one generator: every demonstration and every test question comes from the
 * same {@link Problem}, rendered as the algorithmic trace (the paper's method) or as one of the
 * baselines — scratchpad (Nye et al. 2021), few-shot (answers only), chain-of-thought (an informal
 * rationale) or instruction-only (the algorithm described in words, no examples).
 * @module
 */
import { InvalidInputError, unknownName } from "../../core/index.js";
import { digitsOf } from "./digits.js";
import { bitList, parityQuestion } from "./parity.js";
import { algorithmicTrace, type Problem, problemLine, solve, type Task } from "./tasks.js";

/** The prompt styles: the paper's method first, then the baselines. */
export const STYLES = ["algorithmic", "scratchpad", "few-shot", "chain-of-thought", "instruction-only"] as const;
/** One of {@link STYLES}. */
export type Style = (typeof STYLES)[number];

/** Checks a style name; throws a one-line error naming the closest style. */
export function checkStyle(name: string): Style {
  if ((STYLES as readonly string[]).includes(name)) return name as Style;
  throw unknownName("style", name, STYLES);
}

/** A problem rendered in one style: the prompt shows `prefix + completion` for a demo, only `prefix` for the test. */
export interface RenderedProblem {
  /** What the prompt shows before the model's turn (ends with `Explanation:\n`, `Answer:`, `A:`, …). */
  prefix: string;
  /** The worked solution that follows, as the model should write it. */
  completion: string;
}

const answerText = (v: bigint) => String(v);

function scratchpadArithmetic(p: Exclude<Problem, { task: "parity" }>): string {
  if (p.task === "multiplication") {
    const sn = digitsOf(p.b);
    const lines: string[] = [];
    const partials: bigint[] = [];
    sn.forEach((d, i) => {
      const place = 10n ** BigInt(sn.length - 1 - i);
      if (d === 0) return;
      const part = p.a * BigInt(d) * place;
      lines.unshift(`${p.a} * ${BigInt(d) * place} = ${part}`);
      partials.unshift(part);
    });
    if (partials.length > 1) lines.push(`${partials.join(" + ")} = ${solve(p)}`);
    return lines.join("\n");
  }
  // Nye et al.'s scratchpad: the digits left of each operand, the answer digits so far, the carry/borrow.
  const subtract = p.task === "subtraction";
  const negative = subtract && p.a < p.b;
  const [x, y] = negative ? [p.b, p.a] : [p.a, p.b];
  const fn = digitsOf(x);
  const sn = digitsOf(y);
  const op = subtract ? "-" : "+";
  const tag = subtract ? "B" : "C";
  const acc: number[] = [];
  let carry = 0;
  const lines: string[] = [];
  const row = () =>
    `${[...fn.map(String), ...(sn.length ? [op, ...sn.map(String)] : [])].join(" ")}${fn.length || sn.length ? " " : ""}, ${acc.join(" ")}${acc.length ? " " : ""}${tag}: ${carry}`;
  lines.push(row());
  while (fn.length || sn.length) {
    const a = fn.pop() ?? 0;
    const b = sn.pop() ?? 0;
    const s = subtract ? a - b - carry : a + b + carry;
    if (subtract) {
      acc.unshift(s < 0 ? s + 10 : s);
      carry = s < 0 ? 1 : 0;
    } else {
      acc.unshift(s % 10);
      carry = Math.floor(s / 10);
    }
    lines.push(row());
  }
  if (!subtract && carry) acc.unshift(carry);
  while (acc.length > 1 && acc[0] === 0) acc.shift();
  lines.push(`${negative ? "- " : ""}${acc.join(" ")}`);
  return lines.join("\n");
}

function chainOfThought(p: Exclude<Problem, { task: "parity" }>): string {
  const places = (n: bigint) => {
    const d = digitsOf(n);
    return d.map((v, i) => BigInt(v) * 10n ** BigInt(d.length - 1 - i));
  };
  if (p.task === "multiplication") {
    const parts = places(p.b).filter((v) => v !== 0n);
    if (parts.length <= 1) return `${p.a}*${p.b}=${solve(p)}.`;
    return `${p.a}*${p.b}=${p.a}*(${parts.join("+")})=${parts.map((v) => p.a * v).join("+")}=${solve(p)}.`;
  }
  const pa = places(p.a);
  const pb = places(p.b);
  const n = Math.max(pa.length, pb.length);
  const padA = [...new Array<bigint>(n - pa.length).fill(0n), ...pa];
  const padB = [...new Array<bigint>(n - pb.length).fill(0n), ...pb];
  const op = p.task === "addition" ? "+" : "-";
  const pairs = padA.map((v, i) => `(${v}${op}${padB[i]})`);
  const sums = padA.map((v, i) => (op === "+" ? v + (padB[i] as bigint) : v - (padB[i] as bigint)));
  if (n === 1) return `${p.a}${op}${p.b}=${solve(p)}.`;
  return `${p.a}${op}${p.b}=${pairs.join("+")}=${sums.join("+").replace(/\+-/g, "-")}=${solve(p)}.`;
}

/** A problem rendered in a style (the test prompt ends with `prefix`). */
export function renderProblem(p: Problem, style: Style): RenderedProblem {
  if (p.task === "parity") {
    const q = parityQuestion(p.bits);
    const s = solve(p);
    switch (style) {
      case "algorithmic":
        return { prefix: `${q}\nA:`, completion: algorithmicTrace(p).slice(q.length + 3) };
      case "scratchpad": {
        const rows = p.bits.map((_, i) => `${bitList(p.bits.slice(i))} s=${p.bits.slice(0, i).reduce((x, b) => x + b, 0) % 2}`);
        rows.push(`[] s=${s}`);
        return { prefix: `${q}\nA:`, completion: `\n${rows.join("\n")}\nThe parity is ${s}.` };
      }
      case "chain-of-thought": {
        const ones = p.bits.filter((b) => b === 1).length;
        return {
          prefix: `${q}\nA:`,
          completion: ` There ${ones === 1 ? "is 1 one" : `are ${ones} ones`} in the list. ${ones} is ${ones % 2 ? "odd" : "even"}, so the parity is ${s}.`,
        };
      }
      default:
        return { prefix: `${q}\nA:`, completion: ` The parity is ${s}.` };
    }
  }
  const line = problemLine(p);
  switch (style) {
    case "algorithmic":
      return { prefix: `${line}\nExplanation:\n`, completion: algorithmicTrace(p).split("\n").slice(2).join("\n") };
    case "scratchpad":
      return { prefix: `${line}\nScratchpad:\n`, completion: `${scratchpadArithmetic(p)}\nAnswer: ${answerText(solve(p))}` };
    case "chain-of-thought":
    case "instruction-only":
      // instruction-only shows no demos; its test problem leaves room to work before the answer line.
      return { prefix: `${line}\nExplanation:`, completion: ` ${chainOfThought(p)}\nAnswer: ${answerText(solve(p))}` };
    default:
      return { prefix: `${line}\nAnswer:`, completion: ` ${answerText(solve(p))}` };
  }
}

/** The instruction-only baseline: each algorithm described in words. */
export const INSTRUCTIONS: Record<Task, string> = {
  addition:
    "Add two numbers digit by digit. Write each number as a list of digits. Starting from the last digit of each list, add the two digits and the carry (0 at first). The new digit of the answer is the sum modulo 10 and the new carry is the sum divided by 10, rounded down. Remove the last digit of each list and repeat until both lists are empty; if a carry is left, it becomes the first digit of the answer. End with a line of the form 'Answer: <number>'.",
  subtraction:
    "Subtract the second number from the first digit by digit. If the first number is smaller, swap them and put a minus sign in front of the answer. Starting from the last digit of each, subtract the second digit and the borrow (0 at first) from the first digit; if the result is negative, add 10 and set the borrow to 1, else set it to 0. Repeat until no digits are left, then remove leading zeros. End with a line of the form 'Answer: <number>'.",
  multiplication:
    "Multiply the first number by each digit of the second number, starting from the last digit; shift each partial product by appending one more 0 at each step; then add all partial products digit by digit with carries. End with a line of the form 'Answer: <number>'.",
  parity:
    "The parity of a list of bits is 1 when it holds an odd number of 1s and 0 otherwise. Start with s=0; for each element b of the list from the first to the last, set s to (s + b) modulo 2. When the list is empty, s is the parity. End with 'the parity is <s>'.",
};

/** Options of {@link buildPrompt}. */
export interface BuildPromptOptions {
  /** The test problem; the prompt ends with its {@link RenderedProblem.prefix}. */
  problem: Problem;
  /** The prompt style. */
  style: Style;
  /** Worked demonstrations shown before the test problem (ignored by `instruction-only`). Defaults to `[]`. */
  demos?: readonly Problem[];
}

/**
 * The whole prompt: the demonstrations (separated by a blank line) and the test problem's prefix; for
 * `instruction-only`, the description of each algorithm involved and the prefix.
 * @example buildPrompt({ problem: { task: "addition", a: 5n, b: 7n }, style: "few-shot", demos: [{ task: "addition", a: 1n, b: 2n }] })
 * // "Problem: 1+2=\nAnswer: 3\n\nProblem: 5+7=\nAnswer:"
 */
export function buildPrompt(options: BuildPromptOptions): string {
  const test = renderProblem(options.problem, options.style).prefix;
  if (options.style === "instruction-only") {
    const tasks = new Set<Task>([...(options.demos ?? []).map((d) => d.task), options.problem.task]);
    return `${[...tasks].map((t) => INSTRUCTIONS[t]).join("\n")}\n\n${test}`;
  }
  const demos = (options.demos ?? []).map((d) => {
    const r = renderProblem(d, options.style);
    return r.prefix + r.completion;
  });
  return [...demos, test].join("\n\n");
}

/** The default demonstrations of each task: small problems covering carries, unequal lengths, signs. */
export function defaultDemos(task: Task): Problem[] {
  switch (task) {
    case "addition":
      // The three examples the surviving copies of the paper's prompt use.
      return [
        { task, a: 128n, b: 367n },
        { task, a: 9980n, b: 29n },
        { task, a: 802n, b: 7145n },
      ];
    case "subtraction":
      return [
        { task, a: 483n, b: 389n },
        { task, a: 1000n, b: 29n },
        { task, a: 75n, b: 802n },
      ];
    case "multiplication":
      return [
        { task, a: 29n, b: 13n },
        { task, a: 317n, b: 25n },
      ];
    case "parity":
      return [
        { task, bits: [1, 1, 0, 1, 0] },
        { task, bits: [0, 1, 1] },
        { task, bits: [1, 0, 0, 1, 1, 1] },
      ];
  }
}

/**
 * The skills a task's prompt holds by default: the task itself, and for multiplication also addition
 * (skill composition: the multiplication trace calls the addition algorithm).
 */
export function defaultSkills(task: Task): Task[] {
  return task === "multiplication" ? ["addition", "multiplication"] : [task];
}

/** Demonstrations for a set of skills (skill accumulation: several algorithms in one prompt). */
export function demosForSkills(skills: readonly Task[]): Problem[] {
  if (skills.length === 0) throw new InvalidInputError("Give at least one skill for the prompt's demonstrations.");
  return skills.flatMap((s) => defaultDemos(s));
}

/**
 * Parses a demo or problem written as `128+367`, `483-389`, `29*13` or a bit list `[1,1,0]`.
 * @throws InvalidInputError with an example of the accepted forms.
 */
export function parseProblem(text: string): Problem {
  const t = text.trim().replace(/=$/, "");
  const m = /^(\d+)\s*([+\-*x×])\s*(\d+)$/.exec(t);
  if (m) {
    const [a, b] = [m[1] as string, m[3] as string];
    if (/^0\d/.test(a) || /^0\d/.test(b)) throw new InvalidInputError(`Operands have no leading zeros, got "${text}".`);
    const task = m[2] === "+" ? "addition" : m[2] === "-" ? "subtraction" : "multiplication";
    return { task, a: BigInt(a), b: BigInt(b) };
  }
  const bits = /^\[?\s*[01](\s*,\s*[01])*\s*\]?$/.test(t)
    ? t
        .replace(/[[\]\s]/g, "")
        .split(",")
        .map(Number)
    : undefined;
  if (bits) return { task: "parity", bits };
  throw new InvalidInputError(`Cannot read the problem "${text}": write it as 128+367, 483-389, 29*13 or a bit list like [1,1,0].`);
}
