/**
 * The paper's parity algorithm as text: the running sum `s` of a bit list, updated modulo 2 one element
 * at a time, restating the remaining list at each step (the brief's transcription, with the dropped
 * `0` of "We initialize s=0" restored).
 * @module
 */
import { InvalidInputError, type Rng } from "../../core/index.js";

/** A bit list as the parity prompt writes it: `[1, 1, 0]` (comma and space). */
export function bitList(bits: readonly number[]): string {
  return `[${bits.join(", ")}]`;
}

/** The parity question line: `Q: What is the parity on the list a=[1, 1, 0, 1, 0]?` */
export function parityQuestion(bits: readonly number[]): string {
  return `Q: What is the parity on the list a=${bitList(bits)}?`;
}

/** Checks a user-given bit list (`"1,1,0"` or `"[1, 1, 0]"`) and returns the bits. */
export function parseBits(text: string): number[] {
  const t = text.trim().replace(/^\[|\]$/g, "");
  if (t === "") return [];
  const parts = t.split(/\s*,\s*|\s+/);
  if (!parts.every((p) => p === "0" || p === "1"))
    throw new InvalidInputError(`A parity list holds only 0s and 1s separated by commas (e.g. 1,1,0,1,0), got "${text}".`);
  return parts.map(Number);
}

/** A seeded random bit list of `length` elements. */
export function randomBits(rng: Rng, length: number): number[] {
  return Array.from({ length }, () => rng.int(2));
}

/**
 * The worked parity trace, from the question to "…, the parity is p" (no closing period, as in the paper).
 * @example parityTrace([1, 1, 0, 1, 0]).endsWith("the parity is 1") // true
 */
export function parityTrace(bits: readonly number[]): string {
  const lines = [parityQuestion(bits), "A: We initialize s=0."];
  let s = 0;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i] as number;
    const next = (s + b) % 2;
    lines.push(`a=${bitList(bits.slice(i))}. The first element of a is ${b} so b=${b}. s = s + b = ${s} + ${b} = ${next}. s=${next}.`);
    s = next;
  }
  lines.push(`a=[] is empty. Since the list a is empty and we have s=${s}, the parity is ${s}`);
  return lines.join("\n");
}
