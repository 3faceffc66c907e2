/**
 * Country fallback for institutions that OpenAlex gives without a `country_code`: a name → country
 * table built from the bundled university list (Hipo/university-domains-list, MIT; see
 * `assets/universities/SOURCE.md`) plus a small alias table. Names that the list gives to more than
 * one country are left out, so a match is never a guess between countries.
 * @module
 */
import { fileURLToPath } from "node:url";
import { FileFormatError, readJsonFile } from "../../core/index.js";

/** A name → ISO alpha-2 lookup. */
export interface UniversityCountries {
  /** The country of an institution name, or undefined when unknown or ambiguous. */
  countryOf(name: string): string | undefined;
  /** Names in the table (after normalisation). */
  readonly size: number;
  /** Normalised names dropped because the list gives them to several countries. */
  readonly ambiguous: number;
  readonly source: string;
}

/** The bundled list (copied unchanged from the shared data folder). */
export const BUNDLED_UNIVERSITIES = new URL("./assets/universities/world_universities_and_domains.json", import.meta.url);

/** Common short forms → the list's names. */
export const UNIVERSITY_ALIASES: Record<string, string> = {
  "uc berkeley": "University of California, Berkeley",
  ucla: "University of California, Los Angeles",
  ucsd: "University of California, San Diego",
  mit: "Massachusetts Institute of Technology",
  cmu: "Carnegie Mellon University",
  "eth zurich": "ETHZ - ETH Zurich",
  "eth zürich": "ETHZ - ETH Zurich",
  epfl: "EPFL - EPF Lausanne",
  ucl: "University College London, University of London",
  "university college london": "University College London, University of London",
  kaist: "Korea Advanced Institute of Science & Technology",
  nyu: "New York University",
};

/** Lower case, no accents, punctuation as spaces, no leading "the". */
export function normaliseInstitutionName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^the /, "");
}

interface UniversityRecord {
  name?: unknown;
  alpha_two_code?: unknown;
}

/** Builds the lookup from records shaped like the Hipo list. */
export function universityCountriesFromRecords(records: unknown, source = "inline"): UniversityCountries {
  if (!Array.isArray(records))
    throw new FileFormatError("university list", source, "expected a JSON array of {name, alpha_two_code} records");
  const byName = new Map<string, string | null>();
  const add = (raw: string, code: string) => {
    const key = normaliseInstitutionName(raw);
    if (!key) return;
    const before = byName.get(key);
    if (before === undefined) byName.set(key, code);
    else if (before !== code) byName.set(key, null);
  };
  for (const r of records as UniversityRecord[]) {
    if (!r || typeof r.name !== "string" || typeof r.alpha_two_code !== "string") continue;
    const code = r.alpha_two_code.toUpperCase();
    add(r.name, code);
    // "ETHZ - ETH Zurich": also register each side
    const parts = r.name.split(" - ");
    if (parts.length === 2) for (const p of parts) if (p.trim().length > 4) add(p, code);
  }
  for (const [alias, target] of Object.entries(UNIVERSITY_ALIASES)) {
    const code = byName.get(normaliseInstitutionName(target));
    if (code) byName.set(normaliseInstitutionName(alias), code);
  }
  let ambiguous = 0;
  for (const [k, v] of byName) {
    if (v === null) {
      byName.delete(k);
      ambiguous++;
    }
  }
  return {
    countryOf: (name) => byName.get(normaliseInstitutionName(name)) ?? undefined,
    size: byName.size,
    ambiguous,
    source,
  };
}

/** Loads a Hipo-shaped list (default: the bundled one). */
export async function loadUniversityCountries(path: string | URL = BUNDLED_UNIVERSITIES): Promise<UniversityCountries> {
  const p = path instanceof URL ? fileURLToPath(path) : path;
  return universityCountriesFromRecords(
    await readJsonFile(p, "University list"),
    path instanceof URL ? "bundled Hipo university list" : path,
  );
}
