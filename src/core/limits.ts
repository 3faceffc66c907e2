/**
 * Option limits as data, so the CLI flags and the web pages accept exactly the same values: a system
 * exports `<NAME>_DEFAULTS` and `<NAME>_LIMITS`; the CLI turns a limit into a flag's `min`/`max`/
 * `integer`/`exclusiveMin` (spread the limit into the flag spec), a page checks a request field with {@link checkNumber}.
 * @module
 */
import { InvalidInputError } from "./errors.js";

/** The accepted range of one numeric option. */
export interface NumberLimit {
  /** Smallest accepted value (see {@link NumberLimit.exclusiveMin}). */
  min?: number;
  /** Largest accepted value, inclusive. */
  max?: number;
  /** Only whole numbers. Defaults to `false`. */
  integer?: boolean;
  /** `min` itself is refused (values must be greater). Defaults to `false`. */
  exclusiveMin?: boolean;
}

/** Seeds everywhere: a whole number from 0 to 2³² − 1. */
export const SEED_LIMIT: NumberLimit = { min: 0, max: 2 ** 32 - 1, integer: true };

/** "a whole number from 1 to 512", "a number above 0", … */
export function describeLimit(limit: NumberLimit): string {
  const kind = limit.integer ? "a whole number" : "a number";
  const lo = limit.min;
  const hi = limit.max;
  if (lo !== undefined && hi !== undefined) return `${kind} ${limit.exclusiveMin ? `above ${lo} up to` : `from ${lo} to`} ${hi}`;
  if (lo !== undefined) return `${kind} ${limit.exclusiveMin ? "above" : "of at least"} ${lo}`;
  if (hi !== undefined) return `${kind} of at most ${hi}`;
  return kind;
}

/** True when `n` is within `limit`. */
export function withinLimit(n: number, limit: NumberLimit): boolean {
  if (!Number.isFinite(n)) return false;
  if (limit.integer && !Number.isInteger(n)) return false;
  if (limit.min !== undefined && (limit.exclusiveMin ? n <= limit.min : n < limit.min)) return false;
  if (limit.max !== undefined && n > limit.max) return false;
  return true;
}

/**
 * A numeric field of a request: `undefined`, `null` or `""` give `fallback`; a number (or numeric
 * string) within `limit` is returned; anything else throws one line naming the field and the range.
 */
export function checkNumber(value: unknown, name: string, limit: NumberLimit, fallback: number): number {
  if (value === undefined || value === null || value === "") return fallback;
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  if (!withinLimit(n, limit))
    throw new InvalidInputError(`${name} must be ${describeLimit(limit)}; got ${JSON.stringify(value)}. Leave it empty for ${fallback}.`);
  return n;
}

/** A string field that must be one of `choices`; missing or empty gives `fallback`. */
export function checkChoice<T extends string>(value: unknown, name: string, choices: readonly T[], fallback: T): T {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value))
    throw new InvalidInputError(`${name} must be one of ${choices.join(", ")}; got ${JSON.stringify(value)}.`);
  return value as T;
}
