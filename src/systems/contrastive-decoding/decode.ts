/**
 * Contrastive decoding with an expert and an amateur {@link LanguageModel}: greedy, beam search and
 * sampling, streamed step by step with a trace of each choice.
 * @module
 */
import { createRng, InvalidInputError, throwIfAborted } from "../../core/index.js";
import { type LanguageModel, logSumExp, TextStreamer, type TokenDistribution } from "../../lm/index.js";
import { type Objective, type ObjectiveOptions, resolveObjective, type ScoredToken, scoreHead, scoreStep } from "./objective.js";
import { CD_DEFAULTS } from "./options.js";

/** What the amateur sees: the whole prompt, or only the prompt's last token (the paper's main setting). */
export type AmateurContext = "full" | "last-token";

/**
 * What each greedy or sampling step asks the runtime for. `"full"`: both models' whole distributions,
 * and every step reports log-probs over the whole vocabulary. `"plausible-set"`: only the expert's head
 * (top-k + min-p in llama.cpp's sampler) and the amateur's distribution restricted to V_head — the same
 * choices (the normalisers cancel; see `scoreHead`) at a fraction of the cost on large vocabularies, but
 * the reported log-probs and scores are renormalised over V_head. Beam search needs absolute
 * log-probs and always uses `"full"`.
 */
export type DistributionMode = "full" | "plausible-set";

/** Options of {@link contrastiveDecode}. */
export interface ContrastiveOptions extends ObjectiveOptions {
  /** Tokens to generate at most. Defaults to `256` (the paper). */
  maxTokens?: number;
  /** `"last-token"` (the paper's main results, `--ignore_prefix yes`) or `"full"`. Defaults to `"full"`. */
  amateurContext?: AmateurContext;
  /** Search: `"greedy"`, `"beam"` or `"sample"`. Defaults to `"beam"` when `beams > 1`, else `"greedy"`. */
  search?: "greedy" | "beam" | "sample";
  /** Beam width for `"beam"` (the paper uses 5). Defaults to `1`. */
  beams?: number;
  /** Temperature applied to CD scores when sampling. Defaults to `1`. */
  temperature?: number;
  /** Seed of the sampler (recorded in results). Defaults to `0`. */
  seed?: number | string;
  /**
   * Stop at the expert's end-of-sequence token. When `false`, EOS is banned and exactly `maxTokens`
   * tokens are produced, as in the paper (min_length = max_length). Defaults to `true`.
   */
  stopAtEos?: boolean;
  /**
   * `"full"` or `"plausible-set"` (greedy and sampling only; see {@link DistributionMode}). Defaults to
   * `"full"`. Backends without partial distributions use `"full"` whatever is asked.
   */
  distribution?: DistributionMode;
  /** Number of plausible-set entries kept in each step's trace. Defaults to `10`. */
  traceTop?: number;
  signal?: AbortSignal;
}

/** One decoding step: the chosen token and why. */
export interface ContrastiveStep {
  token: number;
  /** Text this token completed (streaming; may be ""). */
  text: string;
  /** log p_EXP(token), over the whole vocabulary or renormalised over V_head (see {@link normalisedOver}). */
  expertLogProb: number;
  /** The amateur term used in the score (tempered log-prob, or raw log-prob in the logit form), normalised like {@link expertLogProb}. */
  amateurLogProb: number;
  /** The CD score; with `normalisedOver: "plausible-set"` it differs from the full one by a per-step constant. */
  score: number;
  /** What the two log-probs are normalised over: `"vocabulary"` (exact) or `"plausible-set"` (V_head). */
  normalisedOver: "vocabulary" | "plausible-set";
  /** |V_head| at this step. */
  plausibleSetSize: number;
  /** The best-scoring plausible tokens (at most `traceTop`), highest score first. */
  plausible: ScoredToken[];
  /** Rank of the chosen token in the expert's own ordering (0 = the expert's greedy choice). */
  expertRank: number;
}

