/**
 * The 24 instruction-induction tasks (Honovich et al., as shipped with APE's code) and user tasks: the
 * official loader's quirks, its splits, and JSONL files of input/output pairs.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { createRng, FileFormatError, InvalidInputError, MissingFileError, type Rng, unknownName } from "../../core/index.js";
import { type MetricName, metricOf } from "./metrics.js";

/** One example: an input and every acceptable answer. */
export interface Example {
  input: string;
  /** Acceptable answers (at least one). */
  answers: string[];
}

/** A task ready for a search: its demo pool, validation pool, test set, metric and human instructions. */
export interface Task {
  name: string;
  metric: MetricName;
  /** Demonstrations for proposals and few-shot (APE: min(⌊0.5·|induce|⌋, 100) induce examples, one answer each). */
  promptGen: Example[];
  /** Validation pool for scoring candidates (the rest of the induce set). */
  validation: Example[];
  /** Held-out test set (the execute set). */
  test: Example[];
  /** Human-written instructions (the paper's baseline); empty for user tasks. */
  human: string[];
}

/** The 24 task names, in the order of APE's instruction-induction script. */
export const INSTRUCTION_INDUCTION_TASKS = [
  "antonyms",
  "cause_and_effect",
  "common_concept",
  "diff",
  "first_word_letter",
  "informal_to_formal",
  "larger_animal",
  "letters_list",
  "taxonomy_animal",
  "negation",
  "num_to_verbal",
  "active_to_passive",
  "singular_to_plural",
  "rhymes",
  "second_word_letter",
  "sentence_similarity",
  "sentiment",
  "orthography_starts_with",
  "sum",
  "synonyms",
  "translation_en-de",
  "translation_en-es",
  "translation_en-fr",
  "word_in_context",
] as const;

const ASSETS = new URL("./assets/instruction-induction/", import.meta.url);

type RawRecord = Record<string, unknown>;

function readRaw(split: "induce" | "execute", task: string): RawRecord[] {
  const file = fileURLToPath(new URL(`raw/${split}/${task}.json${split === "induce" ? ".gz" : ""}`, ASSETS));
  let buf = readFileSync(file);
  if (split === "induce") buf = gunzipSync(buf);
  const json = JSON.parse(buf.toString("utf8")) as { examples: Record<string, RawRecord> };
  return Object.keys(json.examples)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => json.examples[k] as RawRecord);
}

/**
 * One raw record → an example, with the official loader's per-task rules: cause_and_effect shows the
 * two sentences in random order (p = 0.5) and the answer is the cause; common_concept shows every item
 * but the last (a quirk of the loader, kept) and accepts every common concept; rhymes accepts the other
 * rhymes; translations accept every listed translation.
 */
export function toExample(task: string, r: RawRecord, rng: Rng): Example {
  const str = (v: unknown) => String(v);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(str) : [str(v)]);
  if (task === "cause_and_effect") {
    const cause = str(r.cause);
    const effect = str(r.effect);
    const causeFirst = rng.next() < 0.5;
    const [a, b] = causeFirst ? [cause, effect] : [effect, cause];
    return { input: `Sentence 1: ${a} Sentence 2: ${b}`, answers: [cause] };
  }
  if (task === "common_concept") {
    const items = list(r.items);
    return { input: items.slice(0, -1).join(", "), answers: list(r.all_common_concepts) };
  }
  if (task === "rhymes") return { input: str(r.input), answers: list(r.other_rhymes) };
  if (task.startsWith("translation_")) return { input: str(r.input), answers: list(r.possible_translations) };
  return { input: str(r.input), answers: [str(r.output)] };
}

/** Options of {@link loadTask}. */
export interface LoadTaskOptions {
  /** Seed of the loader's random choices (sentence order, the split, one answer per demo). Defaults to `0`. */
  seed?: number | string;
}

/** Human instructions of a bundled task. */
function readHuman(task: string): string[] {
  const file = fileURLToPath(new URL(`annotations/${task}.json`, ASSETS));
  return (JSON.parse(readFileSync(file, "utf8")) as { annotations: string[] }).annotations;
}

/**
 * Splits an induce pool as APE's script does: a random min(⌊0.5·n⌋, 100) examples become the
 * prompt-generation (and few-shot) set, each keeping one randomly chosen answer; the rest is the
 * validation pool.
 */
export function splitInduce(pool: readonly Example[], rng: Rng): { promptGen: Example[]; validation: Example[] } {
  const size = Math.min(Math.floor(pool.length * 0.5), 100);
  const order = rng.shuffle([...pool.keys()]);
  const chosen = new Set(order.slice(0, size));
  const promptGen = order.slice(0, size).map((i) => {
    const e = pool[i] as Example;
    return { input: e.input, answers: [rng.pick(e.answers)] };
  });
  const validation = pool.filter((_, i) => !chosen.has(i));
  return { promptGen, validation };
}

/**
 * Loads a bundled task by name, or a user task from a JSONL file of `{"input": …, "output": …}` lines
 * (`output` a string or a list of acceptable answers; optional `"split": "test"` marks test lines,
 * otherwise the last 20% are the test set). A user task is scored with `em` unless `metric` is given.
 */
export function loadTask(nameOrFile: string, options: LoadTaskOptions & { metric?: MetricName } = {}): Task {
  const rng = createRng(`ape-task:${options.seed ?? 0}:${nameOrFile}`);
  if ((INSTRUCTION_INDUCTION_TASKS as readonly string[]).includes(nameOrFile)) {
    const task = nameOrFile;
    const induce = readRaw("induce", task).map((r) => toExample(task, r, rng));
    const test = readRaw("execute", task).map((r) => toExample(task, r, rng));
    return { name: task, metric: options.metric ?? metricOf(task), ...splitInduce(induce, rng), test, human: readHuman(task) };
  }
  if (!nameOrFile.endsWith(".jsonl") && !existsSync(nameOrFile))
    throw unknownName("task", nameOrFile, INSTRUCTION_INDUCTION_TASKS as readonly string[]);
  return loadUserTask(nameOrFile, rng, options.metric ?? "em");
}

function loadUserTask(file: string, rng: Rng, metric: MetricName): Task {
  if (!existsSync(file)) throw new MissingFileError(file, "Task file", 'pass a JSONL file of {"input": …, "output": …} lines');
  const train: Example[] = [];
  const test: Example[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (!line.trim()) return;
      let r: RawRecord;
      try {
        r = JSON.parse(line) as RawRecord;
      } catch {
        throw new FileFormatError("task JSONL", file, `line ${i + 1} is not valid JSON`);
      }
      const out = r.output;
      const answers = Array.isArray(out) ? out.map(String) : typeof out === "string" || typeof out === "number" ? [String(out)] : [];
      if (typeof r.input !== "string" || answers.length === 0)
        throw new FileFormatError("task JSONL", file, `line ${i + 1} needs a string "input" and an "output" (string or list of strings)`);
      (r.split === "test" ? test : train).push({ input: r.input, answers });
    });
  if (test.length === 0) test.push(...train.splice(Math.floor(train.length * 0.8)));
  if (train.length < 4)
    throw new InvalidInputError(`${file} has ${train.length} training examples; a search needs at least 4 (demos and validation).`);
  const { promptGen, validation } = splitInduce(train, rng);
  if (validation.length === 0 || test.length === 0)
    throw new InvalidInputError(`${file} is too small to split into demos, validation and test; add more lines.`);
  return { name: basename(file).replace(/\.jsonl$/, ""), metric, promptGen, validation, test, human: [] };
}
