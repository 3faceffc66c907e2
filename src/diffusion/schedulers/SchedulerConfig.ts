/**
 * `scheduler/scheduler_config.json` of a Hugging Face diffusers model, and the noise schedule it
 * defines: β_t, ᾱ_t = Π(1 − β), and the Karras-style σ_t = √((1 − ᾱ_t)/ᾱ_t).
 * @module
 */
import { FileFormatError, InvalidInputError } from "../../core/index.js";

/** The fields of `scheduler_config.json` the schedulers read (snake_case, as diffusers writes them). */
export interface SchedulerConfig {
  /** diffusers class, e.g. `"EulerAncestralDiscreteScheduler"`; picks the default scheduler. */
  _class_name?: string;
  /** Training steps T. Defaults to `1000`. */
  num_train_timesteps?: number;
  /** First β. Defaults to `0.0001` (diffusers); Stable Diffusion ships `0.00085`. */
  beta_start?: number;
  /** Last β. Defaults to `0.02` (diffusers); Stable Diffusion ships `0.012`. */
  beta_end?: number;
  /** `"linear"`, `"scaled_linear"` or `"squaredcos_cap_v2"`. Defaults to `"linear"`. */
  beta_schedule?: string;
  /** Explicit β list (overrides the schedule). */
  trained_betas?: number[] | null;
  /** `"epsilon"` or `"v_prediction"`. Defaults to `"epsilon"`. */
  prediction_type?: string;
  /** Added to `leading` timesteps. Defaults to `0` (SD ships `1`). */
  steps_offset?: number;
  /** `"linspace"`, `"leading"` or `"trailing"`; when absent each scheduler uses its diffusers default. */
  timestep_spacing?: string;
  /** DDIM: use ᾱ = 1 after the last step. Defaults to `true`. */
  set_alpha_to_one?: boolean;
  /** DPM-Solver: `"zero"` or `"sigma_min"`. Defaults to `"zero"`. */
  final_sigmas_type?: string;
  /** DPM-Solver: use first order on the last step for short runs. Defaults to `true`. */
  lower_order_final?: boolean;
  /** DPM-Solver: order (1 or 2). Defaults to `2`. */
  solver_order?: number;
  [key: string]: unknown;
}

/** The config Stable Diffusion 1.x and InstructPix2Pix ship (used when a folder has none). */
export const STABLE_DIFFUSION_SCHEDULER_CONFIG: SchedulerConfig = {
  _class_name: "EulerAncestralDiscreteScheduler",
  num_train_timesteps: 1000,
  beta_start: 0.00085,
  beta_end: 0.012,
  beta_schedule: "scaled_linear",
  prediction_type: "epsilon",
  steps_offset: 1,
};

const NUMBER_FIELDS: readonly { key: string; min: number; max: number; integer?: boolean }[] = [
  { key: "num_train_timesteps", min: 2, max: 100_000, integer: true },
  { key: "beta_start", min: 0, max: 1 },
  { key: "beta_end", min: 0, max: 1 },
  { key: "steps_offset", min: 0, max: 1000, integer: true },
  { key: "solver_order", min: 1, max: 3, integer: true },
];
const STRING_FIELDS = ["_class_name", "beta_schedule", "prediction_type", "timestep_spacing", "final_sigmas_type"] as const;

/**
 * Checks a parsed `scheduler_config.json` (as diffusers, absent keys take their defaults) and returns
 * it typed. Wrong types and out-of-range values are refused with the file and the key named.
 * @throws {FileFormatError} when the content is not an object or a field has the wrong type or range.
 */
