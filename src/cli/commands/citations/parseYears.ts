import { UsageError } from "../../../core/index.js";

/** Parses `--years 2012-2021` or `--years 2020` into an inclusive range. */
export function parseYears(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d{4})\s*(?:[-–:]\s*(\d{4}))?\s*$/.exec(text);
  if (!m) throw new UsageError(`--years needs YEAR or FIRST-LAST (e.g. 2012-2021); got "${text}".`);
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  if (a > b) throw new UsageError(`--years ${text}: the first year is after the last; write ${b}-${a}.`);
  return [a, b];
}
