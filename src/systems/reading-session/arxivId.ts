/**
 * arXiv identifiers: new style (`2211.09800`, `2211.09800v1`, five-digit `2301.01234`) and old style
 * (`hep-th/9901001v2`), also accepted as `arXiv:…` or an abs/pdf URL.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";

/** A parsed arXiv identifier. */
export interface ArxivId {
  /** The identifier without version, e.g. `"2211.09800"`. */
  id: string;
  /** The version asked for, e.g. `"v1"`; `""` for the latest. */
  version: string;
}

const NEW_STYLE = /^(\d{4}\.\d{4,5})(v\d+)?$/;
const OLD_STYLE = /^([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

/** Parses one identifier; `null` when it is not one. */
export function tryParseArxivId(raw: string): ArxivId | null {
  const s = raw
    .trim()
    .replace(/^https?:\/\/(?:export\.)?arxiv\.org\/(?:abs|pdf)\//i, "")
    .replace(/\.pdf$/i, "")
    .replace(/^arxiv:/i, "");
  const m = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  return m ? { id: m[1] as string, version: m[2] ?? "" } : null;
}

/** Parses one identifier; a one-line error naming the expected forms when it is not one. */
export function parseArxivId(raw: string): ArxivId {
  const parsed = tryParseArxivId(raw);
  if (!parsed)
    throw new InvalidInputError(
      `"${raw}" is not an arXiv id: expected e.g. 2211.09800, 2211.09800v1, hep-th/9901001 or https://arxiv.org/abs/2211.09800.`,
    );
  return parsed;
}

/** `id` + `version`, e.g. `"2211.09800v1"`. */
export function formatArxivId(a: ArxivId): string {
  return `${a.id}${a.version}`;
}

/** Finds every arXiv identifier mentioned in free text (new style, or `arXiv:`/URL-prefixed old style), in order, without repeats. */
export function findArxivIds(text: string): ArxivId[] {
  const seen = new Set<string>();
  const out: ArxivId[] = [];
  const re = /(?:arxiv\.org\/(?:abs|pdf)\/|arxiv:)([a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)|(?<![\d.])(\d{4}\.\d{4,5}(?:v\d+)?)(?!\d)/gi;
  for (const m of text.matchAll(re)) {
    const parsed = tryParseArxivId((m[1] ?? m[2]) as string);
    if (!parsed || seen.has(parsed.id)) continue;
    seen.add(parsed.id);
    out.push(parsed);
  }
  return out;
}
