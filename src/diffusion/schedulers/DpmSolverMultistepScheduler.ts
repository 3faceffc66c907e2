/**
 * DPM-Solver++ 2M (Lu et al. 2022; diffusers `DPMSolverMultistepScheduler` with
 * `algorithm_type="dpmsolver++"`, `solver_order=2`, `solver_type="midpoint"`) in the
 * variance-preserving space: no input scaling, initial noise σ = 1. Deterministic.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import type { Scheduler } from "./Scheduler.js";
import { checkPrediction, interpIndex, noiseSchedule, roundHalfEven, type SchedulerConfig } from "./SchedulerConfig.js";

/** With σ = √((1−ᾱ)/ᾱ): α_t = 1/√(σ²+1), σ_t = σ·α_t, λ = log α_t − log σ_t. */
function vp(sigma: number): { alpha: number; sigma: number; lambda: number } {
  const alpha = 1 / Math.sqrt(sigma * sigma + 1);
  const s = sigma * alpha;
  return { alpha, sigma: s, lambda: Math.log(alpha) - Math.log(s) };
}

/**
 * First step and the last step (final σ = 0) are first order:
 * x_t = (σ_t/σ_s)·x − α_t(e^{−h} − 1)·x̂₀. Other steps add the midpoint correction
 * D₁ = (x̂₀ − x̂₀_prev)/r, r = h_prev/h: x_t = (σ_t/σ_s)·x − α_t(e^{−h} − 1)·(D₀ + D₁/2).
 */
export class DpmSolverMultistepScheduler implements Scheduler {
  readonly name = "dpm-solver++-2m" as const;
  readonly timesteps: number[];
  readonly sigmas: number[];
  readonly space = "vp" as const;
  readonly initNoiseSigma = 1;
  private readonly prediction: string;
  private readonly order: number;
  private readonly lowerOrderFinal: boolean;
  private readonly zeroFinal: boolean;
  private previousX0: Float32Array | undefined;
  private lowerOrderDone = 0;

  constructor(
    config: SchedulerConfig,
    readonly steps: number,
  ) {
    this.prediction = checkPrediction(config);
    const T = config.num_train_timesteps ?? 1000;
    if (!Number.isInteger(steps) || steps < 1 || steps > T)
      throw new InvalidInputError(`Steps must be a whole number from 1 to ${T}; got ${steps}.`);
    const spacing = config.timestep_spacing ?? "linspace";
    const ts: number[] = [];
    if (spacing === "linspace") {
      for (let i = steps; i >= 1; i--) ts.push(roundHalfEven(((T - 1) * i) / steps));
    } else if (spacing === "leading") {
      const ratio = Math.floor(T / (steps + 1));
      for (let i = steps; i >= 1; i--) ts.push(i * ratio + (config.steps_offset ?? 0));
    } else if (spacing === "trailing") {
      const ratio = T / steps;
      for (let t = T; t > 0 && ts.length < steps; t -= ratio) ts.push(roundHalfEven(t) - 1);
    } else throw new InvalidInputError(`Unknown timestep_spacing "${spacing}". Must be one of: linspace, leading, trailing.`);
    this.timesteps = ts;
    const schedule = noiseSchedule(config);
    this.zeroFinal = (config.final_sigmas_type ?? "zero") === "zero";
    const last = this.zeroFinal ? 0 : (schedule.sigmas[0] as number);
    this.sigmas = [...ts.map((t) => interpIndex(schedule.sigmas, t)), last];
    this.order = config.solver_order ?? 2;
    this.lowerOrderFinal = config.lower_order_final ?? true;
  }

  scaleModelInput(x: Float32Array): Float32Array {
    return x;
  }

  step(modelOutput: Float32Array, step: number, x: Float32Array): Float32Array {
    const s0 = vp(this.sigmas[step] as number);
    const toSigma = this.sigmas[step + 1] as number;
    const n = x.length;
    const x0 = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const m = modelOutput[i] as number;
      const xi = x[i] as number;
      x0[i] = this.prediction === "v_prediction" ? s0.alpha * xi - s0.sigma * m : (xi - s0.sigma * m) / s0.alpha;
    }
    const out = new Float32Array(n);
    const isLast = step === this.steps - 1;
    const firstOrder =
      this.order === 1 || this.lowerOrderDone < 1 || (isLast && ((this.lowerOrderFinal && this.steps < 15) || this.zeroFinal));
    if (toSigma === 0) {
      // σ_t = 0: α_t = 1 and e^{−h} = 0, so the first-order update is exactly x̂₀.
      out.set(x0);
    } else {
      const t = vp(toSigma);
      const h = t.lambda - s0.lambda;
      const ratio = t.sigma / s0.sigma;
      const coef = -t.alpha * (Math.exp(-h) - 1);
      if (firstOrder || !this.previousX0) {
        for (let i = 0; i < n; i++) out[i] = ratio * (x[i] as number) + coef * (x0[i] as number);
      } else {
        const s1 = vp(this.sigmas[step - 1] as number);
        const r = (s0.lambda - s1.lambda) / h;
        const prev = this.previousX0;
        for (let i = 0; i < n; i++) {
          const d0 = x0[i] as number;
          const d1 = (d0 - (prev[i] as number)) / r;
          out[i] = ratio * (x[i] as number) + coef * d0 + 0.5 * coef * d1;
        }
      }
    }
    this.previousX0 = x0;
    if (this.lowerOrderDone < this.order) this.lowerOrderDone++;
    return out;
  }
}
