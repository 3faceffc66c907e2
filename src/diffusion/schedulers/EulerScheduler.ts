/**
 * Euler and Euler-ancestral samplers in σ-space (diffusers `EulerDiscreteScheduler`,
 * `EulerAncestralDiscreteScheduler`; k-diffusion `sample_euler`, `sample_euler_ancestral`).
 * Euler ancestral is the sampler InstructPix2Pix uses.
 * @module
 */
import type { Rng } from "../../core/index.js";
import type { Scheduler, SchedulerName } from "./Scheduler.js";
import { checkPrediction, interpIndex, noiseSchedule, type SchedulerConfig, spacedTimesteps } from "./SchedulerConfig.js";

/** How σ is interpolated between training steps. */
export type SigmaSchedule = "diffusers" | "k-diffusion";

/** x̂₀ from the model output in σ-space: ε → x − σε; v → −σ/√(σ²+1)·v + x/(σ²+1). */
export function denoisedFromOutput(prediction: string, x: number, out: number, sigma: number): number {
  if (prediction === "v_prediction") return out * (-sigma / Math.sqrt(sigma * sigma + 1)) + x / (sigma * sigma + 1);
  return x - sigma * out;
}

/** Shared σ-space machinery: timesteps, σ by linear interpolation, input scaling. */
abstract class SigmaScheduler implements Scheduler {
  abstract readonly name: SchedulerName;
  readonly timesteps: number[];
  readonly sigmas: number[];
  readonly initNoiseSigma: number;
  readonly space = "sigma" as const;
  protected readonly prediction: string;

  /**
   * @param sigmaSchedule - `"diffusers"`: σ interpolated linearly between training steps (diffusers);
   *   `"k-diffusion"`: interpolated in log σ (k-diffusion's `CompVisDenoiser.get_sigmas`, which the
   *   InstructPix2Pix authors sample with). Timesteps are linspace(T−1, 0, n) in both. Defaults to `"diffusers"`.
   */
  constructor(
    config: SchedulerConfig,
    readonly steps: number,
    sigmaSchedule: SigmaSchedule = "diffusers",
  ) {
    this.prediction = checkPrediction(config);
    const spacing = sigmaSchedule === "k-diffusion" ? "linspace" : (config.timestep_spacing ?? "linspace");
    this.timesteps = spacedTimesteps(config, steps, spacing, false);
    const { sigmas } = noiseSchedule(config);
    if (sigmaSchedule === "k-diffusion") {
      const logSigmas = sigmas.map(Math.log);
      this.sigmas = [...this.timesteps.map((t) => Math.exp(interpIndex(logSigmas, t))), 0];
    } else this.sigmas = [...this.timesteps.map((t) => interpIndex(sigmas, t)), 0];
    const max = Math.max(...this.sigmas);
    this.initNoiseSigma = spacing === "linspace" || spacing === "trailing" ? max : Math.sqrt(max * max + 1);
  }

  scaleModelInput(x: Float32Array, step: number): Float32Array {
    const s = this.sigmas[step] as number;
    const k = 1 / Math.sqrt(s * s + 1);
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) * k;
    return out;
  }

  abstract step(modelOutput: Float32Array, step: number, x: Float32Array, rng: Rng): Float32Array;
}

/** Euler: x ← x + (x − x̂₀)/σ · (σ_next − σ). Deterministic. */
export class EulerScheduler extends SigmaScheduler {
  readonly name = "euler" as const;

  step(modelOutput: Float32Array, step: number, x: Float32Array): Float32Array {
    const sigma = this.sigmas[step] as number;
    const dt = (this.sigmas[step + 1] as number) - sigma;
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const x0 = denoisedFromOutput(this.prediction, xi, modelOutput[i] as number, sigma);
      out[i] = xi + ((xi - x0) / sigma) * dt;
    }
    return out;
  }
}

/**
 * Euler ancestral: σ_up = √(σ_to²(σ_from² − σ_to²)/σ_from²), σ_down = √(σ_to² − σ_up²);
 * x ← x + (x − x̂₀)/σ · (σ_down − σ) + N(0, 1)·σ_up. The noise comes from `rng`.
 */
export class EulerAncestralScheduler extends SigmaScheduler {
  readonly name = "euler-ancestral" as const;

  step(modelOutput: Float32Array, step: number, x: Float32Array, rng: Rng): Float32Array {
    const sigma = this.sigmas[step] as number;
    const to = this.sigmas[step + 1] as number;
    const up = Math.sqrt((to * to * (sigma * sigma - to * to)) / (sigma * sigma));
    const down = Math.sqrt(to * to - up * up);
    const dt = down - sigma;
    const out = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const x0 = denoisedFromOutput(this.prediction, xi, modelOutput[i] as number, sigma);
      out[i] = xi + ((xi - x0) / sigma) * dt + (up > 0 ? rng.normal() * up : 0);
    }
    return out;
  }
}