/** Result of {@link generateContrastive}. */
export interface ContrastiveResult {
  text: string;
  tokens: number[];
  steps: ContrastiveStep[];
  /** Objective and search actually used, for the record. */
  settings: Objective & {
    amateurContext: AmateurContext;
    search: string;
    beams: number;
    maxTokens: number;
    seed: number | string;
    temperature: number;
    distribution: DistributionMode;
  };
}

/** Throws a one-line error unless the two models can be contrasted token by token. */
export function checkPair(expert: LanguageModel, amateur: LanguageModel): void {
  // Capability first: a top-k-only backend has no real vocabulary to compare, so that is the real problem.
  for (const m of [expert, amateur])
    if (!m.capabilities.fullDistribution)
      throw new InvalidInputError(
        `${m.name} (${m.backend}) gives only top-${m.capabilities.topK} log-probabilities; contrastive decoding needs full distributions (use a GGUF model).`,
      );
  if (expert.vocabularyFingerprint !== amateur.vocabularyFingerprint || expert.vocabSize !== amateur.vocabSize)
    throw new InvalidInputError(
      `Expert ${expert.name} and amateur ${amateur.name} do not share a vocabulary (${expert.vocabSize} vs ${amateur.vocabSize} tokens, fingerprints ${expert.vocabularyFingerprint} vs ${amateur.vocabularyFingerprint}); pick an amateur from the expert's model family.`,
    );
}

/**
 * Rank of entry `index` by value (ties: lower token id first). `ids` maps entries to token ids when
 * `logProbs` covers only part of the vocabulary (a head holding every token that outranks the entry).
 */
function rankOf(logProbs: ArrayLike<number>, index: number, ids?: readonly number[]): number {
  const v = logProbs[index] as number;
  const id = (i: number) => (ids ? (ids[i] as number) : i);
  let rank = 0;
  for (let i = 0; i < logProbs.length; i++) {
    const w = logProbs[i] as number;
    if (w > v || (w === v && id(i) < id(index))) rank++;
  }
  return rank;
}

interface Beam {
  expertCtx: number[];
  amateurCtx: number[];
  generated: number[];
  score: number;
  steps: Omit<ContrastiveStep, "text">[];
  done: boolean;
}

/**
 * Streams contrastive decoding of `prompt`. Greedy and sampling yield each step as it is chosen; beam
 * search yields the winning beam's steps at the end.
 * @example
 * for await (const step of contrastiveDecode(expert, amateur, "The city of Kyoto", { maxTokens: 64 }))
 *   process.stdout.write(step.text);
 */