export function checkSchedulerConfig(raw: unknown, path = "scheduler_config.json"): SchedulerConfig {
  const bad = (detail: string) =>
    new FileFormatError("scheduler config", path, `${detail}; fix the file or delete it to use the Stable Diffusion defaults`);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw bad("expected a JSON object");
  const c = raw as Record<string, unknown>;
  for (const { key, min, max, integer } of NUMBER_FIELDS) {
    const v = c[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
      throw bad(`"${key}" must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  for (const key of STRING_FIELDS) {
    const v = c[key];
    if (v !== undefined && v !== null && typeof v !== "string") throw bad(`"${key}" must be a string, got ${JSON.stringify(v)}`);
  }
  const tb = c.trained_betas;
  if (tb !== undefined && tb !== null && (!Array.isArray(tb) || tb.some((b) => typeof b !== "number" || !(b >= 0 && b < 1))))
    throw bad('"trained_betas" must be a list of numbers between 0 and 1');
  if (typeof c.beta_start === "number" && typeof c.beta_end === "number" && c.beta_start > c.beta_end)
    throw bad(`"beta_start" (${c.beta_start}) is larger than "beta_end" (${c.beta_end})`);
  return c as SchedulerConfig;
}

/** The config's `prediction_type` (default `"epsilon"`). @throws for any but `epsilon` and `v_prediction`. */
export function checkPrediction(config: SchedulerConfig): "epsilon" | "v_prediction" {
  const p = config.prediction_type ?? "epsilon";
  if (p !== "epsilon" && p !== "v_prediction")
    throw new InvalidInputError(`prediction_type "${p}" is not supported. Must be one of: epsilon, v_prediction.`);
  return p;
}

/** β, ᾱ and σ over the training steps. */
export interface NoiseSchedule {
  betas: Float64Array;
  alphasCumprod: Float64Array;
  /** σ_t = √((1 − ᾱ_t)/ᾱ_t) for t = 0..T−1. */
  sigmas: Float64Array;
}

function linspace(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
  return out;
}

/** Computes β, ᾱ and σ from a config. */
export function noiseSchedule(config: SchedulerConfig): NoiseSchedule {
  const T = config.num_train_timesteps ?? 1000;
  const b0 = config.beta_start ?? 0.0001;
  const b1 = config.beta_end ?? 0.02;
  let betas: Float64Array;
  if (config.trained_betas && config.trained_betas.length > 0) betas = Float64Array.from(config.trained_betas);
  else {
    switch (config.beta_schedule ?? "linear") {
      case "linear":
        betas = linspace(b0, b1, T);
        break;
      case "scaled_linear":
        betas = linspace(Math.sqrt(b0), Math.sqrt(b1), T).map((x) => x * x);
        break;
      case "squaredcos_cap_v2": {
        const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
        betas = new Float64Array(T);
        for (let i = 0; i < T; i++) betas[i] = Math.min(1 - alphaBar((i + 1) / T) / alphaBar(i / T), 0.999);
        break;
      }
      default:
        throw new InvalidInputError(
          `Unknown beta_schedule "${config.beta_schedule}" in scheduler_config.json. Must be one of: linear, scaled_linear, squaredcos_cap_v2.`,
        );
    }
  }
  const alphasCumprod = new Float64Array(betas.length);
  let prod = 1;
  for (let i = 0; i < betas.length; i++) {
    prod *= 1 - (betas[i] as number);
    alphasCumprod[i] = prod;
  }
  const sigmas = alphasCumprod.map((a) => Math.sqrt((1 - a) / a));
  return { betas, alphasCumprod, sigmas };
}

/** Rounds half to even, as numpy's `round` does (diffusers rounds timesteps with it). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Piecewise-linear interpolation of `ys` (given at x = 0, 1, 2, …) at `x` (numpy `interp`). */
export function interpIndex(ys: ArrayLike<number>, x: number): number {
  const n = ys.length;
  if (x <= 0) return ys[0] as number;
  if (x >= n - 1) return ys[n - 1] as number;
  const i = Math.floor(x);
  const f = x - i;
  return (ys[i] as number) * (1 - f) + (ys[i + 1] as number) * f;
}

/**
 * Inference timesteps (descending) for `steps` steps, as diffusers spaces them.
 * - `linspace`: linspace(0, T − 1, n) reversed (fractional unless `round`).
 * - `leading`: (0..n−1)·⌊T/n⌋ reversed, plus `steps_offset`.
 * - `trailing`: round(T, T − T/n, …) − 1.
 */
export function spacedTimesteps(config: SchedulerConfig, steps: number, spacing: string, round: boolean): number[] {
  const T = config.num_train_timesteps ?? 1000;
  if (!Number.isInteger(steps) || steps < 1 || steps > T)
    throw new InvalidInputError(`Steps must be a whole number from 1 to ${T}; got ${steps}.`);
  const out: number[] = [];
  switch (spacing) {
    case "linspace":
      for (let i = steps - 1; i >= 0; i--) {
        const t = steps === 1 ? 0 : ((T - 1) * i) / (steps - 1);
        out.push(round ? roundHalfEven(t) : Math.fround(t));
      }
      return out;
    case "leading": {
      const ratio = Math.floor(T / steps);
      for (let i = steps - 1; i >= 0; i--) out.push(i * ratio + (config.steps_offset ?? 0));
      return out;
    }
    case "trailing": {
      const ratio = T / steps;
      for (let t = T; t > 0 && out.length < steps; t -= ratio) out.push(roundHalfEven(t) - 1);
      return out;
    }
    default:
      throw new InvalidInputError(
        `Unknown timestep_spacing "${spacing}" in scheduler_config.json. Must be one of: linspace, leading, trailing.`,
      );
  }
}
