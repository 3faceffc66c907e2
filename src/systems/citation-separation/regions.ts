/**
 * Country → region mapping: ISO 3166-1 alpha-2 codes to `us`, `cn`, `eu` (EU27 + EEA + UK + Switzerland)
 * or `other`. The map is data, so users can load their own from JSON.
 * @module
 */
import { FileFormatError, InvalidInputError, readJsonFile } from "../../core/index.js";

/** The four regions of the analysis, in the order every matrix uses. */
export const REGIONS = ["us", "cn", "eu", "other"] as const;

/** One region of the analysis. */
export type Region = (typeof REGIONS)[number];

/** EU member states (27, ISO codes; Greece is `GR`). */
export const EU27 = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
] as const;

/** EEA members outside the EU, plus the UK and Switzerland: with {@link EU27}, the default `eu` region. */
export const EU_EXTRA = ["IS", "LI", "NO", "GB", "CH"] as const;

/** Territories whose assignment to `cn` is a choice the user makes (`chinaIncludes`). */
export const CHINA_OPTIONAL = ["HK", "MO", "TW"] as const;

/**
 * A country → region table. Countries not listed are `other`; institutions with no country code stay
 * unresolved (they never default to `other`).
 */
export interface RegionMap {
  /** Upper-case ISO alpha-2 code → region. */
  readonly countries: ReadonlyMap<string, Region>;
  /** Where the map came from (`"default"`, or the JSON file's path), recorded in results. */
  readonly source: string;
}

/** Options of {@link createRegionMap}. */
export interface RegionMapOptions {
  /**
   * Extra codes counted as `cn`, from `HK`, `MO`, `TW` (a political choice the paper does not state).
   * Defaults to none: only `CN` is `cn`, and HK, MO and TW are `other`.
   */
  chinaIncludes?: readonly string[];
}

const ALIASES: Record<string, string> = { UK: "GB", EL: "GR" };

/** CLDR region codes that are not countries (Intl.DisplayNames knows them, ISO 3166-1 does not). */
const NOT_COUNTRIES = new Set(["EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"]);
let regionNames: Intl.DisplayNames | undefined;

/** True for an assigned ISO 3166-1 alpha-2 code (plus XK, Kosovo), after {@link normaliseCountry}. */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  regionNames ??= new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
  return regionNames.of(code) !== code;
}

/** Normalises a country code: trims, upper-cases, maps `UK`→`GB` and `EL`→`GR`. Empty → undefined. */
export function normaliseCountry(code: string | null | undefined): string | undefined {
  if (typeof code !== "string") return undefined;
  const c = code.trim().toUpperCase();
  if (c.length !== 2) return undefined;
  return ALIASES[c] ?? c;
}

/** The default map: `us` = US, `cn` = CN (+ `chinaIncludes`), `eu` = EU27 + IS, LI, NO, GB, CH. */
export function createRegionMap(options: RegionMapOptions = {}): RegionMap {
  const countries = new Map<string, Region>();
  countries.set("US", "us");
  countries.set("CN", "cn");
  for (const c of [...EU27, ...EU_EXTRA]) countries.set(c, "eu");
  for (const raw of options.chinaIncludes ?? []) {
    const c = normaliseCountry(raw);
    if (!c || !(CHINA_OPTIONAL as readonly string[]).includes(c)) {
      throw new InvalidInputError(
        `Only ${CHINA_OPTIONAL.join(", ")} can be counted as China (--china-includes / chinaIncludes); got "${raw}".`,
      );
    }
    countries.set(c, "cn");
  }
  const extra = options.chinaIncludes?.length ? ` +${options.chinaIncludes.map((c) => c.toUpperCase()).join(",")}→cn` : "";
  return { countries, source: `default${extra}` };
}

/**
 * Builds a map from JSON of the shape `{ "us": ["US"], "cn": ["CN", "HK"], "eu": ["DE", …], "other": [] }`.
 * Keys must be region names; a code listed under two regions is an error. Unlisted codes are `other`.
 */
export function regionMapFromJson(value: unknown, source = "inline"): RegionMap {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new FileFormatError("region map", source, 'expected an object like {"us": ["US"], "cn": ["CN"], "eu": ["DE", "FR"]}');
  }
  const countries = new Map<string, Region>();
  for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
    if (!(REGIONS as readonly string[]).includes(key)) {
      throw new FileFormatError("region map", source, `unknown region "${key}"; regions are ${REGIONS.join(", ")}`);
    }
    if (!Array.isArray(list)) throw new FileFormatError("region map", source, `"${key}" must be an array of ISO alpha-2 country codes`);
    for (const raw of list) {
      const c = normaliseCountry(typeof raw === "string" ? raw : undefined);
      if (!c || !isCountryCode(c))
        throw new FileFormatError(
          "region map",
          source,
          `"${String(raw)}" under "${key}" is not an ISO 3166 alpha-2 country code (like US, CN, DE, GB); fix or remove it`,
        );
      const before = countries.get(c);
      if (before && before !== key) throw new FileFormatError("region map", source, `${c} is listed under both "${before}" and "${key}"`);
      countries.set(c, key as Region);
    }
  }
  return { countries, source };
}

/** Reads a region map JSON file (see {@link regionMapFromJson}). */
export async function loadRegionMap(path: string): Promise<RegionMap> {
  return regionMapFromJson(await readJsonFile(path, "Region map"), path);
}

/** The region map as plain JSON (region → sorted codes), for results and for writing a template. */
export function regionMapToJson(map: RegionMap): Record<Region, string[]> {
  const out: Record<Region, string[]> = { us: [], cn: [], eu: [], other: [] };
  for (const [c, r] of map.countries) out[r].push(c);
  for (const r of REGIONS) out[r].sort();
  return out;
}
