/**
 * The trace checker: reads a model's trace sentence by sentence and re-derives every claim from the
 * problem's own numbers — each digit taken, each sum, comparison, modulo and carry, each restated list —
 * so it finds the first wrong step, not just a wrong final answer.
 *
 * It is written independently of the generators: it parses the numbers out of each sentence and checks
 * them against its own running state (the digits left, the carry, the answer so far), computed here
 * from the problem with nothing shared with the trace writers. That is what lets the tests use it to
 * verify the generators.
 * @module
 */
import type { Problem } from "./tasks.js";

/** A sentence of a trace and where it sits. */
export interface TraceSentence {
  /** 0-based position among the checked sentences. */
  index: number;
  /** 0-based line of the trace. */
  line: number;
  /** Character offsets in the checked text (`end` exclusive). */
  start: number;
  end: number;
  text: string;
}

/** The first wrong step of a trace. */
export interface TraceError extends TraceSentence {
  /** What is wrong, e.g. `8+7+0 is 15, not 16`. */
  message: string;
}

/** What {@link checkTrace} found. */
export interface TraceCheck {
  /** `true` when every sentence is a correct step and the trace ends with the right final answer. */
  ok: boolean;
  /** Sentences read (up to and including the first error). */
  checked: number;
  /** The first wrong step, or the end of the text when the trace stops before its final answer. */
  firstError?: TraceError;
  /** The true answer of the problem. */
  expected: string;
}

type Rule = [RegExp, (m: RegExpExecArray) => string | undefined];

const list = (text: string): number[] => (text.trim() === "" ? [] : text.split(",").map((s) => Number(s.trim())));
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const show = (d: readonly number[]) => `[${d.join(",")}]`;
const digitsOfText = (s: string): number[] => s.split("").map(Number);

/** Splits a trace into sentences: at line breaks, and after a period followed by whitespace. */
export function splitSentences(text: string): TraceSentence[] {
  const out: TraceSentence[] = [];
  let offset = 0;
  text.split("\n").forEach((lineText, line) => {
    const re = /[^\s][\s\S]*?(?:\.(?=\s|$)|$)/g;
    for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out.push({ index: out.length, line, start: offset + m.index, end: offset + m.index + m[0].length, text: m[0] });
    }
    offset += lineText.length + 1;
  });
  return out;
}

/** Running state of one two-operand column algorithm (addition or subtraction). */
interface Column {
  fn: number[];
  sn: number[];
  /** Current step index (the number of digits left in the longer list). */
  i: number;
  carry: number;
  a: number[];
  /** Values of the current step once stated. */
  step?: { x: number; y: number; s: number; d: number };
  /** Digit waiting to be prepended to A ("Length of A is n. Thus A=[…]"). */
  pending?: number;
}

function column(fn: number[], sn: number[]): Column {
  return { fn, sn, i: Math.max(fn.length, sn.length), carry: 0, a: [] };
}

class Checker {
  private readonly rules: Rule[];
  done = false;
  col: Column | undefined;
  /** Multi-operator addition: the terms, which subproblem, and each ANSk. */
  terms: bigint[] = [];
  sub = 0;
  ans: bigint[] = [];
  /** Subtraction: the answer is negative (operands swapped). */
  negative = false;
  /** Multiplication: digit index of SN, the current digit product, partial products so far. */
  mul = { i: 0, digit: -1, pos: 0, carry: 0, product: [] as number[], partials: [] as bigint[] };
  /** The first number, stated in the sentence before the second. */
  first: { name: string; digits: number[] } | undefined;
  /** Parity: remaining list and running sum. */
  par = { rest: [] as number[], s: 0, b: -1, stated: false };

  constructor(
    readonly problem: Problem,
    readonly expected: bigint,
  ) {
    if (problem.task === "addition") this.terms = [problem.a, problem.b];
    if (problem.task === "multiplication") this.mul.i = String(problem.b).length;
    if (problem.task === "parity") this.par.rest = [...problem.bits];
    this.rules = [...this.commonRules(), ...this.columnRules(), ...this.multiRules(), ...this.mulRules(), ...this.parityRules()];
  }