export async function* contrastiveDecode(
  expert: LanguageModel,
  amateur: LanguageModel,
  prompt: string | readonly number[],
  options: ContrastiveOptions = {},
): AsyncGenerator<ContrastiveStep> {
  checkPair(expert, amateur);
  const s = resolveSettings(expert, options);
  let promptIds = typeof prompt === "string" ? await expert.tokenize(prompt) : [...prompt];
  if (promptIds.length === 0) {
    if (expert.eosToken === undefined) throw new InvalidInputError("The prompt is empty; give some text.");
    promptIds = [expert.eosToken];
  }
  const room = Math.min(expert.contextSize, amateur.contextSize);
  if (promptIds.length + s.maxTokens > room)
    throw new InvalidInputError(
      `The prompt (${promptIds.length} tokens) plus ${s.maxTokens} new tokens exceeds the ${room} positions the models were opened with; generate at most ${Math.max(0, room - promptIds.length)} tokens or shorten the prompt.`,
    );
  const amateurStart = s.amateurContext === "full" ? [...promptIds] : promptIds.slice(-1);
  const streamer = new TextStreamer(expert);
  const traceTop = options.traceTop ?? 10;
  const rng = createRng(s.seed);

  if (s.search !== "beam") {
    const ctxE = [...promptIds];
    const ctxA = amateurStart;
    const sig = options.signal ? { signal: options.signal } : {};
    const head = s.distribution === "plausible-set" ? expert.nextTokenHead?.bind(expert) : undefined;
    const restricted = s.distribution === "plausible-set" ? amateur.nextTokenRestricted?.bind(amateur) : undefined;
    for (let i = 0; i < s.maxTokens; i++) {
      throwIfAborted(options.signal);
      let scored: ScoredToken[] | undefined;
      let rank: (token: number) => number = () => 0;
      if (head && restricted) {
        // The expert's head at α/2 (V_head is cut at α here, by the same test as plausibleSet), then the
        // amateur restricted to V_head: two small transfers instead of two whole vocabularies.
        const h = await head(ctxE, s.alpha / 2, sig);
        scored = await scoreHead(h, async (tokens) => (await restricted(ctxA, tokens, sig)).logProbs, s, s.alpha / 2);
        rank = (token) => rankOf(h.logProbs, h.tokens.indexOf(token), h.tokens);
      }
      const normalisedOver = scored ? ("plausible-set" as const) : ("vocabulary" as const);
      if (!scored) {
        const [dE, dA] = await Promise.all([expert.nextTokenLogProbs(ctxE, sig), amateur.nextTokenLogProbs(ctxA, sig)]);
        scored = scoreStep(dE.logProbs, dA.logProbs, s);
        rank = (token) => rankOf(dE.logProbs, token);
      }
      const chosen = s.search === "sample" ? sampleScored(scored, s.temperature, rng) : (scored[0] as ScoredToken);
      if (s.stopAtEos && chosen.token === expert.eosToken) return;
      ctxE.push(chosen.token);
      ctxA.push(chosen.token);
      yield {
        ...chosen,
        normalisedOver,
        text: await streamer.push(chosen.token),
        plausibleSetSize: scored.length,
        plausible: scored.slice(0, traceTop),
        expertRank: rank(chosen.token),
      };
    }
    return;
  }

  let beams: Beam[] = [{ expertCtx: [...promptIds], amateurCtx: amateurStart, generated: [], score: 0, steps: [], done: false }];
  const finished: Beam[] = [];
  for (let i = 0; i < s.maxTokens && beams.length > 0; i++) {
    throwIfAborted(options.signal);
    const sig = options.signal ? { signal: options.signal } : {};
    const [dEs, dAs] = await Promise.all([
      expert.nextTokenLogProbsBatch(
        beams.map((b) => b.expertCtx),
        sig,
      ),
      amateur.nextTokenLogProbsBatch(
        beams.map((b) => b.amateurCtx),
        sig,
      ),
    ]);
    const candidates: { beam: Beam; scored: ScoredToken; all: ScoredToken[]; dE: TokenDistribution; order: number }[] = [];
    beams.forEach((b, bi) => {
      const dE = dEs[bi] as TokenDistribution;
      const all = scoreStep(dE.logProbs, (dAs[bi] as TokenDistribution).logProbs, s);
      all.forEach((scored, j) => {
        candidates.push({ beam: b, scored, all, dE, order: bi * 1e7 + j });
      });
    });
    // Beam scores accumulate CD scores; ties go to the earlier beam, then the better-ranked token.
    candidates.sort((x, y) => y.beam.score + y.scored.score - (x.beam.score + x.scored.score) || x.order - y.order);
    const next: Beam[] = [];
    for (const c of candidates) {
      if (next.length >= s.beams) break;
      const step = {
        ...c.scored,
        normalisedOver: "vocabulary" as const,
        plausibleSetSize: c.all.length,
        plausible: c.all.slice(0, traceTop),
        expertRank: rankOf(c.dE.logProbs, c.scored.token),
      };
      const score = c.beam.score + c.scored.score;
      if (s.stopAtEos && c.scored.token === expert.eosToken) {
        finished.push({ ...c.beam, score, done: true });
        continue;
      }
      next.push({
        expertCtx: [...c.beam.expertCtx, c.scored.token],
        amateurCtx: [...c.beam.amateurCtx, c.scored.token],
        generated: [...c.beam.generated, c.scored.token],
        score,
        steps: [...c.beam.steps, step],
        done: false,
      });
    }
    beams = next;
  }
  const best = [...finished, ...beams].sort((x, y) => y.score - x.score)[0];
  if (!best) return;
  for (const st of best.steps) yield { ...st, text: await streamer.push(st.token) };
}

