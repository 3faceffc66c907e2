/**
 * Every model request of a search goes through one {@link CallLedger}: it counts calls and tokens,
 * enforces the `maxCalls` / `maxTokens` ceilings, and keeps a persistent call cache (a JSONL file, one
 * line per answered request, appended as soon as the answer arrives) so that a repeated or resumed run
 * sends no request twice.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { YomikaiError } from "../../core/index.js";
import { type CompleteOptions, type Completion, completeText, type LanguageModel, scoreContinuation } from "../../lm/index.js";

/** Requests and tokens spent. */
export interface Budget {
  /** Generation or scoring requests sent to a model (proposal, scoring, testing); cache hits and tokenizer calls excluded. */
  calls: number;
  /** Prompt tokens of those requests (for scoring requests: context plus scored tokens). */
  promptTokens: number;
  /** Generated tokens of those requests. */
  completionTokens: number;
  /** Requests answered from the call cache (cost nothing). */
  cachedCalls: number;
  /** `true` when a server reported no usage and some token counts are estimates (characters ÷ 4). */
  estimated?: boolean;
}

/** Thrown when the next request would pass `maxCalls` or `maxTokens`. */
export class BudgetExceededError extends YomikaiError {
  constructor(
    readonly limit: "max-calls" | "max-tokens",
    value: number,
  ) {
    super(`The budget is spent (--${limit} ${value}); raise it, or rerun: answered calls are cached and cost nothing again.`, {
      code: "budget-exceeded",
    });
    this.name = "BudgetExceededError";
  }
}

/** Options of {@link CallLedger}. */
export interface LedgerOptions {
  /** Most requests to send. Defaults to unlimited. */
  maxCalls?: number;
  /** Most prompt plus completion tokens to spend. Defaults to unlimited. */
  maxTokens?: number;
  /** The call-cache JSONL file; without one, nothing is cached across runs. */
  cacheFile?: string;
}

interface CacheLine {
  key: string;
  value: unknown;
}

/** The ledger of one run. Safe under concurrent calls. */
export class CallLedger {
  readonly budget: Budget = { calls: 0, promptTokens: 0, completionTokens: 0, cachedCalls: 0 };
  private readonly cache = new Map<string, unknown>();
  private inFlight = 0;
  private appending: Promise<void> = Promise.resolve();

  constructor(private readonly options: LedgerOptions = {}) {
    const file = options.cacheFile;
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (!line.trim()) continue;
        try {
          const r = JSON.parse(line) as CacheLine;
          if (typeof r.key === "string") this.cache.set(r.key, r.value);
        } catch {
          // a torn last line from an interrupted run: that call is simply made again
        }
      }
    }
  }

  private keyOf(lm: LanguageModel, kind: string, payload: unknown): string {
    return createHash("sha256")
      .update(JSON.stringify([lm.backend, lm.name, kind, payload]))
      .digest("hex");
  }

  private reserve(): void {
    const { maxCalls, maxTokens } = this.options;
    if (maxCalls !== undefined && this.budget.calls + this.inFlight >= maxCalls) throw new BudgetExceededError("max-calls", maxCalls);
    if (maxTokens !== undefined && this.budget.promptTokens + this.budget.completionTokens >= maxTokens)
      throw new BudgetExceededError("max-tokens", maxTokens);
    this.inFlight++;
  }

  private remember(key: string, value: unknown): void {
    this.cache.set(key, value);
    const file = this.options.cacheFile;
    if (!file) return;
    const line = `${JSON.stringify({ key, value })}\n`;
    this.appending = this.appending.then(async () => {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, line);
    });
  }

  /** Waits until every answered call is on disk. */
  async flush(): Promise<void> {
    await this.appending;
  }

  /** One completion (counted, cached, within the budget). */
  async complete(lm: LanguageModel, prompt: string, options: CompleteOptions = {}): Promise<Completion> {
    const { signal, ...settings } = options;
    const key = this.keyOf(lm, "complete", [prompt, settings]);
    const hit = this.cache.get(key) as Completion | undefined;
    if (hit) {
      this.budget.cachedCalls++;
      return hit;
    }
    this.reserve();
    let c: Completion;
    try {
      c = await completeText(lm, prompt, options);
    } finally {
      this.inFlight--;
    }
    this.budget.calls++;
    this.budget.promptTokens += c.promptTokens;
    this.budget.completionTokens += c.completionTokens;
    if (c.estimated) this.budget.estimated = true;
    this.remember(key, c);
    return c;
  }

  /** Mean per-token log-probability of `continuation` after `context` (counted, cached, within the budget). */
  async meanLogProb(lm: LanguageModel, context: string, continuation: string, signal?: AbortSignal): Promise<number> {
    const key = this.keyOf(lm, "score", [context, continuation]);
    const hit = this.cache.get(key) as number | null | undefined;
    if (hit !== undefined) {
      this.budget.cachedCalls++;
      return hit ?? Number.NEGATIVE_INFINITY; // JSON keeps -Infinity as null
    }
    this.reserve();
    let value: number;
    let tokens = 0;
    try {
      const s = await scoreContinuation(lm, context, continuation, signal ? { signal } : {});
      value = s.tokens > 0 ? s.logProb / s.tokens : 0;
      tokens = s.contextTokens + s.tokens;
    } finally {
      this.inFlight--;
    }
    this.budget.calls++;
    this.budget.promptTokens += tokens;
    this.remember(key, value);
    return value;
  }
}
