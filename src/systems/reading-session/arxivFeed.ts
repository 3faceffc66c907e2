/**
 * The arXiv API's Atom feed (`export.arxiv.org/api/query`) as typed papers: title, authors with their
 * `arxiv:affiliation`s, abstract, dates, categories. Error entries become one-line errors.
 * @module
 */
import { ExternalError } from "../../core/index.js";
import { tryParseArxivId } from "./arxivId.js";
import { childrenOf, childText, collapse, parseXml } from "./xml.js";

export const ATOM_NS = "http://www.w3.org/2005/Atom";
export const ARXIV_NS = "http://arxiv.org/schemas/atom";

/** One author of an arXiv paper. */
export interface ArxivAuthor {
  name: string;
  /** The author's affiliations as the feed gives them (`arxiv:affiliation`); often empty. */
  affiliations: string[];
}

/** One paper's metadata from the arXiv API. */
export interface ArxivPaper {
  /** Identifier without version, e.g. `"2211.09800"`. */
  id: string;
  /** Version of this record, e.g. `"v2"`. */
  version: string;
  title: string;
  authors: ArxivAuthor[];
  /** The abstract, whitespace collapsed. */
  abstract: string;
  /** First-version date, ISO 8601 (`published`). */
  published: string;
  /** This version's date, ISO 8601 (`updated`). */
  updated: string;
  /** Primary category first, e.g. `["cs.CV", "cs.AI"]`. */
  categories: string[];
  /** The abstract page, e.g. `https://arxiv.org/abs/2211.09800v2`. */
  url: string;
}

/** Distinct affiliations of all authors, in author order. */
export function paperAffiliations(p: ArxivPaper): string[] {
  const out: string[] = [];
  for (const a of p.authors) for (const f of a.affiliations) if (!out.includes(f)) out.push(f);
  return out;
}

/**
 * Parses an arXiv API response. Entries whose id is an API error (`…/api/errors#…`) throw an
 * {@link ExternalError} carrying arXiv's own message.
 */
export function parseArxivFeed(xml: string): ArxivPaper[] {
  const feed = parseXml(xml, "arXiv Atom feed");
  if (feed.ns !== ATOM_NS || feed.local !== "feed")
    throw new ExternalError(`The arXiv API answered with <${feed.name}>, not an Atom <feed>.`);
  const papers: ArxivPaper[] = [];
  for (const entry of childrenOf(feed, ATOM_NS, "entry")) {
    const idUrl = childText(entry, ATOM_NS, "id");
    if (idUrl.includes("/api/errors"))
      throw new ExternalError(`The arXiv API refused the query: ${childText(entry, ATOM_NS, "summary") || idUrl}.`);
    const parsed = tryParseArxivId(idUrl);
    if (!parsed) throw new ExternalError(`The arXiv feed has an entry with an unexpected id "${idUrl}".`);
    const primary = childrenOf(entry, ARXIV_NS, "primary_category")[0]?.attributes.term;
    const categories = childrenOf(entry, ATOM_NS, "category")
      .map((c) => c.attributes.term ?? "")
      .filter(Boolean);
    if (primary && !categories.includes(primary)) categories.unshift(primary);
    else if (primary) categories.sort((a, b) => (a === primary ? -1 : b === primary ? 1 : 0));
    papers.push({
      id: parsed.id,
      version: parsed.version,
      title: childText(entry, ATOM_NS, "title"),
      authors: childrenOf(entry, ATOM_NS, "author").map((a) => ({
        name: childText(a, ATOM_NS, "name"),
        affiliations: childrenOf(a, ARXIV_NS, "affiliation")
          .map((f) => collapse(f.text))
          .filter(Boolean),
      })),
      abstract: childText(entry, ATOM_NS, "summary"),
      published: childText(entry, ATOM_NS, "published"),
      updated: childText(entry, ATOM_NS, "updated"),
      categories,
      url: `https://arxiv.org/abs/${parsed.id}${parsed.version}`,
    });
  }
  return papers;
}