  check(sentence: string): string | undefined {
    if (this.done) return "the trace goes on after its final answer";
    for (const [re, fn] of this.rules) {
      const m = re.exec(sentence);
      if (m) return fn(m);
    }
    return "not a step of the algorithm";
  }

  private finalAnswer(negative: boolean, digits: number[]): string | undefined {
    this.done = true;
    const v = digits.length === 0 ? 0n : BigInt(digits.join(""));
    const got = negative ? -v : v;
    if (digits.some((d) => !(d >= 0 && d <= 9))) return "the answer list holds something other than digits";
    return got === this.expected ? undefined : `the final answer is ${got}, but ${this.expected} is right`;
  }

  private commonRules(): Rule[] {
    const p = this.problem;
    return [
      [
        /^Problem: ([\d+\-*]+)=$/,
        (m) => {
          const expr = m[1] as string;
          if (p.task === "multiplication" && this.mul.partials.length > 0 && this.terms.length === 0) return "unexpected problem line";
          const want =
            p.task === "parity"
              ? ""
              : p.task === "addition"
                ? `${p.a}+${p.b}`
                : p.task === "subtraction"
                  ? `${p.a}-${p.b}`
                  : `${p.a}*${p.b}`;
          return expr === want ? undefined : `the problem is ${want}, not ${expr}`;
        },
      ],
      [/^Explanation:$/, () => undefined],
      [/^The final Answer is (-?)\[([\d,\s]*)\]\.?$/, (m) => this.finalWithState(m[1] === "-", list(m[2] as string))],
    ];
  }

  private finalWithState(negative: boolean, digits: number[]): string | undefined {
    if (this.problem.task === "parity") return "a parity trace ends with 'the parity is'";
    if (this.col && (this.col.i > 0 || this.col.pending !== undefined)) return "the final answer comes before the last digit was processed";
    if (this.problem.task === "multiplication" && this.terms.length > 0 && this.ans.length < this.terms.length - 1)
      return "the final answer comes before the last subproblem";
    return this.finalAnswer(negative, digits);
  }

