/**
 * Multinational companies and labs. The paper removed them because their affiliations do not say
 * where the authors work (an American company's Beijing lab is listed as American). Matching is by
 * institution name (word match, case-insensitive) or by OpenAlex institution id.
 * @module
 */
import { FileFormatError, readJsonFile } from "../../core/index.js";

/** What to do with an affiliation of a multinational. */
export type MultinationalMode = "keep" | "drop-affiliation" | "drop-paper";

/** The multinationals matched by default (names as they appear in OpenAlex `display_name`s). */
export const DEFAULT_MULTINATIONALS: readonly string[] = [
  "Google",
  "DeepMind",
  "Alphabet",
  "Meta",
  "Facebook",
  "Microsoft",
  "Amazon",
  "IBM",
  "NVIDIA",
  "Intel",
  "Apple",
  "Adobe",
  "Samsung",
  "Sony",
  "Qualcomm",
  "Salesforce",
  "Tencent",
  "Alibaba",
  "Huawei",
  "Baidu",
  "ByteDance",
];

/** A compiled multinational list. */
export interface MultinationalList {
  /** The names matched (whole words, case-insensitive). */
  readonly names: readonly string[];
  /** OpenAlex institution ids (short form, `I123`) matched exactly. */
  readonly ids: ReadonlySet<string>;
  /** True when an institution belongs to a multinational. */
  matches(institution: { id?: unknown; display_name?: unknown }): boolean;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Short OpenAlex id: `https://openalex.org/I123` → `I123`. */
export function shortOpenAlexId(id: string): string {
  const slash = id.lastIndexOf("/");
  return (slash >= 0 ? id.slice(slash + 1) : id).trim();
}

/** Compiles names and ids into a {@link MultinationalList}. */
export function createMultinationalList(names: readonly string[] = DEFAULT_MULTINATIONALS, ids: readonly string[] = []): MultinationalList {
  const pattern = names.length ? new RegExp(`(^|[^\\p{L}\\p{N}])(${names.map(escapeRegex).join("|")})($|[^\\p{L}\\p{N}])`, "iu") : null;
  const idSet = new Set(ids.map(shortOpenAlexId).map((s) => s.toUpperCase()));
  return {
    names,
    ids: idSet,
    matches(inst) {
      if (idSet.size && typeof inst.id === "string" && idSet.has(shortOpenAlexId(inst.id).toUpperCase())) return true;
      return pattern !== null && typeof inst.display_name === "string" && pattern.test(inst.display_name);
    },
  };
}

/** Reads `{ "names": ["Google", …], "ids": ["I1291425158", …] }` (either key optional). */
export async function loadMultinationalList(path: string): Promise<MultinationalList> {
  const value = await readJsonFile<unknown>(path, "Multinationals file");
  const v = value as { names?: unknown; ids?: unknown };
  const strings = (x: unknown, key: string): string[] => {
    if (x === undefined) return [];
    if (!Array.isArray(x) || x.some((s) => typeof s !== "string"))
      throw new FileFormatError("multinationals", path, `"${key}" must be an array of strings`);
    return x as string[];
  };
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new FileFormatError("multinationals", path, 'expected {"names": ["Google", …], "ids": ["I…"]}');
  }
  return createMultinationalList(strings(v.names, "names"), strings(v.ids, "ids"));
}
