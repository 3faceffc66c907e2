/**
 * `scheduler/scheduler_config.json` of a Hugging Face diffusers model, and the noise schedule it
 * defines: β_t, ᾱ_t = Π(1 − β), and the Karras-style σ_t = √((1 − ᾱ_t)/ᾱ_t).
 * @module
 */
import { InvalidInputError } from "../../core/index.js";

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
