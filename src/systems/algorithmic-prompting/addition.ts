/**
 * The paper's addition algorithm as text, generated from two integers: the first-number/second-number
 * line, one line per digit (lengths, the digits taken from the end, the carry `C[i]`, the sum, the
 * comparison with 10, the new answer list `A`, the next carry) and the closing sentence. For two
 * operands the text is exactly the transcription in the brief (`15>10`, `10=10`, `9<10`, indices from
 * the left); for three or more, the multi-operator form with `ANS1`, `ANS2`, … that the tool-use demos
 * use and multiplication composes with.
 * @module
 */
import { columnStepOpening, digitList, digitsOf } from "./digits.js";

/** How `s` compares with 10, in the paper's words (`15>10`, `10=10`, `9<10`). */
function compareWithTen(s: number): string {
  return s > 10 ? `${s}>10` : s === 10 ? "10=10" : `${s}<10`;
}

/** The digit lines of one two-operand addition, from "The first number is" to the end-of-digits sentence. */
function additionSteps(a: bigint, b: bigint, firstName: string, secondName: string): { lines: string[]; answer: number[]; carry: number } {
  let fn = digitsOf(a);
  let sn = digitsOf(b);
  const max = Math.max(fn.length, sn.length);
  const lines = [
    `The first number is ${firstName}, FN=${digitList(fn)}. The second number is ${secondName}, SN=${digitList(sn)}. Since FN ${digitList(fn)} has ${fn.length} digits, SN ${digitList(sn)} has ${sn.length} digits, thus the maximum number of digits is ${max}. In each subsequent step, we remove one number from the end of FN and one from the end of SN.`,
  ];
  const answer: number[] = [];
  let carry = 0;
  for (let i = max; i >= 1; i--) {
    const x = fn.length ? (fn[fn.length - 1] as number) : 0;
    const y = sn.length ? (sn[sn.length - 1] as number) : 0;
    const s = x + y + carry;
    const d = s % 10;
    const next = (s - d) / 10;
    answer.unshift(d);
    lines.push(
      [
        ...columnStepOpening(fn, sn, i),
        `C[${i}]=${carry}.`,
        `Since ${x}+${y}+${carry}=${s}, ${compareWithTen(s)}, ${s}%10=${d}.`,
        `Length of A is ${answer.length}. Thus A=${digitList(answer)}.`,
        `Since (${s}-${d})/10=${next}, C[${i - 1}]=${next}.`,
      ].join(" "),
    );
    fn = fn.slice(0, -1);
    sn = sn.slice(0, -1);
    carry = next;
  }
  return { lines, answer, carry };
}

/**
 * The worked addition trace for `a + b` in the paper's format, from `Problem: a+b=` to
 * `The final Answer is [..].` Operands must be non-negative; any length works.
 * @example additionTrace(128n, 367n).split("\n").at(-1)
 * // "Length of FN is 1. … There are no more digits and C[0]=0. … The final Answer is [4,9,5]."
 */
export function additionTrace(a: bigint, b: bigint): string {
  const { lines, answer, carry } = additionSteps(a, b, String(a), String(b));
  const out = [`Problem: ${a}+${b}=`, "Explanation:", ...lines];
  const last = out.length - 1;
  if (carry === 0)
    out[last] +=
      " There are no more digits and C[0]=0. Thus the process is complete. Since there are no more operators, the problem is complete. The final Answer is " +
      `${digitList(answer)}.`;
  else {
    answer.unshift(carry);
    out[last] +=
      ` There are no more digits, but C[0]=${carry}. Length of A is ${answer.length}. Thus A=${digitList(answer)}. The final Answer is ${digitList(answer)}.`;
  }
  return out.join("\n");
}

/**
 * The multi-operator addition body (the lines after `Explanation:`) for `terms[0] + terms[1] + …`:
 * "The subproblems are a+b=ANS1, ANS1+c=ANS2. There are 2 connecting operators.", then one
 * `Subproblem:` block per operator, each ending with either "there are more operators to process. The
 * new FN is [..]." or "the problem is complete. The final Answer is [..]." Needs at least two terms.
 */
export function multiAdditionLines(terms: readonly bigint[]): string[] {
  if (terms.length < 2) throw new RangeError("multiAdditionLines needs at least two terms");
  const ops = terms.length - 1;
  const names = (k: number) => (k === 0 ? String(terms[0]) : `ANS${k}`);
  const subproblems = terms.slice(1).map((t, k) => `${names(k)}+${t}=ANS${k + 1}`);
  const lines = [
    `The subproblems are ${subproblems.join(", ")}. ${ops === 1 ? "There is 1 connecting operator." : `There are ${ops} connecting operators.`}`,
  ];
  let acc = terms[0] as bigint;
  for (let k = 0; k < ops; k++) {
    const term = terms[k + 1] as bigint;
    lines.push(`Subproblem: ${subproblems[k]}`);
    const { lines: body, answer, carry } = additionSteps(acc, term, names(k), String(term));
    lines.push(...body);
    const last = lines.length - 1;
    if (carry === 0) lines[last] += " There are no more digits and C[0]=0.";
    else {
      answer.unshift(carry);
      lines[last] += ` There are no more digits, but C[0]=${carry}. Length of A is ${answer.length}. Thus A=${digitList(answer)}.`;
    }
    const operators = ops === 1 ? "there is 1 operator" : `there are ${ops} operators`;
    lines[last] +=
      k + 1 < ops
        ? ` Thus the process is complete. Since ${operators} and we processed up to ANS${k + 1}, there are more operators to process. The new FN is ${digitList(answer)}.`
        : ` Thus the process is complete. Since ${operators} and we processed up to ANS${k + 1}, the problem is complete. The final Answer is ${digitList(answer)}.`;
    acc += term;
  }
  return lines;
}

/** The multi-operator addition trace: `Problem: a+b+c=`, `Explanation:`, then {@link multiAdditionLines}. */
export function multiAdditionTrace(terms: readonly bigint[]): string {
  return [`Problem: ${terms.join("+")}=`, "Explanation:", ...multiAdditionLines(terms)].join("\n");
}
