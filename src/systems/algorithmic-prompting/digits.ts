/**
 * Numbers as the paper writes them: digit lists (`[1,2,8]`), BigInt throughout so operands of any length
 * stay exact, and seeded sampling of n-digit operands.
 * @module
 */
import { InvalidInputError, type Rng } from "../../core/index.js";

/** The decimal digits of a non-negative integer, most significant first (`128n` → `[1, 2, 8]`). */
export function digitsOf(n: bigint): number[] {
  if (n < 0n) throw new InvalidInputError(`Expected a non-negative number, got ${n}.`);
  return n.toString().split("").map(Number);
}

/** A digit list in the paper's compact form: `[1,2,8]` (no spaces). */
export function digitList(digits: readonly number[]): string {
  return `[${digits.join(",")}]`;
}

/** The integer a digit list spells (`[]` is 0). */
export function fromDigits(digits: readonly number[]): bigint {
  return digits.length === 0 ? 0n : BigInt(digits.join(""));
}

/**
 * Parses a non-negative decimal integer given by a user (`"000"` is refused: operands have no leading zeros).
 * @throws InvalidInputError naming `what` when the text is not a plain decimal number.
 */
export function parseOperand(text: string, what: string): bigint {
  const t = text.trim();
  if (!/^(0|[1-9]\d*)$/.test(t))
    throw new InvalidInputError(`${what} must be a non-negative whole number without leading zeros (e.g. 128), got "${text}".`);
  return BigInt(t);
}

/** A uniformly random integer with exactly `digits` decimal digits (1 digit: 0–9; leading digit never 0 otherwise). */
export function randomOperand(rng: Rng, digits: number): bigint {
  if (!(Number.isInteger(digits) && digits >= 1)) throw new InvalidInputError(`Digit counts start at 1, got ${digits}.`);
  let s = digits === 1 ? String(rng.int(10)) : String(1 + rng.int(9));
  for (let i = 1; i < digits; i++) s += String(rng.int(10));
  return BigInt(s);
}

/**
 * The opening sentences of one digit step of the column algorithms (addition, subtraction): the
 * lengths and contents of FN and SN, then the digits taken from their ends at index `i` (or "FN is
 * empty."), e.g. `Length of FN is 3. FN=[1,2,8]. Length of SN is 3. SN=[3,6,7]. FN[3]=8. SN[3]=7.`
 */
export function columnStepOpening(fn: readonly number[], sn: readonly number[], i: number): string[] {
  return [
    `Length of FN is ${fn.length}. FN=${digitList(fn)}.`,
    `Length of SN is ${sn.length}. SN=${digitList(sn)}.`,
    fn.length ? `FN[${i}]=${fn[fn.length - 1]}.` : "FN is empty.",
    sn.length ? `SN[${i}]=${sn[sn.length - 1]}.` : "SN is empty.",
  ];
}
