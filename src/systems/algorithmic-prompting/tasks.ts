/**
 * The four tasks as problems: what a problem is, its text, its true answer, its worked trace, and seeded
 * sampling of problems of a given length.
 * @module
 */
import { type Rng, unknownName } from "../../core/index.js";
import { additionTrace } from "./addition.js";
import { randomOperand } from "./digits.js";
import { multiplicationTrace } from "./multiplication.js";
import { parityQuestion, parityTrace, randomBits } from "./parity.js";
import { subtractionTrace } from "./subtraction.js";

/** The algorithms yomikai can teach in context. */
export const TASKS = ["addition", "subtraction", "multiplication", "parity"] as const;
/** One of {@link TASKS}. */
export type Task = (typeof TASKS)[number];

/** A two-operand arithmetic problem. */
export interface ArithmeticProblem {
  task: "addition" | "subtraction" | "multiplication";
  a: bigint;
  b: bigint;
}
/** A parity problem: the parity of a list of bits. */
export interface ParityProblem {
  task: "parity";
  bits: number[];
}
/** Any problem. */
export type Problem = ArithmeticProblem | ParityProblem;

const OPERATOR = { addition: "+", subtraction: "-", multiplication: "*" } as const;

/** Checks a task name; throws a one-line error naming the closest task. */
export function checkTask(name: string): Task {
  if ((TASKS as readonly string[]).includes(name)) return name as Task;
  throw unknownName("task", name, TASKS);
}

/** The problem's first line: `Problem: 128+367=` or `Q: What is the parity on the list a=[…]?` */
export function problemLine(p: Problem): string {
  return p.task === "parity" ? parityQuestion(p.bits) : `Problem: ${p.a}${OPERATOR[p.task]}${p.b}=`;
}

/** The problem as a short expression: `128+367` or `parity [1, 1, 0]`. */
export function problemLabel(p: Problem): string {
  return p.task === "parity" ? `parity [${p.bits.join(", ")}]` : `${p.a}${OPERATOR[p.task]}${p.b}`;
}

/** The true answer (parity: 0 or 1). */
export function solve(p: Problem): bigint {
  switch (p.task) {
    case "addition":
      return p.a + p.b;
    case "subtraction":
      return p.a - p.b;
    case "multiplication":
      return p.a * p.b;
    case "parity":
      return BigInt(p.bits.reduce((s, b) => s + b, 0) % 2);
  }
}

/** The worked trace in the paper's algorithmic format. */
export function algorithmicTrace(p: Problem): string {
  switch (p.task) {
    case "addition":
      return additionTrace(p.a, p.b);
    case "subtraction":
      return subtractionTrace(p.a, p.b);
    case "multiplication":
      return multiplicationTrace(p.a, p.b);
    case "parity":
      return parityTrace(p.bits);
  }
}

/**
 * A seeded random problem of one length: both operands with exactly `length` digits (parity: a list of
 * `length` bits).
 */
export function randomProblem(task: Task, length: number, rng: Rng): Problem {
  if (task === "parity") return { task, bits: randomBits(rng, length) };
  return { task, a: randomOperand(rng, length), b: randomOperand(rng, length) };
}

/** The problem's length: digits of the longer operand, or the list length for parity. */
export function problemLength(p: Problem): number {
  return p.task === "parity" ? p.bits.length : Math.max(String(p.a).length, String(p.b).length);
}
