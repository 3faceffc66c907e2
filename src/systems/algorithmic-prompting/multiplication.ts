/**
 * Multiplication by skill composition: the first number is multiplied by each digit of the second
 * (one explicit carry step per digit), each partial product is shifted by appending zeros, and the
 * partial products are added with the multi-operator addition algorithm already in the prompt (`ANS1`,
 * `ANS2`, …). No verbatim copy of the paper's multiplication prompt survives, so the wording of the
 * digit-product lines is yomikai's; the addition part is the paper's.
 * @module
 */
import { multiAdditionLines } from "./addition.js";
import { digitList, digitsOf } from "./digits.js";

/** One line: `FN` times a single digit, least significant digit first, with the carry `C`. */
function digitProductLine(fn: readonly number[], digit: number): { line: string; product: number[] } {
  const parts = [`We multiply FN=${digitList(fn)} by ${digit}.`];
  const product: number[] = [];
  let carry = 0;
  for (let i = fn.length - 1; i >= 0; i--) {
    const x = fn[i] as number;
    const s = x * digit + carry;
    const d = s % 10;
    const next = (s - d) / 10;
    parts.push(`${x}*${digit}+${carry}=${s}, ${s}%10=${d}, C=${next}.`);
    product.unshift(d);
    carry = next;
  }
  if (carry > 0) {
    parts.push(`There are no more digits, but C=${carry}.`);
    product.unshift(carry);
  }
  parts.push(`Thus ${digitList(fn)}*${digit}=${digitList(product)}.`);
  return { line: parts.join(" "), product };
}

/**
 * The worked multiplication trace for `a * b` (non-negative operands, any length), from
 * `Problem: a*b=` to `The final Answer is [..].`
 * @example multiplicationTrace(128n, 367n).endsWith("The final Answer is [4,6,9,7,6].") // true
 */
export function multiplicationTrace(a: bigint, b: bigint): string {
  const fn = digitsOf(a);
  const sn = digitsOf(b);
  const lines = [
    `Problem: ${a}*${b}=`,
    "Explanation:",
    `The first number is ${a}, FN=${digitList(fn)}. The second number is ${b}, SN=${digitList(sn)}. Since SN ${digitList(sn)} has ${sn.length} digits, we multiply FN by each digit of SN, starting from the end of SN, and append one more 0 at each step.`,
  ];
  const partials: bigint[] = [];
  for (let i = sn.length; i >= 1; i--) {
    const digit = sn[i - 1] as number;
    const shift = sn.length - i;
    if (digit === 0 || a === 0n) {
      lines.push(`SN[${i}]=${digit}. Since ${digit === 0 ? "the digit" : "FN"} is 0, this partial product is 0 and we skip it.`);
      continue;
    }
    const { line, product } = digitProductLine(fn, digit);
    const shifted = [...product, ...new Array<number>(shift).fill(0)];
    const k = partials.length + 1;
    lines.push(`SN[${i}]=${digit}. ${line} Appending ${shift} ${shift === 1 ? "zero" : "zeros"}, P${k}=${digitList(shifted)}.`);
    partials.push(BigInt(shifted.join("")));
  }
  if (partials.length === 0) lines.push("Since every partial product is 0, the final Answer is [0].");
  else if (partials.length === 1)
    lines.push(`Since there is only one partial product, the final Answer is ${digitList(digitsOf(partials[0] as bigint))}.`);
  else {
    lines.push(`Now we add the partial products with the addition algorithm: Problem: ${partials.join("+")}=`);
    lines.push(...multiAdditionLines(partials));
  }
  return lines.join("\n");
}
