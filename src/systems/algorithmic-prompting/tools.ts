/**
 * Skill as a tool: informal reasoning (`<NONALGO>`) and the addition algorithm (`<ALGO>`) run by two
 * model instances in a dialogue, as the paper did because mixing both in one context interfered. The
 * informal model writes "We use the addition algorithm: Problem: a+b="; the algorithmic model then
 * works that problem with the algorithmic prompt; its answer comes back as "<ALGO> Removing all k
 * commas, we have s." and the informal model resumes until "#### answer".
 *
 * The word problems are GSM8k-Hard-style: templates written here whose numbers are inflated to many
 * digits, so exact long addition is the bottleneck (nothing is downloaded).
 * @module
 */
import { createRng, InvalidInputError, type Rng, throwIfAborted } from "../../core/index.js";
import { completeText, type LanguageModel } from "../../lm/index.js";
import { randomOperand } from "./digits.js";
import { findFinalAnswer, gradeOutput } from "./extract.js";
import { generateAnswer } from "./generate.js";
import { buildPrompt, defaultDemos, renderProblem } from "./styles.js";

/** One step of a worked solution: informal text, or an addition handed to the algorithm. */
export type SolutionStep = { say: string } | { add: [bigint, bigint]; what: string };

/** A generated word problem with its worked solution. */
export interface WordProblem {
  /** Template id. */
  template: string;
  question: string;
  steps: SolutionStep[];
  answer: bigint;
}

interface Template {
  id: string;
  /** How many numbers it needs. */
  count: number;
  /** `true` for small-number problems solved without the algorithm (`<NONALGO>` only). */
  small?: boolean;
  build(n: bigint[]): Omit<WordProblem, "template">;
}

const TEMPLATES: Template[] = [
  {
    id: "shop",
    count: 2,
    build: ([a, b]) => {
      const [x, y] = [a as bigint, b as bigint];
      return {
        question: `An electronics shop sells smartphones for $${x} each. A PC costs $${y} more than a smartphone. How much does a PC cost?`,
        steps: [
          { say: `The price of a PC is the price of a smartphone plus $${y}, thus it is ${x}+${y}.` },
          { add: [x, y], what: "the price of a PC" },
        ],
        answer: x + y,
      };
    },
  },
  {
    id: "factory",
    count: 3,
    build: ([a, b, c]) => {
      const [x, y, z] = [a as bigint, b as bigint, c as bigint];
      return {
        question: `A factory made ${x} bolts in January. In February it made ${y} bolts more than in January. In March it made ${z} bolts. How many bolts did it make in February and March together?`,
        steps: [
          { say: `In February the factory made ${x}+${y} bolts.` },
          { add: [x, y], what: "the number of bolts made in February" },
          { say: `Together with March, that is ${x + y}+${z}.` },
          { add: [x + y, z], what: "the number of bolts made in February and March" },
        ],
        answer: x + y + z,
      };
    },
  },
  {
    id: "savings",
    count: 3,
    build: ([a, b, c]) => {
      const [x, y, z] = [a as bigint, b as bigint, c as bigint];
      return {
        question: `Mia had $${x} in her account. She deposited $${y} in March and $${z} in April. How much money is in her account now?`,
        steps: [
          { say: `After March she has ${x}+${y} dollars.` },
          { add: [x, y], what: "the money after March" },
          { say: `After April she has ${x + y}+${z} dollars.` },
          { add: [x + y, z], what: "the money after April" },
        ],
        answer: x + y + z,
      };
    },
  },
  {
    id: "crayons",
    count: 2,
    small: true,
    build: ([a, b]) => {
      const [x, y] = [a as bigint, b as bigint];
      return {
        question: `A box holds ${x} red crayons and ${y} blue crayons. How many crayons are in the box?`,
        steps: [{ say: `There are ${x}+${y}=${x + y} crayons in the box.` }],
        answer: x + y,
      };
    },
  },
];

/** Template ids. */
export const WORD_TEMPLATES = TEMPLATES.map((t) => t.id);

/**
 * A GSM8k-Hard-style word problem: a template with its numbers inflated to `digits` digits (small
 * templates keep one-digit numbers: they are solved without the algorithm).
 * @param template - template id; defaults to one drawn from `rng`.
 */
export function wordProblem(rng: Rng, digits: number, template?: string): WordProblem {
  const t = template ? TEMPLATES.find((x) => x.id === template) : TEMPLATES[rng.int(TEMPLATES.length)];
  if (!t) throw new InvalidInputError(`Unknown word-problem template "${template}". Known: ${WORD_TEMPLATES.join(", ")}.`);
  const numbers = Array.from({ length: t.count }, () => (t.small ? BigInt(1 + rng.int(9)) : randomOperand(rng, digits)));
  return { template: t.id, ...t.build(numbers) };
}

const commas = (s: bigint) => Math.max(0, String(s).length - 1);

/** The text the dialogue inserts after the algorithm's answer (and the demos show). */
export function algorithmResult(sum: bigint): string {
  return `\n<ALGO> Removing all ${commas(sum)} commas, we have ${sum}.\n<NONALGO>`;
}

