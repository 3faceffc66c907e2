/**
 * APE's prompt templates, word for word (paper Table 5 / Fig. 3 and the authors' code), and how they are
 * filled. Markers: `[APE]` where the proposer writes, `[PROMPT]` the instruction, `[INPUT]`/`[OUTPUT]` an
 * example, `[full_DEMO]` the demonstrations, `[INSTRUCTION]` the instruction to vary.
 * @module
 */
import type { Example } from "./tasks.js";

/** Forward-mode proposal templates. */
export const PROPOSAL_TEMPLATES = {
  /** The template of APE's instruction-induction script (with its "a instruction" typo, kept). */
  code: "I gave a friend a instruction. Based on the instruction they produced the following input-output pairs:\n\n[full_DEMO]\n\nThe instruction was to [APE]",
  /** The paper's forward template (Table 5 / Fig. 2, Honovich et al.'s induction prompt). */
  paper:
    "I gave a friend an instruction and five inputs. The friend read the instruction and wrote an output for every one of the inputs.\nHere are the input-output pairs:\n\n[full_DEMO]\n\nThe instruction was [APE]",
  /** The paper's reverse (insert) template: the slot is at the start. */
  insert:
    "I instructed my friend to [APE]. The friend read the instruction and wrote an output for every one of the inputs.\nHere are the input-output pairs:\n\n[full_DEMO]",
} as const;

/** The iterative Monte-Carlo resampling template (paper Fig. 3). */
export const RESAMPLE_TEMPLATE =
  "Generate a variation of the following instruction while keeping the semantic meaning.\n\nInput: [INSTRUCTION]\n\nOutput: [APE]";

/** Evaluation templates: how an instruction and an input are shown to the scorer. */
export const EVAL_TEMPLATES = {
  /** APE's instruction-induction script (a blank line after the instruction). */
  "instruction-induction": "Instruction: [PROMPT]\n\nInput: [INPUT]\nOutput: [OUTPUT]",
  /** The README's zero-shot template. */
  "zero-shot": "Instruction: [PROMPT]\nInput: [INPUT]\nOutput: [OUTPUT]",
  /** Instruction plus few-shot demonstrations. */
  "few-shot": "Instruction: [PROMPT]\n\n[full_DEMO]\n\nInput: [INPUT]\nOutput: [OUTPUT]",
} as const;

/** One demonstration, and how demonstrations are joined. */
export const DEMO_TEMPLATE = "Input: [INPUT]\nOutput: [OUTPUT]";

/** Demonstrations as one block: each example through {@link DEMO_TEMPLATE} (its first answer), joined by a blank line. */
export function formatDemos(demos: readonly Example[]): string {
  return demos.map((d) => DEMO_TEMPLATE.replace("[INPUT]", () => d.input).replace("[OUTPUT]", () => d.answers[0] ?? "")).join("\n\n");
}

type Marker = "APE" | "PROMPT" | "INPUT" | "OUTPUT" | "full_DEMO" | "INSTRUCTION";

/**
 * Fills the markers given in `values` in one pass (text inserted is never scanned again, so an
 * instruction that mentions "[INPUT]" stays as written); markers without a value are left as they are.
 */
export function fill(template: string, values: Partial<Record<Marker, string>>): string {
  return template.replace(/\[(APE|PROMPT|INPUT|OUTPUT|full_DEMO|INSTRUCTION)\]/g, (m, key: Marker) => values[key] ?? m);
}

/**
 * Splits a template at its `[APE]` slot: the text before is what a left-to-right model continues, the
 * text after is the suffix an infilling model must lead into.
 */
export function splitAtSlot(template: string): { prefix: string; suffix: string } {
  const i = template.indexOf("[APE]");
  if (i < 0) return { prefix: template, suffix: "" };
  return { prefix: template.slice(0, i), suffix: template.slice(i + "[APE]".length) };
}

/**
 * The evaluation query for one example: the template filled with the instruction, input, demos and an
 * empty output, split at `[OUTPUT]` — the scorer continues (execution) or is scored on (log-prob) what
 * follows the prefix.
 */
export function evalQuery(
  template: string,
  instruction: string,
  input: string,
  demos: readonly Example[] = [],
): { prefix: string; suffix: string } {
  const filled = fill(template, { PROMPT: instruction, INPUT: input, full_DEMO: formatDemos(demos) });
  const i = filled.lastIndexOf("[OUTPUT]");
  return i < 0 ? { prefix: filled, suffix: "" } : { prefix: filled.slice(0, i), suffix: filled.slice(i + "[OUTPUT]".length) };
}
