/**
 * Subtraction in the style of the paper's addition algorithm, generated from two integers. The only
 * surviving copy of the paper's subtraction prompt is internally inconsistent (see the brief), so this
 * is yomikai's own, self-consistent formulation of the same idea: the sign is settled first (a smaller
 * first number swaps the operands and the answer gets a minus sign), then one line per digit with an
 * explicit borrow `B[i]` in place of the carry, then the leading zeros are removed.
 * @module
 */
import { columnStepOpening, digitList, digitsOf } from "./digits.js";

/**
 * The worked subtraction trace for `a - b` (non-negative operands, any length), from `Problem: a-b=`
 * to `The final Answer is [..].` (or `-[..]` when `a < b`).
 * @example subtractionTrace(483n, 389n).endsWith("The final Answer is [9,4].") // true
 */
export function subtractionTrace(a: bigint, b: bigint): string {
  const negative = a < b;
  const [top, bottom] = negative ? [b, a] : [a, b];
  let fn = digitsOf(top);
  let sn = digitsOf(bottom);
  const fa = digitsOf(a);
  const sa = digitsOf(b);
  const max = Math.max(fa.length, sa.length);
  const relation = a > b ? `${a}>${b}` : a === b ? `${a}=${b}` : `${a}<${b}`;
  const head = `The first number is ${a}, FN=${digitList(fa)}. The second number is ${b}, SN=${digitList(sa)}. Since FN ${digitList(fa)} has ${fa.length} digits, SN ${digitList(sa)} has ${sa.length} digits, thus the maximum number of digits is ${max}.`;
  const sign = negative
    ? ` Since ${relation}, the answer is negative: we compute ${b}-${a} and put a minus sign in front. The new FN is ${digitList(fn)}. The new SN is ${digitList(sn)}.`
    : ` Since ${relation}, the answer is not negative.`;
  const lines = [
    `Problem: ${a}-${b}=`,
    "Explanation:",
    `${head}${sign} In each subsequent step, we remove one number from the end of FN and one from the end of SN.`,
  ];
  const answer: number[] = [];
  let borrow = 0;
  for (let i = Math.max(fn.length, sn.length); i >= 1; i--) {
    const x = fn.length ? (fn[fn.length - 1] as number) : 0;
    const y = sn.length ? (sn[sn.length - 1] as number) : 0;
    const s = x - y - borrow;
    const d = s < 0 ? s + 10 : s;
    const next = s < 0 ? 1 : 0;
    answer.unshift(d);
    lines.push(
      [
        ...columnStepOpening(fn, sn, i),
        `B[${i}]=${borrow}.`,
        s < 0 ? `Since ${x}-${y}-${borrow}=${s}, ${s}<0, ${s}+10=${d}.` : `Since ${x}-${y}-${borrow}=${s}, ${s}>=0, ${s}+0=${d}.`,
        `Length of A is ${answer.length}. Thus A=${digitList(answer)}.`,
        `Since ${s}${s < 0 ? "<0" : ">=0"}, B[${i - 1}]=${next}.`,
      ].join(" "),
    );
    fn = fn.slice(0, -1);
    sn = sn.slice(0, -1);
    borrow = next;
  }
  let trimmed = answer;
  while (trimmed.length > 1 && trimmed[0] === 0) trimmed = trimmed.slice(1);
  const last = lines.length - 1;
  lines[last] += ` There are no more digits and B[0]=0. Thus the process is complete.`;
  if (trimmed.length !== answer.length)
    lines[last] += ` Removing the leading zeros of A=${digitList(answer)}, we have A=${digitList(trimmed)}.`;
  lines[last] +=
    ` Since there are no more operators, the problem is complete. The final Answer is ${negative ? "-" : ""}${digitList(trimmed)}.`;
  return lines.join("\n");
}
