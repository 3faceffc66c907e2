/**
 * DDIM (Song et al. 2020; diffusers `DDIMScheduler`) in the variance-preserving space: no input
 * scaling, initial noise σ = 1. With η = 0 it is deterministic.
 * @module
 */
import type { Rng } from "../../core/index.js";
import type { Scheduler } from "./Scheduler.js";
import { checkPrediction, noiseSchedule, type SchedulerConfig, spacedTimesteps } from "./SchedulerConfig.js";

/** DDIM: x̂₀ = (x − √(1−ᾱ_t)ε)/√ᾱ_t; x_prev = √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev − σ²)·ε + σ·z, σ = η·√((1−ᾱ_prev)/(1−ᾱ_t)·(1 − ᾱ_t/ᾱ_prev)). */
export class DdimScheduler implements Scheduler {
  readonly name = "ddim" as const;
  readonly timesteps: number[];
  readonly sigmas: number[];
  readonly space = "vp" as const;
  readonly initNoiseSigma = 1;
  private readonly alphasCumprod: Float64Array;
  private readonly finalAlpha: number;
  private readonly ratio: number;
  private readonly prediction: string;

  /** @param eta - stochasticity η (0 = deterministic DDIM, 1 ≈ DDPM). Defaults to `0`. */
  constructor(
    config: SchedulerConfig,
    readonly steps: number,
    readonly eta = 0,
  ) {
    this.prediction = checkPrediction(config);
    const T = config.num_train_timesteps ?? 1000;
    this.timesteps = spacedTimesteps(config, steps, config.timestep_spacing ?? "leading", true);
    const schedule = noiseSchedule(config);
    this.alphasCumprod = schedule.alphasCumprod;
    this.finalAlpha = (config.set_alpha_to_one ?? true) ? 1 : (schedule.alphasCumprod[0] as number);
    this.ratio = Math.floor(T / steps);
    this.sigmas = [...this.timesteps.map((t) => schedule.sigmas[t] as number), 0];
  }

  scaleModelInput(x: Float32Array): Float32Array {
    return x;
  }

  step(modelOutput: Float32Array, step: number, x: Float32Array, rng: Rng): Float32Array {
    const t = this.timesteps[step] as number;
    const prev = t - this.ratio;
    const a = this.alphasCumprod[t] as number;
    const aPrev = prev >= 0 ? (this.alphasCumprod[prev] as number) : this.finalAlpha;
    const variance = ((1 - aPrev) / (1 - a)) * (1 - a / aPrev);
    const std = this.eta * Math.sqrt(Math.max(variance, 0));
    const dirScale = Math.sqrt(Math.max(1 - aPrev - std * std, 0));
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const m = modelOutput[i] as number;
      let x0: number;
      let eps: number;
      if (this.prediction === "v_prediction") {
        x0 = Math.sqrt(a) * xi - Math.sqrt(1 - a) * m;
        eps = Math.sqrt(a) * m + Math.sqrt(1 - a) * xi;
      } else {
        x0 = (xi - Math.sqrt(1 - a) * m) / Math.sqrt(a);
        eps = m;
      }
      out[i] = Math.sqrt(aPrev) * x0 + dirScale * eps + (std > 0 ? std * rng.normal() : 0);
    }
    return out;
  }
}
