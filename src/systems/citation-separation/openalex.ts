/**
 * The parts of an OpenAlex work this system reads, as the API returns them, and compact numeric keys
 * for work ids.
 * @module
 */

/** An institution in an OpenAlex authorship. */
export interface OpenAlexInstitution {
  id?: string | null;
  display_name?: string | null;
  /** ISO 3166-1 alpha-2, upper case; null when OpenAlex does not know it. */
  country_code?: string | null;
  ror?: string | null;
  type?: string | null;
}

/** One author of an OpenAlex work. */
export interface OpenAlexAuthorship {
  /** `"first"`, `"middle"` or `"last"`. */
  author_position?: string | null;
  author?: { id?: string | null; display_name?: string | null } | null;
  institutions?: OpenAlexInstitution[] | null;
}

/** An OpenAlex work (only the fields used here; others are ignored). */
export interface OpenAlexWork {
  /** `https://openalex.org/W…` (or the short `W…`). */
  id: string;
  publication_year?: number | null;
  title?: string | null;
  authorships?: OpenAlexAuthorship[] | null;
  /** Ids of the works this one cites (in or out of the analysed set). */
  referenced_works?: string[] | null;
}

/**
 * Interns work ids as numbers: `W123` (any URL prefix, any case) becomes 123; any other id gets a
 * negative number of its own. Equal ids always get equal keys within one interner.
 */
export class WorkKeyInterner {
  private readonly others = new Map<string, number>();

  /** The key of `id`, or undefined for a non-string or empty id. */
  key(id: unknown): number | undefined {
    if (typeof id !== "string") return undefined;
    const key = numericWorkKey(id);
    if (key !== undefined) return key;
    const trimmed = id.trim();
    if (!trimmed) return undefined;
    let k = this.others.get(trimmed);
    if (k === undefined) {
      k = -(this.others.size + 1);
      this.others.set(trimmed, k);
    }
    return k;
  }
}

/** `https://openalex.org/W123` or `W123` → 123; anything else → undefined. */
export function numericWorkKey(id: string): number | undefined {
  const start = id.lastIndexOf("/") + 1;
  const first = id.charCodeAt(start);
  if (first !== 87 && first !== 119) return undefined; // W or w
  let n = 0;
  const end = id.length;
  if (end - start < 2 || end - start > 16) return undefined;
  for (let i = start + 1; i < end; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return n;
}