/** A worked word problem as the informal model's demos show it. */
export function renderWordProblem(p: WordProblem): string {
  let text = `Question: ${p.question}\nAnswer: <NONALGO>`;
  for (const s of p.steps) {
    if ("say" in s) text += ` ${s.say}`;
    else {
      const sum = s.add[0] + s.add[1];
      text += ` We use the addition algorithm: Problem: ${s.add[0]}+${s.add[1]}=${algorithmResult(sum)} The addition algorithm tells us that ${s.what} is ${sum}.`;
    }
  }
  return `${text} The answer is ${p.answer}.\n#### ${p.answer}`;
}

/** The default demos of the informal model: one of each template, small numbers (seeded, fixed). */
export function defaultWordDemos(): WordProblem[] {
  const rng = createRng("tool-demos");
  return TEMPLATES.map((t) => wordProblem(rng, 3, t.id));
}

/** One turn of the dialogue. */
export interface DialogueTurn {
  speaker: "NONALGO" | "ALGO";
  /** What this model wrote (for ALGO: its whole trace). */
  text: string;
  /** ALGO turns: the addition it was asked for, and the answer it gave (`null`: unparsable). */
  call?: { a: string; b: string; answer: string | null; correct: boolean };
}

/** What {@link runToolDialogue} returns. */
export interface DialogueResult {
  turns: DialogueTurn[];
  /** The final `#### n` answer, or `null` when the dialogue ended without one. */
  answer: string | null;
  /** `true` when `answer` equals `expected` (when given). */
  correct: boolean;
  /** Why it ended. */
  stop: "answer" | "no-answer" | "algorithm-failed" | "max-calls";
}

/** Options of {@link runToolDialogue}. */
export interface DialogueOptions {
  /** The informal-reasoning model. */
  informal: LanguageModel;
  /** The model instance that runs the addition algorithm. Defaults to `informal` (a second context of the same weights). */
  algorithmic?: LanguageModel;
  question: string;
  /** The true answer, to grade the dialogue. */
  expected?: bigint;
  /** Worked demos for the informal model. Defaults to {@link defaultWordDemos}. */
  demos?: readonly WordProblem[];
  /** Tokens per informal turn. Defaults to `256`. */
  maxTokens?: number;
  /** Algorithm calls at most. Defaults to `6`. */
  maxCalls?: number;
  signal?: AbortSignal;
}

/**
 * Runs the two-model dialogue on one word problem.
 * @example
 * const p = wordProblem(createRng(1), 12);
 * const r = await runToolDialogue({ informal: lm, question: p.question, expected: p.answer });
 */
export async function runToolDialogue(o: DialogueOptions): Promise<DialogueResult> {
  const algo = o.algorithmic ?? o.informal;
  const maxCalls = o.maxCalls ?? 6;
  const demos = (o.demos ?? defaultWordDemos()).map(renderWordProblem).join("\n\n");
  let context = `${demos}\n\nQuestion: ${o.question}\nAnswer: <NONALGO>`;
  const turns: DialogueTurn[] = [];
  const sig = o.signal ? { signal: o.signal } : {};
  const finish = (answer: string | null, stop: DialogueResult["stop"]): DialogueResult => ({
    turns,
    answer,
    correct: answer !== null && o.expected !== undefined && answer === String(o.expected),
    stop,
  });
  for (let calls = 0; ; calls++) {
    throwIfAborted(o.signal);
    const c = await completeText(o.informal, context, {
      maxTokens: o.maxTokens ?? 256,
      temperature: 0,
      stop: ["\n<ALGO>", "\n\nQuestion:", "\nQuestion:"],
      ...sig,
    });
    const text = c.text;
    const call = /Problem: (\d+)\+(\d+)=/.exec(text);
    if (!call) {
      const cut = text.search(/\nQuestion:/);
      const said = cut >= 0 ? text.slice(0, cut) : text;
      turns.push({ speaker: "NONALGO", text: said });
      const found = findFinalAnswer(said);
      return finish(found?.value !== undefined ? String(found.value) : null, found ? "answer" : "no-answer");
    }
    const said = text.slice(0, call.index + call[0].length);
    turns.push({ speaker: "NONALGO", text: said });
    if (calls >= maxCalls) return finish(null, "max-calls");
    const [a, b] = [BigInt(call[1] as string), BigInt(call[2] as string)];
    const problem = { task: "addition" as const, a, b };
    const prompt = buildPrompt({ problem, style: "algorithmic", demos: defaultDemos("addition") });
    const expectedTrace = renderProblem(problem, "algorithmic").completion;
    const limit =
      Math.ceil(((await algo.tokenize(expectedTrace, { addBos: false }).catch(() => null))?.length ?? expectedTrace.length / 3) * 1.25) +
      24;
    const gen = await generateAnswer(algo, prompt, { maxTokens: limit, ...sig });
    const grade = gradeOutput(gen.text, a + b);
    turns.push({ speaker: "ALGO", text: gen.text, call: { a: String(a), b: String(b), answer: grade.answer, correct: grade.correct } });
    if (grade.answer === null) return finish(null, "algorithm-failed");
    context += said + algorithmResult(BigInt(grade.answer));
  }
}
