/**
 * Instruction proposals (APE §3.1 and §3.3): forward generation (the model continues a template that
 * ends where the instruction goes), insert generation (the slot is at the start of the template), and
 * resampling variations of good instructions.
 * @module
 */
import { createRng, type Rng } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import type { CallLedger } from "./ledger.js";
import type { Example } from "./tasks.js";
import { fill, formatDemos, PROPOSAL_TEMPLATES, RESAMPLE_TEMPLATE, splitAtSlot } from "./templates.js";

/** How proposals are generated. */
export type ProposalMode = "forward" | "insert";

/** Options of {@link proposeInstructions}. */
export interface ProposeOptions {
  /** Proposals to request in all (duplicates are dropped afterwards). Defaults to `50`. */
  candidates?: number;
  /** Demonstrations shown per proposal query. Defaults to `5`. */
  demos?: number;
  /** Proposals per demonstration subsample (APE's simple_ape: 10). Defaults to `10`. */
  perSubsample?: number;
  /** `forward` (default) or `insert`. */
  mode?: ProposalMode;
  /**
   * The forward template: `"code"` (APE's instruction-induction script, the default), `"paper"` (Table 5),
   * or a template string with `[full_DEMO]` and `[APE]`.
   */
  template?: string;
  /** Sampling temperature of the proposer. Defaults to `0.9` (APE's setting). */
  temperature?: number;
  /** Nucleus mass of the proposer. Defaults to `0.9`. */
  topP?: number;
  /** Most tokens per proposal. Defaults to `50`. */
  maxTokens?: number;
  /** Seed of demo subsampling and of each sampled proposal. Defaults to `0`. */
  seed?: number | string;
  /** Called with each new (deduplicated) proposal as it arrives. */
  onCandidate?: (instruction: string) => void;
  signal?: AbortSignal;
}

/** Cleans a raw proposal: the first line, trimmed, without the slot's closing period echo for insert mode. */
export function cleanProposal(text: string): string {
  const line = text.replace(/^\s+/, "").split("\n")[0] ?? "";
  return line.trim();
}

/** Draws `k` distinct examples (all of them when the pool is smaller). */
export function subsample<T>(pool: readonly T[], k: number, rng: Rng): T[] {
  return rng.shuffle([...pool]).slice(0, Math.min(k, pool.length));
}

/**
 * The query sent to the proposer for one demonstration subsample. Forward mode continues the template's
 * text before `[APE]`. Insert mode: a left-to-right model cannot fill a slot, so the text after the slot
 * (the demonstrations) is shown first and the slot's sentence opening is continued — the infilling models
 * the paper used (T5, GLM, InsertGPT) do not run in llama.cpp.
 */
export function proposalQuery(mode: ProposalMode, template: string, demos: readonly Example[]): string {
  const t = mode === "insert" ? PROPOSAL_TEMPLATES.insert : template;
  const filled = fill(t, { full_DEMO: formatDemos(demos) });
  const { prefix, suffix } = splitAtSlot(filled);
  if (mode === "forward") return prefix.trim();
  return `${suffix.replace(/^\.\s*/, "").trim()}\n\n${prefix.trim()}`;
}

function resolveTemplate(template: string | undefined): string {
  if (template === undefined || template === "code") return PROPOSAL_TEMPLATES.code;
  if (template === "paper") return PROPOSAL_TEMPLATES.paper;
  return template;
}

/** Generates proposals; returns them deduplicated in the order they arrived. */
export async function proposeInstructions(
  proposer: LanguageModel,
  pool: readonly Example[],
  ledger: CallLedger,
  options: ProposeOptions = {},
): Promise<string[]> {
  const total = options.candidates ?? 50;
  const per = options.perSubsample ?? 10;
  const mode = options.mode ?? "forward";
  const template = resolveTemplate(options.template);
  const seed = options.seed ?? 0;
  const rng = createRng(`ape-propose:${seed}`);
  const seen = new Set<string>();
  const out: string[] = [];
  for (let s = 0, made = 0; made < total; s++) {
    const demos = subsample(pool, options.demos ?? 5, rng);
    const query = proposalQuery(mode, template, demos);
    const n = Math.min(per, total - made);
    for (let j = 0; j < n; j++, made++) {
      const c = await ledger.complete(proposer, query, {
        temperature: options.temperature ?? 0.9,
        topP: options.topP ?? 0.9,
        maxTokens: options.maxTokens ?? 50,
        seed: `${seed}:propose:${s}:${j}`,
        stop: mode === "insert" ? ["\n", ". "] : ["\n"],
        ...(options.signal ? { signal: options.signal } : {}),
      });
      let instruction = cleanProposal(c.text);
      if (mode === "insert") instruction = instruction.replace(/\.$/, "");
      if (instruction && !seen.has(instruction)) {
        seen.add(instruction);
        out.push(instruction);
        options.onCandidate?.(instruction);
      }
    }
  }
  return out;
}

/** Variations of `instruction` (iterative Monte-Carlo search, paper Fig. 3). */
export async function resampleInstruction(
  proposer: LanguageModel,
  instruction: string,
  count: number,
  ledger: CallLedger,
  options: { temperature?: number; maxTokens?: number; seed?: number | string; signal?: AbortSignal } = {},
): Promise<string[]> {
  const query = splitAtSlot(fill(RESAMPLE_TEMPLATE, { INSTRUCTION: instruction })).prefix.trimEnd();
  const out: string[] = [];
  for (let j = 0; j < count; j++) {
    const c = await ledger.complete(proposer, query, {
      temperature: options.temperature ?? 0.9,
      topP: 0.9,
      maxTokens: options.maxTokens ?? 50,
      seed: `${options.seed ?? 0}:resample:${instruction}:${j}`,
      stop: ["\n"],
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const v = cleanProposal(c.text);
    if (v && v !== instruction && !out.includes(v)) out.push(v);
  }
  return out;
}