  /** The digit-by-digit rules shared by addition (carry C) and subtraction (borrow B). */
  private columnRules(): Rule[] {
    const p = this.problem;
    const need = (): Column | string => this.col ?? "a digit step before the numbers were stated";
    return [
      [
        /^The first number is (\d+|ANS\d+), FN=\[([\d,]*)\]\.$/,
        (m) => {
          this.first = { name: m[1] as string, digits: list(m[2] as string) };
          return undefined;
        },
      ],
      [
        /^The second number is (\d+), SN=\[([\d,]*)\]\.$/,
        (m) => {
          if (!this.first) return "the first number was not stated";
          const f = this.first;
          this.first = undefined;
          return this.numbers(f.name, f.digits, m[1] as string, list(m[2] as string));
        },
      ],
      [
        /^Since FN ?=? ?\[([\d,]*)\] has (\d+) digits, SN ?=? ?\[([\d,]*)\] has (\d+) digits, thus the maximum number of digits is (\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          const [f, s] = [list(m[1] as string), list(m[3] as string)];
          const [fn, sn] = p.task === "subtraction" ? this.origOperands() : [c.fn, c.sn];
          if (!same(f, fn) || !same(s, sn)) return `FN is ${show(fn)} and SN is ${show(sn)}`;
          if (Number(m[2]) !== f.length || Number(m[4]) !== s.length)
            return `${show(f)} has ${f.length} digits and ${show(s)} has ${s.length}`;
          const max = Math.max(f.length, s.length);
          return Number(m[5]) === max ? undefined : `the maximum number of digits is ${max}`;
        },
      ],
      [/^In each subsequent step, we remove one number from the end of FN and one from the end of SN\.$/, () => undefined],
      [
        /^Since (\d+)([<=>])(\d+), the answer is (not negative|negative: we compute (\d+)-(\d+) and put a minus sign in front)\.$/,
        (m) => {
          if (p.task !== "subtraction") return "not a step of this algorithm";
          const [x, y] = [BigInt(m[1] as string), BigInt(m[3] as string)];
          if (x !== p.a || y !== p.b) return `the numbers are ${p.a} and ${p.b}`;
          const rel = x > y ? ">" : x === y ? "=" : "<";
          if (m[2] !== rel) return `${x}${rel}${y}`;
          const neg = (m[4] as string).startsWith("negative");
          if (neg !== x < y) return x < y ? "the answer is negative" : "the answer is not negative";
          if (neg && (BigInt(m[5] as string) !== y || BigInt(m[6] as string) !== x)) return `we compute ${y}-${x}`;
          this.negative = neg;
          return undefined;
        },
      ],
      [
        /^The new (FN|SN) is \[([\d,]*)\]\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          const got = list(m[2] as string);
          if (p.task === "subtraction") {
            if (!this.negative) return "the operands are swapped only when the answer is negative";
            const want = m[1] === "FN" ? c.fn : c.sn;
            return same(got, want) ? undefined : `the new ${m[1]} is ${show(want)}`;
          }
          // Multi-operator addition: the new FN is the answer so far.
          if (m[1] !== "FN") return "not a step of this algorithm";
          const last = this.ans[this.ans.length - 1];
          return last !== undefined && same(got, digitsOfText(String(last)))
            ? undefined
            : `the new FN is ${show(digitsOfText(String(last)))}`;
        },
      ],
      [/^Length of (FN|SN) is (\d+)\.$/, (m) => this.lengthOf(m[1] as "FN" | "SN", Number(m[2]))],
      [
        /^(FN|SN)=\[([\d,]*)\]\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          const want = m[1] === "FN" ? c.fn : c.sn;
          return same(list(m[2] as string), want) ? undefined : `${m[1]} is ${show(want)} now`;
        },
      ],
      [
        /^(FN|SN)\[(\d+)\]=(\d+)\.$/,
        (m) => {
          if (p.task === "multiplication" && this.terms.length === 0) return this.mulDigit(m);
          const c = need();
          if (typeof c === "string") return c;
          const l = m[1] === "FN" ? c.fn : c.sn;
          if (Number(m[2]) !== c.i) return `this step's index is ${c.i}`;
          if (l.length === 0) return `${m[1]} is empty`;
          return Number(m[3]) === l[l.length - 1] ? undefined : `${m[1]}[${c.i}] is ${l[l.length - 1]}`;
        },
      ],
      [
        /^(FN|SN) is empty\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          const l = m[1] === "FN" ? c.fn : c.sn;
          return l.length === 0 ? undefined : `${m[1]} is ${show(l)}, not empty`;
        },
      ],
      [
        /^(C|B)\[(\d+)\]=(\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if ((m[1] === "B") !== (p.task === "subtraction")) return "not a step of this algorithm";
          if (Number(m[2]) !== c.i) return `this step's index is ${c.i}`;
          return Number(m[3]) === c.carry ? undefined : `${m[1]}[${c.i}] is ${c.carry}`;
        },
      ],
      [
        /^Since (\d+)\+(\d+)\+(\d+)=(\d+), (\d+)([<=>])10, (\d+)%10=(\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (p.task === "subtraction") return "this is subtraction";
          const [x, y, k, s, s2, , s3, d] = [1, 2, 3, 4, 5, 0, 7, 8].map((i) => Number(m[i]));
          const want = this.stepOperands(c);
          if (x !== want.x || y !== want.y) return `the digits are ${want.x} and ${want.y}`;
          if (k !== c.carry) return `the carry is ${c.carry}`;
          const sum = want.x + want.y + c.carry;
          if (s !== sum) return `${x}+${y}+${k} is ${sum}, not ${s}`;
          const rel = sum > 10 ? ">" : sum === 10 ? "=" : "<";
          if (s2 !== sum || s3 !== sum || m[6] !== rel) return `${sum}${rel}10, ${sum}%10=${sum % 10}`;
          if (d !== sum % 10) return `${sum}%10 is ${sum % 10}, not ${d}`;
          c.step = { ...want, s: sum, d };
          c.pending = d;
          return undefined;
        },
      ],
      [
        /^Since (\d+)-(\d+)-(\d+)=(-?\d+), (-?\d+)(<0|>=0), (-?\d+)\+(\d+)=(\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (p.task !== "subtraction") return "not a step of this algorithm";
          const [x, y, k, s] = [1, 2, 3, 4].map((i) => Number(m[i]));
          const want = this.stepOperands(c);
          if (x !== want.x || y !== want.y) return `the digits are ${want.x} and ${want.y}`;
          if (k !== c.carry) return `the borrow is ${c.carry}`;
          const diff = want.x - want.y - c.carry;
          if (s !== diff) return `${x}-${y}-${k} is ${diff}, not ${s}`;
          const neg = diff < 0;
          if (Number(m[5]) !== diff || Number(m[7]) !== diff || m[6] !== (neg ? "<0" : ">=0") || Number(m[8]) !== (neg ? 10 : 0))
            return neg ? `${diff}<0, ${diff}+10=${diff + 10}` : `${diff}>=0, ${diff}+0=${diff}`;
          const d = neg ? diff + 10 : diff;
          if (Number(m[9]) !== d) return `${diff}+${neg ? 10 : 0} is ${d}, not ${m[9]}`;
          c.step = { ...want, s: diff, d };
          c.pending = d;
          return undefined;
        },
      ],
      [
        /^Length of A is (\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (c.pending === undefined) return "no new digit of A was computed in this step";
          return Number(m[1]) === c.a.length + 1 ? undefined : `A will hold ${c.a.length + 1} digits`;
        },
      ],
      [
        /^(?:Thus )?A=\[([\d,]*)\]\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (c.pending === undefined) return "no new digit of A was computed in this step";
          const want = [c.pending, ...c.a];
          if (!same(list(m[1] as string), want)) return `A is ${show(want)}`;
          c.a = want;
          c.pending = undefined;
          return undefined;
        },
      ],
      [
        /^Since \((\d+)-(\d+)\)\/10=(\d+), C\[(\d+)\]=(\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (!c.step || p.task === "subtraction") return "not a step of this algorithm";
          const [s, d, q, j, q2] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
          if (s !== c.step.s || d !== c.step.d) return `the sum is ${c.step.s} and the digit ${c.step.d}`;
          const next = (c.step.s - c.step.d) / 10;
          if (q !== next || q2 !== next) return `(${s}-${d})/10 is ${next}`;
          if (j !== c.i - 1) return `the next carry is C[${c.i - 1}]`;
          return this.advance(c, next);
        },
      ],
      [
        /^Since (-?\d+)(<0|>=0), B\[(\d+)\]=(\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (!c.step || p.task !== "subtraction") return "not a step of this algorithm";
          const s = Number(m[1]);
          if (s !== c.step.s) return `the difference is ${c.step.s}`;
          const next = s < 0 ? 1 : 0;
          if (m[2] !== (s < 0 ? "<0" : ">=0")) return `${s}${s < 0 ? "<0" : ">=0"}`;
          if (Number(m[3]) !== c.i - 1) return `the next borrow is B[${c.i - 1}]`;
          if (Number(m[4]) !== next) return `B[${c.i - 1}] is ${next}`;
          return this.advance(c, next);
        },
      ],
      [
        /^There are no more digits and (C|B)\[0\]=(\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (c.i !== 0) return `digits are left: FN=${show(c.fn)}, SN=${show(c.sn)}`;
          return c.carry === 0 && Number(m[2]) === 0 ? undefined : `${m[1]}[0] is ${c.carry}`;
        },
      ],
      [
        /^There are no more digits, but C\[0\]=(\d+)\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (c.i !== 0) return `digits are left: FN=${show(c.fn)}, SN=${show(c.sn)}`;
          if (c.carry === 0 || Number(m[1]) !== c.carry) return `C[0] is ${c.carry}`;
          c.pending = c.carry;
          return undefined;
        },
      ],
      [
        /^Thus the process is complete\.$/,
        () => {
          const c = need();
          if (typeof c === "string") return c;
          return c.i === 0 && c.pending === undefined ? undefined : "the process is not complete yet";
        },
      ],
      [
        /^Removing the leading zeros of A=\[([\d,]*)\], we have A=\[([\d,]*)\]\.$/,
        (m) => {
          const c = need();
          if (typeof c === "string") return c;
          if (!same(list(m[1] as string), c.a)) return `A is ${show(c.a)}`;
          let t = c.a;
          while (t.length > 1 && t[0] === 0) t = t.slice(1);
          if (!same(list(m[2] as string), t)) return `without leading zeros A is ${show(t)}`;
          c.a = t;
          return undefined;
        },
      ],
      [
        /^Since there are no more operators, the problem is complete\.$/,
        () => (this.col && this.col.i === 0 && this.col.pending === undefined ? undefined : "the process is not complete yet"),
      ],
    ];
  }

  private origOperands(): [number[], number[]] {
    const p = this.problem as { a: bigint; b: bigint };
    return [digitsOfText(String(p.a)), digitsOfText(String(p.b))];
  }

  /** "The first number is …, FN=[…]. The second number is …, SN=[…]." */
  private numbers(first: string, fn: number[], second: string, sn: number[]): string | undefined {
    const p = this.problem;
    if (p.task === "parity") return "not a step of this algorithm";
    let want: [bigint, bigint];
    if (p.task === "subtraction") want = [p.a, p.b];
    else if (p.task === "multiplication" && this.terms.length === 0) {
      if (first !== String(p.a) || second !== String(p.b)) return `the numbers are ${p.a} and ${p.b}`;
      if (!same(fn, digitsOfText(String(p.a))) || !same(sn, digitsOfText(String(p.b))))
        return `FN=${show(digitsOfText(String(p.a)))} and SN=${show(digitsOfText(String(p.b)))}`;
      return undefined;
    } else {
      const k = this.sub;
      const acc = k === 0 ? (this.terms[0] as bigint) : (this.ans[k - 1] as bigint);
      want = [acc, this.terms[k + 1] as bigint];
      const name = k === 0 ? String(this.terms[0]) : `ANS${k}`;
      if (first !== name) return `the first number is ${name}`;
    }
    if (p.task === "subtraction" && first !== String(want[0])) return `the first number is ${want[0]}`;
    if (second !== String(want[1])) return `the second number is ${want[1]}`;
    const [wf, ws] = [digitsOfText(String(want[0])), digitsOfText(String(want[1]))];
    if (!same(fn, wf)) return `FN is ${show(wf)}`;
    if (!same(sn, ws)) return `SN is ${show(ws)}`;
    const swap = p.task === "subtraction" && p.a < p.b;
    this.col = swap ? column(ws, wf) : column(wf, ws);
    return undefined;
  }

  private lengthOf(which: "FN" | "SN", n: number): string | undefined {
    const c = this.col;
    if (!c) return "a digit step before the numbers were stated";
    const l = which === "FN" ? c.fn : c.sn;
    if (c.step) return `the step is not finished: the next ${this.problem.task === "subtraction" ? "borrow" : "carry"} comes first`;
    if (c.i === 0) return "there are no more digits";
    return n === l.length ? undefined : `the length of ${which} is ${l.length}`;
  }

  private stepOperands(c: Column): { x: number; y: number } {
    return { x: c.fn.length ? (c.fn[c.fn.length - 1] as number) : 0, y: c.sn.length ? (c.sn[c.sn.length - 1] as number) : 0 };
  }

  private advance(c: Column, next: number): string | undefined {
    if (c.pending !== undefined) return "A was not updated in this step";
    c.fn = c.fn.slice(0, -1);
    c.sn = c.sn.slice(0, -1);
    c.carry = next;
    c.i--;
    c.step = undefined;
    return undefined;
  }

  /** Multi-operator addition (`ANS1`, `ANS2`, …), used by multiplication. */
  private multiRules(): Rule[] {
    return [
      [
        /^The subproblems are (.+)\.$/,
        (m) => {
          if (this.terms.length < 2) return "not a step of this algorithm";
          const want = this.terms.slice(1).map((t, k) => `${k === 0 ? String(this.terms[0]) : `ANS${k}`}+${t}=ANS${k + 1}`);
          return (m[1] as string) === want.join(", ") ? undefined : `the subproblems are ${want.join(", ")}`;
        },
      ],
      [
        /^There (?:is|are) (\d+) connecting operators?\.$/,
        (m) => (Number(m[1]) === this.terms.length - 1 ? undefined : `there are ${this.terms.length - 1} connecting operators`),
      ],
      [
        /^Subproblem: (\d+|ANS\d+)\+(\d+)=ANS(\d+)$/,
        (m) => {
          const k = this.ans.length;
          if (Number(m[3]) !== k + 1) return `the next subproblem is ANS${k + 1}`;
          this.sub = k;
          this.col = undefined;
          return undefined;
        },
      ],
      [
        /^Since there (?:is|are) (\d+) operators? and we processed up to ANS(\d+), (there are more operators to process|the problem is complete)\.$/,
        (m) => {
          const c = this.col;
          if (c?.i !== 0 || c.pending !== undefined) return "the subproblem is not finished";
          const ops = this.terms.length - 1;
          if (Number(m[1]) !== ops) return `there are ${ops} operators`;
          if (Number(m[2]) !== this.sub + 1) return `this was ANS${this.sub + 1}`;
          const more = this.sub + 1 < ops;
          if ((m[3] as string).startsWith("there are more") !== more) return more ? "there are more operators" : "the problem is complete";
          const value = BigInt(c.a.join(""));
          const acc = this.terms.slice(0, this.sub + 2).reduce((x, y) => x + y, 0n);
          if (value !== acc) return `ANS${this.sub + 1} is ${acc}, not ${value}`;
          this.ans.push(value);
          if (more) this.sub++;
          return undefined;
        },
      ],
    ];
  }

  private mulDigit(m: RegExpExecArray): string | undefined {
    if (m[1] !== "SN") return "not a step of this algorithm";
    const p = this.problem as { a: bigint; b: bigint };
    const sn = digitsOfText(String(p.b));
    if (this.mul.digit >= 0) return "the previous digit product is not finished";
    if (Number(m[2]) !== this.mul.i || this.mul.i < 1) return `the next digit of SN is SN[${this.mul.i}]`;
    const d = sn[this.mul.i - 1] as number;
    if (Number(m[3]) !== d) return `SN[${this.mul.i}] is ${d}`;
    this.mul.digit = d;
    this.mul.pos = String(p.a).length;
    this.mul.carry = 0;
    this.mul.product = [];
    return undefined;
  }

  private mulRules(): Rule[] {
    const p = this.problem as { a: bigint; b: bigint };
    const fn = () => digitsOfText(String(p.a));
    const mul = this.mul;
    const finishDigit = () => {
      mul.digit = -1;
      mul.i--;
    };
    return [
      [
        /^Since SN \[([\d,]*)\] has (\d+) digits, we multiply FN by each digit of SN, starting from the end of SN, and append one more 0 at each step\.$/,
        (m) => {
          const sn = digitsOfText(String(p.b));
          if (!same(list(m[1] as string), sn)) return `SN is ${show(sn)}`;
          return Number(m[2]) === sn.length ? undefined : `SN has ${sn.length} digits`;
        },
      ],
      [
        /^Since (the digit|FN) is 0, this partial product is 0 and we skip it\.$/,
        () => {
          if (mul.digit !== 0 && p.a !== 0n) return "this partial product is not 0";
          finishDigit();
          return undefined;
        },
      ],
      [
        /^We multiply FN=\[([\d,]*)\] by (\d)\.$/,
        (m) => {
          if (mul.digit < 0) return "which digit of SN is being used was not stated";
          if (!same(list(m[1] as string), fn())) return `FN is ${show(fn())}`;
          return Number(m[2]) === mul.digit ? undefined : `the digit is ${mul.digit}`;
        },
      ],
      [
        /^(\d+)\*(\d+)\+(\d+)=(\d+), (\d+)%10=(\d+), C=(\d+)\.$/,
        (m) => {
          const [x, d, c, s, s2, e, k] = [1, 2, 3, 4, 5, 6, 7].map((i) => Number(m[i]));
          if (mul.digit < 0 || mul.pos < 1) return "not a step of this algorithm here";
          const wx = fn()[mul.pos - 1] as number;
          if (x !== wx || d !== mul.digit) return `the factors are ${wx} and ${mul.digit}`;
          if (c !== mul.carry) return `the carry is ${mul.carry}`;
          const sum = wx * mul.digit + mul.carry;
          if (s !== sum || s2 !== sum) return `${wx}*${mul.digit}+${mul.carry} is ${sum}`;
          if (e !== sum % 10) return `${sum}%10 is ${sum % 10}`;
          if (k !== Math.floor(sum / 10)) return `the carry is ${Math.floor(sum / 10)}`;
          mul.product.unshift(e);
          mul.carry = k;
          mul.pos--;
          return undefined;
        },
      ],
      [
        /^There are no more digits, but C=(\d+)\.$/,
        (m) => {
          if (mul.digit < 0 || mul.pos !== 0) return "digits of FN are left";
          if (mul.carry === 0 || Number(m[1]) !== mul.carry) return `C is ${mul.carry}`;
          mul.product.unshift(mul.carry);
          mul.carry = 0;
          return undefined;
        },
      ],
      [
        /^Thus \[([\d,]*)\]\*(\d)=\[([\d,]*)\]\.$/,
        (m) => {
          if (mul.digit < 0 || mul.pos !== 0 || mul.carry !== 0) return "the digit product is not finished";
          const want = digitsOfText(String(p.a * BigInt(mul.digit)));
          if (!same(list(m[1] as string), fn()) || Number(m[2]) !== mul.digit) return `this is ${show(fn())}*${mul.digit}`;
          return same(list(m[3] as string), want) ? undefined : `${p.a}*${mul.digit} is ${show(want)}`;
        },
      ],
      [
        /^Appending (\d+) zeros?, P(\d+)=\[([\d,]*)\]\.$/,
        (m) => {
          if (mul.digit < 0) return "no digit product to shift";
          const shift = String(p.b).length - mul.i;
          if (Number(m[1]) !== shift) return `this partial product is shifted by ${shift}`;
          if (Number(m[2]) !== mul.partials.length + 1) return `this is P${mul.partials.length + 1}`;
          const value = p.a * BigInt(mul.digit) * 10n ** BigInt(shift);
          if (!same(list(m[3] as string), digitsOfText(String(value)))) return `P${mul.partials.length + 1} is ${value}`;
          mul.partials.push(value);
          finishDigit();
          return undefined;
        },
      ],
      [
        /^Now we add the partial products with the addition algorithm: Problem: ([\d+]+)=$/,
        (m) => {
          if (mul.i !== 0) return "digits of SN are left";
          const want = mul.partials.join("+");
          if (m[1] !== want) return `the partial products are ${want}`;
          this.terms = [...mul.partials];
          return undefined;
        },
      ],
      [
        /^Since (?:there is only one partial product|every partial product is 0), the final Answer is \[([\d,]*)\]\.$/,
        (m) => {
          if (mul.i !== 0) return "digits of SN are left";
          if (mul.partials.length > 1) return `there are ${mul.partials.length} partial products to add`;
          return this.finalAnswer(false, list(m[1] as string));
        },
      ],
    ];
  }

  private parityRules(): Rule[] {
    const par = this.par;
    const bits = (s: string) => list(s);
    return [
      [
        /^Q: What is the parity on the list a=\[([\d,\s]*)\]\?$/,
        (m) => {
          const p = this.problem;
          if (p.task !== "parity") return "not a step of this algorithm";
          return same(bits(m[1] as string), p.bits) ? undefined : `the list is [${p.bits.join(", ")}]`;
        },
      ],
      [/^(?:A: )?We initialize s=0\.$/, () => (this.problem.task === "parity" && par.s === 0 ? undefined : "not a step here")],
      [
        /^a=\[([\d,\s]*)\]\.$/,
        (m) => {
          if (par.b >= 0) return "the previous step is not finished";
          if (par.rest.length === 0) return "the list is empty now";
          return same(bits(m[1] as string), par.rest) ? undefined : `a is [${par.rest.join(", ")}] now`;
        },
      ],
      [
        /^The first element of a is (\d+) so b=(\d+)\.$/,
        (m) => {
          const first = par.rest[0];
          if (first === undefined) return "the list is empty";
          if (Number(m[1]) !== first || Number(m[2]) !== first) return `the first element is ${first}, so b=${first}`;
          par.b = first;
          return undefined;
        },
      ],
      [
        /^s = s \+ b = (\d+) \+ (\d+) = (\d+)\.$/,
        (m) => {
          if (par.b < 0) return "b was not taken from the list";
          if (Number(m[1]) !== par.s || Number(m[2]) !== par.b) return `s + b = ${par.s} + ${par.b}`;
          const next = (par.s + par.b) % 2;
          if (Number(m[3]) !== next) return `${par.s} + ${par.b} is ${next} (mod 2)`;
          par.stated = true;
          return undefined;
        },
      ],
      [
        /^s=(\d+)\.$/,
        (m) => {
          if (!par.stated) return "s was not updated in this step";
          const next = (par.s + par.b) % 2;
          if (Number(m[1]) !== next) return `s is ${next}`;
          par.s = next;
          par.b = -1;
          par.stated = false;
          par.rest = par.rest.slice(1);
          return undefined;
        },
      ],
      [/^a=\[\] is empty\.$/, () => (par.rest.length === 0 && par.b < 0 ? undefined : `a is [${par.rest.join(", ")}], not empty`)],
      [
        /^Since the list a is empty and we have s=(\d+), the parity is (\d+)\.?$/,
        (m) => {
          if (par.rest.length > 0) return `a is [${par.rest.join(", ")}], not empty`;
          if (Number(m[1]) !== par.s) return `s is ${par.s}`;
          this.done = true;
          const got = BigInt(m[2] as string);
          return got === this.expected ? undefined : `the parity is ${this.expected}`;
        },
      ],
    ];
  }
}

