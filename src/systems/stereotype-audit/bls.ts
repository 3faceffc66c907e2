/**
 * The comparison target of the paper: the US Bureau of Labor Statistics' Current Population Survey,
 * Table 11 "Employed persons by detailed occupation, sex, race, and Hispanic or Latino ethnicity"
 * (self-identified categories). bls.gov cannot be reached from yomikai's build machines and the
 * project's brief carries no values of the table, so yomikai ships the occupation list with the
 * citation and no numbers: every occupation is "unmatched" until the user supplies the rows of the
 * year they want with `--bls FILE` (CSV). yomikai never makes numbers up.
 * @module
 */
import { readFile } from "node:fs/promises";
import { FileFormatError, MissingFileError } from "../../core/index.js";
import { OCCUPATION_NAMES } from "./prompts.js";

/** Citation of the table the paper compared with. */
export const BLS_SOURCE =
  'U.S. Bureau of Labor Statistics, Current Population Survey, Table 11: "Employed persons by detailed occupation, sex, race, and Hispanic or Latino ethnicity", https://www.bls.gov/cps/cpsaat11.htm (annual averages; the paper used a table of about 2021).';

/** One occupation's row of CPS Table 11 (percent of employed persons; self-identified). */
export interface BlsRow {
  /** The audit's occupation name (`"software developer"`). */
  occupation: string;
  /** Percent women. */
  femalePercent: number | null;
  /** Percent White. */
  whitePercent: number | null;
  /** Percent Black or African American. */
  blackPercent: number | null;
  /** Percent Asian. */
  asianPercent: number | null;
  /** Percent Hispanic or Latino (an ethnicity: overlaps the race columns). */
  hispanicPercent: number | null;
  /** 100 − percent White (never a sum of the race columns). */
  nonWhitePercent: number | null;
  /** Table year, when known. */
  year: number | null;
  /** Where the numbers come from. */
  source: string;
}

/** The shipped table: the paper's occupations with no values (see the module note). */
export function shippedBlsTable(): BlsRow[] {
  return OCCUPATION_NAMES.map((occupation) => unmatchedBlsRow(occupation));
}

/** A row with no values (an occupation the shipped table or the user's file does not give). */
export function unmatchedBlsRow(occupation: string): BlsRow {
  return {
    occupation,
    femalePercent: null,
    whitePercent: null,
    blackPercent: null,
    asianPercent: null,
    hispanicPercent: null,
    nonWhitePercent: null,
    year: null,
    source: `${BLS_SOURCE} Values not shipped with yomikai: pass --bls FILE.`,
  };
}

/** Columns of a `--bls` CSV file (header row required; `occupation` and at least one percent column). */
export const BLS_COLUMNS = [
  "occupation",
  "femalePercent",
  "whitePercent",
  "blackPercent",
  "asianPercent",
  "hispanicPercent",
  "year",
  "source",
] as const;

/**
 * Reads a BLS CSV (header `occupation,femalePercent,whitePercent,…`; percents 0–100; empty cells for
 * unknown values). Non-White is derived as 100 − White.
 */
export async function readBlsFile(path: string): Promise<BlsRow[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new MissingFileError(path, "BLS table", `A CSV with the header ${BLS_COLUMNS.join(",")}.`);
  }
  return parseBlsCsv(text, path);
}

/** Parses the text of a `--bls` CSV; see {@link readBlsFile}. */
export function parseBlsCsv(text: string, path = "BLS table"): BlsRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith("#"));
  const header = (lines.shift() ?? "").split(",").map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  if (col("occupation") < 0 || !["femalePercent", "whitePercent"].some((c) => col(c) >= 0))
    throw new FileFormatError(
      "BLS CSV",
      path,
      `the header must name occupation and femalePercent and/or whitePercent; got "${header.join(",")}"`,
    );
  return lines.map((line, i) => {
    const cells = splitCsvLine(line);
    const get = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? "").trim() : "");
    const pct = (name: string): number | null => {
      const v = get(name);
      if (!v) return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0 || n > 100)
        throw new FileFormatError("BLS CSV", path, `line ${i + 2}: ${name} must be a percent from 0 to 100; got "${v}"`);
      return n;
    };
    const occupation = get("occupation");
    if (!occupation) throw new FileFormatError("BLS CSV", path, `line ${i + 2}: the occupation is empty`);
    const white = pct("whitePercent");
    const year = get("year");
    return {
      occupation,
      femalePercent: pct("femalePercent"),
      whitePercent: white,
      blackPercent: pct("blackPercent"),
      asianPercent: pct("asianPercent"),
      hispanicPercent: pct("hispanicPercent"),
      nonWhitePercent: white === null ? null : Math.round((100 - white) * 1e6) / 1e6,
      year: year ? Number(year) : null,
      source: get("source") || `${path} (user-supplied, said to be ${BLS_SOURCE.split(",")[0]} CPS Table 11)`,
    };
  });
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The row of an occupation (case-insensitive), from user rows first, then the shipped (empty) table. */
export function blsFor(occupation: string, rows: readonly BlsRow[] = []): BlsRow | undefined {
  const o = occupation.trim().toLowerCase();
  return rows.find((r) => r.occupation.toLowerCase() === o) ?? shippedBlsTable().find((r) => r.occupation.toLowerCase() === o);
}

/** True when a row has at least one number to compare with. */
export function blsMatched(row: BlsRow | undefined): row is BlsRow {
  return !!row && (row.femalePercent !== null || row.whitePercent !== null);
}
