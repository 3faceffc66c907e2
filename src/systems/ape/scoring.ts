/**
 * Scoring an instruction on one example (APE §3.2): execution accuracy (the scorer answers the
 * example under the instruction; the answer is graded with the task's metric) or log-probability (the
 * mean per-token log-probability of the gold answer under the instruction).
 * @module
 */
import { createRng, InvalidInputError } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";
import type { CallLedger } from "./ledger.js";
import { type MetricName, scoreAnswer } from "./metrics.js";
import { subsample } from "./propose.js";
import type { Example } from "./tasks.js";
import { EVAL_TEMPLATES, evalQuery } from "./templates.js";

/** How a candidate is scored during the search. */
export type ScoreMethod = "exec" | "logprob";

/** Options of {@link InstructionScorer}. */
export interface ScorerOptions {
  /** `exec` (execution accuracy, the default) or `logprob`. */
  method?: ScoreMethod;
  /**
   * Evaluation template: `"instruction-induction"` (the default), `"zero-shot"`, `"few-shot"`, or a
   * template string with `[PROMPT]`, `[INPUT]`, `[OUTPUT]` (and `[full_DEMO]`).
   */
  template?: string;
  /** Demonstrations per query when the template has `[full_DEMO]`. Defaults to `5`. */
  fewShot?: number;
  /** Sampling temperature of the scorer's answers. Defaults to `0` (greedy; APE's code used 0.7). */
  temperature?: number;
  /** Most tokens per answer. Defaults to `40`. */
  maxTokens?: number;
  /** Seed of the few-shot draws and of sampled answers. Defaults to `0`. */
  seed?: number | string;
}

function resolveEvalTemplate(t: string | undefined): string {
  if (t === undefined) return EVAL_TEMPLATES["instruction-induction"];
  if (t in EVAL_TEMPLATES) return EVAL_TEMPLATES[t as keyof typeof EVAL_TEMPLATES];
  if (!t.includes("[PROMPT]") || !t.includes("[INPUT]") || !t.includes("[OUTPUT]"))
    throw new InvalidInputError(
      `An evaluation template needs [PROMPT], [INPUT] and [OUTPUT]; use one of ${Object.keys(EVAL_TEMPLATES).join(", ")} or write one with those markers.`,
    );
  return t;
}

/** Scores instructions on examples with one model, metric and template. */
export class InstructionScorer {
  readonly method: ScoreMethod;
  private readonly template: string;
  constructor(
    private readonly model: LanguageModel,
    private readonly metric: MetricName,
    private readonly demoPool: readonly Example[],
    private readonly ledger: CallLedger,
    private readonly options: ScorerOptions = {},
  ) {
    this.method = options.method ?? "exec";
    this.template = resolveEvalTemplate(options.template);
  }

  private demosFor(key: string): Example[] {
    if (!this.template.includes("[full_DEMO]")) return [];
    return subsample(this.demoPool, this.options.fewShot ?? 5, createRng(`ape-fewshot:${this.options.seed ?? 0}:${key}`));
  }

  /** The model's answer to `example` under `instruction` (execution), before grading. */
  async answer(instruction: string, example: Example, key: string, signal?: AbortSignal): Promise<string> {
    const { prefix } = evalQuery(this.template, instruction, example.input, this.demosFor(key));
    const c = await this.ledger.complete(this.model, prefix.trimEnd(), {
      maxTokens: this.options.maxTokens ?? 40,
      temperature: this.options.temperature ?? 0,
      seed: `${this.options.seed ?? 0}:answer:${key}`,
      stop: ["\nInput:", "\nInstruction:"],
      ...(signal ? { signal } : {}),
    });
    return c.text;
  }

  /** Execution accuracy (0..1 with the task's metric) of `instruction` on one example. */
  async execScore(instruction: string, example: Example, key: string, signal?: AbortSignal): Promise<number> {
    return scoreAnswer(this.metric, await this.answer(instruction, example, key, signal), example.answers);
  }

  /**
   * The search score of `instruction` on one example: execution accuracy, or the mean per-token
   * log-probability of the example's first answer (a trailing space of the prompt moves to the answer,
   * as lm-eval-harness does).
   */
  async score(instruction: string, example: Example, key: string, signal?: AbortSignal): Promise<number> {
    if (this.method === "exec") return this.execScore(instruction, example, key, signal);
    const { prefix } = evalQuery(this.template, instruction, example.input, this.demosFor(key));
    const context = prefix.trimEnd();
    const gap = prefix.slice(context.length);
    return this.ledger.meanLogProb(this.model, context, `${gap}${example.answers[0] ?? ""}`, signal);
  }
}