function truth(p: Problem): bigint {
  if (p.task === "parity") return BigInt(p.bits.filter((b) => b === 1).length % 2);
  return p.task === "addition" ? p.a + p.b : p.task === "subtraction" ? p.a - p.b : p.a * p.b;
}

/**
 * Checks a trace of `problem` in the algorithmic format, sentence by sentence, and returns the first
 * wrong step. `trace` may be the whole trace (from `Problem:` or `Q:`) or only the model's continuation
 * after the prompt's `Explanation:` / `A:`. Text after the final answer is ignored.
 * @example checkTrace({ task: "addition", a: 128n, b: 367n }, modelOutput).firstError?.message
 * // e.g. "8+7+0 is 15, not 16"
 */
export function checkTrace(problem: Problem, trace: string): TraceCheck {
  const expected = truth(problem);
  const checker = new Checker(problem, expected);
  const sentences = splitSentences(trace);
  let checked = 0;
  for (const s of sentences) {
    checked++;
    const message = checker.check(s.text);
    if (message !== undefined) return { ok: false, checked, firstError: { ...s, message }, expected: String(expected) };
    if (checker.done) return { ok: true, checked, expected: String(expected) };
  }
  const lastLine = trace.split("\n").length - 1;
  return {
    ok: false,
    checked,
    firstError: {
      index: sentences.length,
      line: Math.max(0, lastLine),
      start: trace.length,
      end: trace.length,
      text: "",
      message: "the trace stops before its final answer",
    },
    expected: String(expected),
  };
}
