/**
 * The instruction-induction metrics with Honovich et al.'s normalisation, as APE's experiments use them:
 * exact match (em), exact set of words (es), contains, and token F1, each taking the best over a task's
 * several acceptable answers.
 * @module
 */

/** A metric name. */
export type MetricName = "em" | "es" | "contains" | "f1";

/** Every task's metric; tasks not listed use `em` (APE's `TASK_TO_METRIC`, Honovich's utility module). */
export const TASK_METRICS: Readonly<Record<string, MetricName>> = {
  common_concept: "f1",
  informal_to_formal: "f1",
  orthography_starts_with: "es",
  taxonomy_animal: "es",
  synonyms: "contains",
};

/** The metric of `task` (`em` unless listed in {@link TASK_METRICS}). */
export function metricOf(task: string): MetricName {
  return TASK_METRICS[task] ?? "em";
}

/** Python's `string.punctuation`. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/**
 * Normalises a model answer or a reference, in this order: " and " → " "; "Sentence 1:" and
 * "Sentence 2:" → " "; trim; keep the first line; keep the text before the first "."; lower-case;
 * "-" → " "; remove ASCII punctuation.
 * @example normalizeAnswer("  Sentence 1: The Cat-sat.\nmore") // "the cat sat"
 */
export function normalizeAnswer(text: string, lowercase = true): string {
  let s = text.split(" and ").join(" ");
  s = s.split("Sentence 1:").join(" ");
  s = s.split("Sentence 2:").join(" ");
  s = s.trim();
  s = s.split("\n")[0] as string;
  s = s.split(".")[0] as string;
  if (lowercase) s = s.toLowerCase();
  s = s.split("-").join(" ");
  return s.replace(PUNCTUATION, "");
}

const words = (text: string) => normalizeAnswer(text).split(/\s+/).filter(Boolean);

/** Exact match after normalisation. */
export function exactMatch(prediction: string, reference: string): number {
  return normalizeAnswer(prediction) === normalizeAnswer(reference) ? 1 : 0;
}

/** Same set of words after normalisation. */
export function exactSet(prediction: string, reference: string): number {
  const a = new Set(words(prediction));
  const b = new Set(words(reference));
  if (a.size !== b.size) return 0;
  for (const w of a) if (!b.has(w)) return 0;
  return 1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The normalised reference occurs in the normalised prediction between word boundaries. (The reference
 * is matched literally; the original code used it as a regular expression unescaped, and returned
 * `None` instead of 0 on no match.)
 */
export function contains(prediction: string, reference: string): number {
  const ref = normalizeAnswer(reference);
  return new RegExp(`\\b(${escapeRegExp(ref)})\\b`).test(normalizeAnswer(prediction)) ? 1 : 0;
}

/** Token-level F1 between the normalised word sequences (multiset overlap). */
export function f1Score(prediction: string, reference: string): number {
  const p = words(prediction);
  const r = words(reference);
  const counts = new Map<string, number>();
  for (const w of r) counts.set(w, (counts.get(w) ?? 0) + 1);
  let same = 0;
  for (const w of p) {
    const c = counts.get(w) ?? 0;
    if (c > 0) {
      same++;
      counts.set(w, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / r.length;
  return (2 * precision * recall) / (precision + recall);
}

const FNS: Record<MetricName, (p: string, r: string) => number> = { em: exactMatch, es: exactSet, contains, f1: f1Score };

/** Scores `prediction` against every acceptable answer with `metric` and keeps the best (F1: the max). */
export function scoreAnswer(metric: MetricName, prediction: string, answers: readonly string[]): number {
  let best = 0;
  for (const a of answers) best = Math.max(best, FNS[metric](prediction, a));
  return best;
}
