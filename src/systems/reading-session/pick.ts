/**
 * Choosing the session's papers from a trending list, like the seed deck's "top social" pick from
 * Papers with Code: read a Papers-with-Code JSON export, an arXiv API Atom feed, or any text/HTML listing
 * that mentions arXiv ids; rank by the list's social score; keep the top N.
 * @module
 */
import { FileFormatError, InvalidInputError } from "../../core/index.js";
import { parseArxivFeed } from "./arxivFeed.js";
import { findArxivIds, tryParseArxivId } from "./arxivId.js";

/** The formats {@link pickPapers} reads. */
export type TrendingFormat = "pwc-json" | "arxiv-atom" | "text";

/** One candidate paper of a trending list. */
export interface TrendingPaper {
  /** arXiv id without version. */
  arxiv: string;
  /** Title, when the list gives one. */
  title?: string;
  /** The social score used for ranking, when the list gives one (see {@link scoreOf}). */
  score?: number;
  /** Position in the file, from 1. */
  position: number;
}

/** What {@link pickPapers} returns. */
export interface PickResult {
  format: TrendingFormat;
  /** Distinct papers with an arXiv id in the file. */
  candidates: number;
  /** Entries skipped because they have no arXiv id (Papers with Code lists papers from other venues too). */
  skipped: number;
  /** The chosen papers, best first, with their rank from 1. */
  picked: (TrendingPaper & { rank: number })[];
}

/** Options of {@link pickPapers}. */
export interface PickOptions {
  /** How many papers to keep. Defaults to `10` (the seed deck presents ten). */
  top?: number;
  /** The file's format. Defaults to detection: JSON → Papers with Code, `<feed` → Atom, else text. */
  format?: TrendingFormat;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/**
 * A Papers-with-Code entry's social score: `social` (a social-media mention count, as in a "top social"
 * list) if present, else `stars` (GitHub stars of its code), else the sum of `repositories[].stars`.
 */
export function scoreOf(entry: Record<string, unknown>): number | undefined {
  const direct = num(entry.social) ?? num(entry.stars);
  if (direct !== undefined) return direct;
  const repos = entry.repositories;
  if (!Array.isArray(repos)) return undefined;
  const stars = repos.map((r) => num((r as Record<string, unknown>)?.stars)).filter((s) => s !== undefined);
  return stars.length ? stars.reduce((a, b) => a + b, 0) : undefined;
}

function fromPwc(text: string, path: string): { papers: TrendingPaper[]; skipped: number } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FileFormatError("Papers with Code JSON", path, (err as Error).message);
  }
  const list = Array.isArray(data) ? data : (data as { results?: unknown })?.results;
  if (!Array.isArray(list))
    throw new FileFormatError("Papers with Code JSON", path, 'expected an array of papers or an object with "results"');
  const papers: TrendingPaper[] = [];
  let skipped = 0;
  list.forEach((raw, i) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    const id = [e.arxiv_id, e.url_abs, e.url_pdf]
      .filter((v): v is string => typeof v === "string")
      .map(tryParseArxivId)
      .find(Boolean);
    if (!id) {
      skipped++;
      return;
    }
    const score = scoreOf(e);
    papers.push({
      arxiv: id.id,
      ...(typeof e.title === "string" ? { title: e.title } : {}),
      ...(score !== undefined ? { score } : {}),
      position: i + 1,
    });
  });
  return { papers, skipped };
}

function fromText(text: string): TrendingPaper[] {
  const out: TrendingPaper[] = [];
  for (const line of text.split("\n")) {
    for (const id of findArxivIds(line)) {
      if (out.some((p) => p.arxiv === id.id)) continue;
      const score = /\b(?:score|social)\s*[=:]\s*(-?\d+(?:\.\d+)?)/i.exec(line)?.[1];
      out.push({ arxiv: id.id, ...(score !== undefined ? { score: Number(score) } : {}), position: out.length + 1 });
    }
  }
  return out;
}

/** Detects the format of a trending-list file's text. */
export function detectFormat(text: string): TrendingFormat {
  const t = text.trimStart();
  if (t.startsWith("{") || t.startsWith("[")) return "pwc-json";
  if (/<feed[\s>]/.test(t.slice(0, 2000))) return "arxiv-atom";
  return "text";
}

/**
 * Ranks a trending list and keeps the top papers: by score (highest first) when the list has scores,
 * ties and unscored papers in file order after the scored ones; duplicates keep their first entry.
 * @param path - the file's name, for error messages.
 */
export function pickPapers(text: string, path: string, o: PickOptions = {}): PickResult {
  const top = o.top ?? 10;
  if (!Number.isInteger(top) || top < 1) throw new InvalidInputError(`top must be a whole number of at least 1; got ${top}.`);
  const format = o.format ?? detectFormat(text);
  let papers: TrendingPaper[];
  let skipped = 0;
  if (format === "pwc-json") ({ papers, skipped } = fromPwc(text, path));
  else if (format === "arxiv-atom") papers = parseArxivFeed(text).map((p, i) => ({ arxiv: p.id, title: p.title, position: i + 1 }));
  else papers = fromText(text);
  const unique = papers.filter((p, i) => papers.findIndex((q) => q.arxiv === p.arxiv) === i);
  if (!unique.length)
    throw new InvalidInputError(
      `${path} lists no paper with an arXiv id: pass a Papers with Code JSON export, an arXiv Atom feed, or a listing that mentions arXiv ids.`,
    );
  const ranked = [...unique].sort((a, b) => {
    if (a.score !== undefined && b.score !== undefined && a.score !== b.score) return b.score - a.score;
    if ((a.score === undefined) !== (b.score === undefined)) return a.score === undefined ? 1 : -1;
    return a.position - b.position;
  });
  return {
    format,
    candidates: unique.length,
    skipped,
    picked: ranked.slice(0, top).map((p, i) => ({ ...p, rank: i + 1 })),
  };
}
