/**
 * The interface every sampler implements. A scheduler instance is made for one run of `steps` steps
 * and is stepped in order (multistep solvers keep history between steps).
 * @module
 */
import type { Rng } from "../../core/index.js";

/** Names of the schedulers yomikai implements. */
export type SchedulerName = "euler-ancestral" | "euler" | "ddim" | "dpm-solver++-2m";

/** All scheduler names, for CLI choices and errors. */
export const SCHEDULER_NAMES: readonly SchedulerName[] = ["euler-ancestral", "euler", "ddim", "dpm-solver++-2m"];

/** A sampler over a fixed number of steps. */
export interface Scheduler {
  /** Which sampler this is. */
  readonly name: SchedulerName;
  /** Number of denoising steps. */
  readonly steps: number;
  /** The training timestep fed to the model at each step (descending; may be fractional). */
  readonly timesteps: readonly number[];
  /** σ at each step, plus a final entry (0 for most samplers); VP samplers report √((1−ᾱ)/ᾱ). */
  readonly sigmas: readonly number[];
  /**
   * The space the latent lives in: `"sigma"` (x = x₀ + σε; Euler samplers) or `"vp"`
   * (x = √ᾱ·x₀ + √(1−ᾱ)·ε = (x₀ + σε)/√(σ²+1); DDIM, DPM-Solver).
   */
  readonly space: "sigma" | "vp";
  /** Factor for the initial noise: x_T = N(0, I) · initNoiseSigma. */
  readonly initNoiseSigma: number;
  /** Input scaling before the model: x / √(σ² + 1) for σ-space samplers, identity for VP samplers. */
  scaleModelInput(x: Float32Array, step: number): Float32Array;
  /**
   * One denoising step: from `x` at step `step` and the model's output (ε or v) to x at step + 1.
   * `rng` supplies ancestral noise (ignored by deterministic samplers). Returns a new array.
   */
  step(modelOutput: Float32Array, step: number, x: Float32Array, rng: Rng): Float32Array;
}

/**
 * A clean latent `x0` noised to the level the sampler expects *before* step `step` (σ = sigmas[step];
 * `step === steps` gives x₀ itself). Used for img2img starts and masked latent blending.
 */
export function addNoiseAt(scheduler: Scheduler, x0: Float32Array, noise: Float32Array, step: number): Float32Array {
  const sigma = scheduler.sigmas[Math.min(step, scheduler.sigmas.length - 1)] as number;
  const k = scheduler.space === "vp" ? 1 / Math.sqrt(sigma * sigma + 1) : 1;
  const out = new Float32Array(x0.length);
  for (let i = 0; i < out.length; i++) out[i] = ((x0[i] as number) + sigma * (noise[i] as number)) * k;
  return out;
}
