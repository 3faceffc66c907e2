/** Flags, model loading and problem parsing shared by the `algo` commands. */
import { createRng, InvalidInputError, type OnProgress, UsageError } from "../../../core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../../lm/index.js";
import {
  ALGO_DEFAULTS,
  checkTask,
  DEMO_CONTEXT,
  DEMO_MODEL,
  type Problem,
  parseBits,
  parseOperand,
  randomProblem,
  TASKS,
  type Task,
  writeAlgoDemoModel,
} from "../../../systems/algorithmic-prompting/index.js";

/** Flags that open a model. */
export const modelFlags = {
  model: {
    type: "string",
    description: `Model: "${DEMO_MODEL}" (a tiny random-weight GGUF written on first use, no download: its answers are noise, accuracy ≈ 0, it shows the mechanics), a .gguf path, hf:<owner>/<repo>/<file.gguf>, or openai:<baseUrl>#<model>.`,
    default: DEMO_MODEL,
    placeholder: "M",
  },
  context: {
    type: "number",
    description: `Context in tokens to open the model with (llama.cpp: capped by its training context), or the served context of an openai: model (default ${DEMO_CONTEXT} for GGUF; unknown for openai:).`,
    integer: true,
    min: 64,
    placeholder: "N",
  },
  threads: { type: "number", description: "CPU threads for llama.cpp (default: cores − 1, at least 1).", integer: true, min: 1, max: 256 },
} as const;

/** Opens the model named by `--model` (writing the demo model first when it is `demo`). */
export async function openModel(
  flags: { model: string; context?: number | undefined; threads?: number | undefined },
  progress: OnProgress,
  signal: AbortSignal,
): Promise<{ model: LanguageModel; demo: boolean }> {
  const demo = flags.model === DEMO_MODEL;
  const ref = demo ? writeAlgoDemoModel() : flags.model;
  const model = await loadLanguageModel(ref, {
    contextSize: flags.context ?? DEMO_CONTEXT,
    onProgress: progress,
    signal,
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
    ...(flags.context !== undefined ? { openai: { contextSize: flags.context } } : {}),
  });
  return { model, demo };
}

/** Runs `parse` on a flag value; its bad-input error becomes a usage error (exit 2) naming the flag. */
export function parseFlag<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof InvalidInputError) throw new UsageError(err.message.startsWith(flag) ? err.message : `${flag}: ${err.message}`);
    throw err;
  }
}

/** The `--task` flag. */
export const taskFlag = { type: "string", description: "Algorithm.", choices: TASKS, default: ALGO_DEFAULTS.task } as const;

/** The flags that name one problem (`--task`, `--a`, `--b`, `--bits`). */
export const problemFlags = {
  task: taskFlag,
  a: { type: "string", description: "First operand (any number of digits).", placeholder: "N" },
  b: { type: "string", description: "Second operand.", placeholder: "N" },
  bits: { type: "string", description: "Parity: the list, e.g. 1,1,0,1,0.", placeholder: "LIST" },
} as const;

/** Reads the problem of `algo trace` from `--a/--b`, `--bits` or `--digits` (random, seeded). */
export function problemFromFlags(flags: {
  task: string;
  a?: string | undefined;
  b?: string | undefined;
  bits?: string | undefined;
  digits?: number | undefined;
  seed: number;
}): Problem {
  const task: Task = checkTask(flags.task);
  if (flags.digits !== undefined) {
    if (flags.a !== undefined || flags.b !== undefined || flags.bits !== undefined)
      throw new UsageError("Give either --digits (a random problem) or the problem itself (--a/--b, or --bits for parity), not both.");
    return randomProblem(task, flags.digits, createRng(flags.seed));
  }
  if (task === "parity") {
    if (flags.bits === undefined) throw new UsageError("Parity needs --bits, e.g. --bits 1,1,0,1,0 (or --digits N for a random list).");
    const bits = flags.bits;
    return { task, bits: parseFlag("--bits", () => parseBits(bits)) };
  }
  if (flags.a === undefined || flags.b === undefined)
    throw new UsageError(`${task} needs --a and --b, e.g. --a 128 --b 367 (or --digits N for random operands).`);
  const [a, b] = [flags.a, flags.b];
  return { task, a: parseFlag("--a", () => parseOperand(a, "--a")), b: parseFlag("--b", () => parseOperand(b, "--b")) };
}