function sampleScored(scored: ScoredToken[], temperature: number, rng: ReturnType<typeof createRng>): ScoredToken {
  const z = logSumExp(scored.map((x) => x.score / temperature));
  return scored[rng.weighted(scored.map((x) => Math.exp(x.score / temperature - z)))] as ScoredToken;
}

function resolveSettings(expert: LanguageModel, o: ContrastiveOptions) {
  const stopAtEos = o.stopAtEos ?? true;
  const banned = [...(o.banned ?? []), ...(!stopAtEos && expert.eosToken !== undefined ? [expert.eosToken] : [])];
  const objective = resolveObjective({ ...o, banned });
  const beams = o.beams ?? CD_DEFAULTS.beams;
  if (!(Number.isInteger(beams) && beams >= 1)) throw new InvalidInputError(`beams must be a whole number >= 1, got ${beams}.`);
  const search = o.search ?? (beams > 1 ? "beam" : "greedy");
  if (!["greedy", "beam", "sample"].includes(search))
    throw new InvalidInputError(`search must be greedy, beam or sample, got "${search}".`);
  const maxTokens = o.maxTokens ?? CD_DEFAULTS.maxTokens;
  if (!(Number.isInteger(maxTokens) && maxTokens >= 1))
    throw new InvalidInputError(`maxTokens must be a whole number >= 1, got ${maxTokens}.`);
  const amateurContext = o.amateurContext ?? CD_DEFAULTS.amateurContext;
  if (amateurContext !== "full" && amateurContext !== "last-token")
    throw new InvalidInputError(`amateurContext must be "full" or "last-token", got "${amateurContext}".`);
  const temperature = o.temperature ?? CD_DEFAULTS.temperature;
  if (!(temperature > 0)) throw new InvalidInputError(`temperature must be > 0, got ${temperature}.`);
  const distribution = o.distribution ?? CD_DEFAULTS.distribution;
  if (distribution !== "full" && distribution !== "plausible-set")
    throw new InvalidInputError(`distribution must be "full" or "plausible-set", got "${distribution}".`);
  if (distribution === "plausible-set" && search === "beam")
    throw new InvalidInputError(
      'Beam search adds absolute log-probabilities across beams, so it needs distribution "full"; drop --distribution plausible-set or use greedy or sampling.',
    );
  return { ...objective, stopAtEos, beams, search, maxTokens, amateurContext, temperature, seed: o.seed ?? CD_DEFAULTS.seed, distribution };
}

/** Runs {@link contrastiveDecode} to the end and collects text, tokens and the step trace. */
export async function generateContrastive(
  expert: LanguageModel,
  amateur: LanguageModel,
  prompt: string | readonly number[],
  options: ContrastiveOptions = {},
): Promise<ContrastiveResult> {
  const s = resolveSettings(expert, options);
  const steps: ContrastiveStep[] = [];
  for await (const step of contrastiveDecode(expert, amateur, prompt, options)) steps.push(step);
  const tokens = steps.map((x) => x.token);
  const { stopAtEos: _stop, ...settings } = s;
  return { text: await expert.detokenize(tokens), tokens, steps, settings };
}

/** Named parameter sets. They are not equivalent: see docs/contrastive-decoding.md. */
export const PRESETS = {
  /** Li et al. 2022: log-prob form, c = 1, τ = 0.5 (GPT-2 amateur), α = 0.1, 5 beams, 256 tokens, amateur sees the last prompt token, fixed length. */
  li2022: {
    form: "log-prob",
    alpha: 0.1,
    coefficient: 1,
    amateurTemperature: 0.5,
    beams: 5,
    search: "beam",
    maxTokens: 256,
    amateurContext: "last-token",
    stopAtEos: false,
  },
  /** O'Brien & Lewis 2023: logit form, β = 0.5, α = 0.1, greedy, amateur sees the full context. */
  obrien2023: { form: "logit", alpha: 0.1, beta: 0.5, search: "greedy", amateurContext: "full" },
} as const satisfies Record<string, ContrastiveOptions>;
