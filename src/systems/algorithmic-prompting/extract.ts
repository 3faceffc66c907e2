/**
 * Answer extraction and stopping: where a model's output states its final answer (`The final Answer
 * is [4,9,5].`, `Answer: 495`, `the parity is 1`, `#### 495`), what that answer is, and where generation
 * can stop (the final-answer line is complete, or the model starts a new problem of its own).
 * @module
 */

/** A final answer found in a model's output. */
export interface FoundAnswer {
  /** The value, or `undefined` when the marker was found but what follows is not a number. */
  value: bigint | undefined;
  /** Offset just past the answer in the output (where generation may stop). */
  end: number;
  /** The matched text, e.g. `The final Answer is [4,9,5]`. */
  text: string;
}

const MARKERS: { re: RegExp; value: (m: RegExpExecArray) => bigint | undefined }[] = [
  {
    // "The final Answer is [4,9,5]" or "-[9,4]"; complete once the list closes.
    re: /final Answer is\s*(-?)\s*\[([^\]\n]*)\]/gi,
    value: (m) => {
      const digits = (m[2] as string).split(",").map((s) => s.trim());
      if (digits.length === 0 || !digits.every((d) => /^\d$/.test(d))) return undefined;
      const v = BigInt(digits.join(""));
      return m[1] ? -v : v;
    },
  },
  { re: /the parity is\s*([01])(?![\d])/gi, value: (m) => BigInt(m[1] as string) },
  {
    // "Answer: 495" / "#### 495": complete once something other than a digit or comma follows.
    re: /(?:^|\n)\s*(?:Answer:|####)[ \t]*(-?)[ \t]*(\d[\d,]*)(?=[^\d,])/g,
    value: (m) => {
      const v = BigInt((m[2] as string).replace(/,/g, ""));
      return m[1] ? -v : v;
    },
  },
];

/** The first final answer in `output` that is certainly complete (something follows its last digit). */
function findCompleteAnswer(output: string): FoundAnswer | undefined {
  let best: (FoundAnswer & { start: number }) | undefined;
  for (const { re, value } of MARKERS) {
    re.lastIndex = 0;
    const m = re.exec(output);
    if (m && (!best || m.index < best.start))
      best = { start: m.index, end: m.index + m[0].length, value: value(m), text: m[0].replace(/^\s+/, "") };
  }
  if (!best) return undefined;
  const { start: _, ...found } = best;
  return found;
}

/**
 * The first final answer in `output` (also one at the very end of the text, "Answer: 495"), or
 * `undefined` when there is none. Text after it is ignored (a model that goes on to invent another
 * problem is graded on its first answer).
 */
export function findFinalAnswer(output: string): FoundAnswer | undefined {
  const found = findCompleteAnswer(output);
  if (!found) {
    // A bare answer at the very end of the output ("Answer: 495" with nothing after it).
    const tail = /(?:^|\n)\s*(?:Answer:|####)[ \t]*(-?)[ \t]*(\d[\d,]*)\s*$/.exec(output);
    if (tail) {
      const v = BigInt((tail[2] as string).replace(/,/g, ""));
      return { value: tail[1] ? -v : v, end: output.length, text: tail[0].trim() };
    }
    return undefined;
  }
  return found;
}

/**
 * Where generation can stop: just past the first complete final answer, or at the start of a new problem
 * the model began on its own (`\nProblem:`, `\nQ:`, `\nQuestion:`); `-1` while neither has happened.
 */
export function stopIndex(output: string): number {
  const found = findCompleteAnswer(output);
  const runaway = /\n\s*(?:Problem:|Q:|Question:)/.exec(output);
  const candidates = [found?.end, runaway?.index].filter((x): x is number => x !== undefined);
  return candidates.length ? Math.min(...candidates) : -1;
}

/** How an output was graded. */
export interface Grade {
  /** The extracted answer as a decimal string, or `null` when none could be read. */
  answer: string | null;
  /** `true` when no final answer could be read (counted as wrong, and reported on its own). */
  unparsable: boolean;
  /** `true` when the extracted answer equals the true result. */
  correct: boolean;
}

/** Extracts the final answer from `output` and compares it with `expected`. */
export function gradeOutput(output: string, expected: bigint): Grade {
  const found = findFinalAnswer(output);
  if (!found || found.value === undefined) return { answer: null, unparsable: true, correct: false };
  return { answer: String(found.value), unparsable: false, correct: found.value === expected };
}
