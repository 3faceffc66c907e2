/**
 * The task-file format: JSONL, one item per line. A multiple-choice item is
 * `{ "context": string, "choices": [string, …], "gold": index, "lang"?: string }`; a generation item
 * (translation) is `{ "context": string, "reference": string, "lang"?: string }`.
 * @module
 */
import { FileFormatError, readFileOrThrow } from "../../core/index.js";

/** One multiple-choice item: the model picks the choice it finds most likely after `context`. */
export interface ChoiceItem {
  /** Text every choice is scored after (may be empty: the choices are then scored after the end-of-sequence token). */
  context: string;
  /** Candidate continuations, each scored as a whole (include the leading space the task wants). A single choice makes a LAMBADA-style item: `acc` is whether greedy decoding produces it. */
  choices: string[];
  /** Index of the correct choice. */
  gold: number;
  /** Language code, for the per-language scorecard. */
  lang?: string;
  /**
   * Per-choice contexts (extension for partial scoring, as in XWinograd): choice `i` is scored after
   * `contexts[i]` instead of `context`. Defaults to none.
   */
  contexts?: string[];
}

/** One generation item: the model continues `context` greedily; the output is compared with `reference` (chrF). */
export interface GenerationItem {
  context: string;
  /** The expected output (e.g. the reference translation). */
  reference: string;
  lang?: string;
}

/** Any task-file item. */
export type TaskItem = ChoiceItem | GenerationItem;

/** `true` for a generation item. */
export function isGeneration(item: TaskItem): item is GenerationItem {
  return typeof (item as GenerationItem).reference === "string";
}

/** Checks one parsed line; returns the problem or undefined. */
function problemOf(v: unknown): string | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "is not a JSON object";
  const o = v as Record<string, unknown>;
  if (typeof o.context !== "string") return 'has no string "context"';
  if (o.lang !== undefined && typeof o.lang !== "string") return '"lang" is not a string';
  if (typeof o.reference === "string") return undefined;
  if (!Array.isArray(o.choices) || o.choices.length === 0 || !o.choices.every((c) => typeof c === "string"))
    return 'needs "choices" (a non-empty array of strings) or "reference" (a string)';
  if (!(Number.isInteger(o.gold) && (o.gold as number) >= 0 && (o.gold as number) < o.choices.length))
    return `"gold" must be an index into "choices" (0..${o.choices.length - 1})`;
  if (
    o.contexts !== undefined &&
    !(Array.isArray(o.contexts) && o.contexts.length === o.choices.length && o.contexts.every((c) => typeof c === "string"))
  )
    return '"contexts" must be an array of strings, one per choice';
  return undefined;
}

/**
 * Parses task-file text (JSONL; blank lines ignored). Throws a one-line `FileFormatError` naming the
 * first bad line.
 * @example parseTaskFile('{"context":"2+2=","choices":[" 4"," 5"],"gold":0}\n')
 */
export function parseTaskFile(text: string, source = "task file"): TaskItem[] {
  const items: TaskItem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line) continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new FileFormatError("task JSONL", source, `line ${i + 1} is not JSON; each line is {"context", "choices", "gold", "lang"?}`);
    }
    const problem = problemOf(v);
    if (problem) throw new FileFormatError("task JSONL", source, `line ${i + 1} ${problem}`);
    const o = v as Record<string, unknown>;
    items.push(
      typeof o.reference === "string"
        ? { context: o.context as string, reference: o.reference, ...(o.lang ? { lang: o.lang as string } : {}) }
        : {
            context: o.context as string,
            choices: o.choices as string[],
            gold: o.gold as number,
            ...(o.lang ? { lang: o.lang as string } : {}),
            ...(o.contexts ? { contexts: o.contexts as string[] } : {}),
          },
    );
  }
  if (items.length === 0) throw new FileFormatError("task JSONL", source, "holds no items");
  return items;
}

/** Reads and parses a task file. */
export async function readTaskFile(path: string): Promise<TaskItem[]> {
  const buf = await readFileOrThrow(path, "Task file", "pass a JSONL file with one item per line");
  return parseTaskFile(buf.toString("utf8"), path);
}

/** Serialises items as task-file JSONL. */
export function formatTaskFile(items: readonly TaskItem[]): string {
  return items.map((it) => JSON.stringify(it)).join("\n") + (items.length ? "\n" : "");
}
