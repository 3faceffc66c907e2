/**
 * Schedulers against hand-computed values. The toy schedule has T = 4 training steps with constant
 * β = 0.1, so ᾱ = 0.9, 0.81, 0.729, 0.6561 and σ_t = √((1 − ᾱ_t)/ᾱ_t) = 1/3, 0.484322, 0.609707,
 * 0.723988. Expected numbers follow from the update formulas written next to each assertion.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Rng } from "../../src/core/index.js";
import {
  createScheduler,
  noiseSchedule,
  roundHalfEven,
  type SchedulerConfig,
  STABLE_DIFFUSION_SCHEDULER_CONFIG,
  spacedTimesteps,
} from "../../src/diffusion/index.js";

const TOY: SchedulerConfig = {
  num_train_timesteps: 4,
  beta_start: 0.1,
  beta_end: 0.1,
  beta_schedule: "linear",
  prediction_type: "epsilon",
};
const S = [1 / 3, Math.sqrt(0.19 / 0.81), Math.sqrt(0.271 / 0.729), Math.sqrt(0.3439 / 0.6561)];

/** An Rng whose every normal draw is `value`, so ancestral noise is known exactly. */
function constantNormal(value: number): Rng {
  const rng: Rng = {
    seed: "constant",
    next: () => 0.5,
    nextUint32: () => 0,
    int: () => 0,
    normal: () => value,
    pick: <T>(items: readonly T[]) => items[0] as T,
    shuffle: <T>(items: T[]) => items,
    weighted: () => 0,
    fork: () => rng,
  };
  return rng;
}

const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) < tol, `${a} ≠ ${b}`);
const f = (x: number) => Float32Array.of(x);

describe("noise schedule", () => {
  it("computes ᾱ and σ for constant β", () => {
    const s = noiseSchedule(TOY);
    for (const [i, a] of [0.9, 0.81, 0.729, 0.6561].entries()) close(s.alphasCumprod[i] as number, a, 1e-12);
    for (const [i, v] of S.entries()) close(s.sigmas[i] as number, v, 1e-12);
  });

  it("matches Stable Diffusion's scaled_linear endpoints", () => {
    const s = noiseSchedule(STABLE_DIFFUSION_SCHEDULER_CONFIG);
    close(s.betas[0] as number, 0.00085, 1e-12);
    close(s.betas[999] as number, 0.012, 1e-12);
    // σ_max of SD 1.x ≈ 14.6146 (the init_noise_sigma diffusers reports for linspace spacing).
    close(s.sigmas[999] as number, 14.6146, 1e-3);
  });

  it("spaces timesteps like diffusers", () => {
    assert.deepEqual(spacedTimesteps(STABLE_DIFFUSION_SCHEDULER_CONFIG, 4, "leading", true), [751, 501, 251, 1]);
    assert.deepEqual(spacedTimesteps(STABLE_DIFFUSION_SCHEDULER_CONFIG, 4, "trailing", true), [999, 749, 499, 249]);
    assert.deepEqual(spacedTimesteps(STABLE_DIFFUSION_SCHEDULER_CONFIG, 4, "linspace", true), [999, 666, 333, 0]);
    assert.deepEqual(roundHalfEven(2.5), 2);
    assert.deepEqual(roundHalfEven(3.5), 4);
    assert.throws(() => spacedTimesteps(TOY, 0, "linspace", true), /Steps must be a whole number from 1 to 4/);
  });
});

describe("Euler", () => {
  it("steps x ← x + ε·(σ_next − σ)", () => {
    const s = createScheduler(TOY, { steps: 2, name: "euler" });
    assert.deepEqual(s.timesteps, [3, 0]);
    close(s.sigmas[0] as number, S[3] as number);
    close(s.initNoiseSigma, S[3] as number); // linspace spacing: σ_max
    // 1/√(σ₃² + 1) = √ᾱ₃ = 0.81
    close(s.scaleModelInput(f(1), 0)[0] as number, 0.81);
    // x = 1, ε = 0.5: 1 + 0.5·(1/3 − 0.723988) = 0.804673
    close(s.step(f(0.5), 0, f(1), constantNormal(0))[0] as number, 0.8046729);
    // Last step lands on x̂₀ = x − σε = 0.8 − 0.5/3
    close(s.step(f(0.5), 1, f(0.8), constantNormal(0))[0] as number, 0.8 - 0.5 / 3);
  });

  it("uses √(σ_max² + 1) as initial noise with leading spacing", () => {
    const s = createScheduler({ ...TOY, timestep_spacing: "leading" }, { steps: 2, name: "euler" });
    // leading: ⌊4/2⌋ = 2 → [2, 0]; σ₂ = 0.609707, √(σ₂² + 1) = 1/√0.729
    assert.deepEqual(s.timesteps, [2, 0]);
    close(s.initNoiseSigma, 1 / Math.sqrt(0.729));
  });

  it("interpolates σ at fractional linspace timesteps", () => {
    const s = createScheduler(TOY, { steps: 3, name: "euler" });
    // linspace(0, 3, 3) reversed = 3, 1.5, 0 → σ(1.5) = (σ₁ + σ₂)/2
    assert.deepEqual(s.timesteps, [3, 1.5, 0]);
    close(s.sigmas[1] as number, ((S[1] as number) + (S[2] as number)) / 2);
  });

  it("interpolates in log σ with the k-diffusion schedule (the authors' sampler)", () => {
    const s = createScheduler(TOY, { steps: 3, name: "euler-ancestral", sigmaSchedule: "k-diffusion" });
    assert.deepEqual(s.timesteps, [3, 1.5, 0]);
    // exp((log σ₁ + log σ₂)/2) = √(σ₁σ₂), below the linear midpoint
    close(s.sigmas[1] as number, Math.sqrt((S[1] as number) * (S[2] as number)));
    close(s.sigmas[0] as number, S[3] as number);
    assert.throws(() => createScheduler(TOY, { steps: 3, name: "ddim", sigmaSchedule: "k-diffusion" }), /Euler samplers only/);
  });

  it("supports v-prediction: x̂₀ = −σ/√(σ²+1)·v + x/(σ²+1)", () => {
    const s = createScheduler({ ...TOY, prediction_type: "v_prediction" }, { steps: 2, name: "euler" });
    const sg = S[0] as number;
    const x0 = -0.5 * (sg / Math.sqrt(sg * sg + 1)) + 0.8 / (sg * sg + 1);
    close(s.step(f(0.5), 1, f(0.8), constantNormal(0))[0] as number, x0);
  });
});

describe("Euler ancestral", () => {
  it("adds σ_up noise and steps to σ_down", () => {
    const s = createScheduler(TOY, { steps: 2, name: "euler-ancestral" });
    const from = S[3] as number;
    const to = S[0] as number;
    // σ_up = √(σ_to²(σ_from² − σ_to²)/σ_from²) = 0.295902, σ_down = √(σ_to² − σ_up²) = 0.153471
    const up = Math.sqrt((to * to * (from * from - to * to)) / (from * from));
    const down = Math.sqrt(to * to - up * up);
    close(up, 0.2959016);
    close(down, 0.153471);
    // x = 1, ε = 0.5, z = 1: 1 + 0.5·(σ_down − σ_from) + σ_up = 1.010643
    close(s.step(f(0.5), 0, f(1), constantNormal(1))[0] as number, 1.0106434);
    // z = −1 mirrors the noise term
    close(s.step(f(0.5), 0, f(1), constantNormal(-1))[0] as number, 1.0106434 - 2 * up);
    // Last step (σ_to = 0) has no noise: x̂₀
    close(s.step(f(0.5), 1, f(0.8), constantNormal(5))[0] as number, 0.8 - 0.5 / 3);
  });

  it("is the default for the InstructPix2Pix config", () => {
    const s = createScheduler(STABLE_DIFFUSION_SCHEDULER_CONFIG, { steps: 20 });
    assert.equal(s.name, "euler-ancestral");
    assert.equal(s.timesteps[0], 999);
    close(s.initNoiseSigma, 14.6146, 1e-3);
  });
});

describe("DDIM", () => {
  it("steps x_prev = √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev)·ε with leading spacing", () => {
    const s = createScheduler(TOY, { steps: 2, name: "ddim" });
    assert.deepEqual(s.timesteps, [2, 0]);
    assert.equal(s.initNoiseSigma, 1);
    assert.equal(s.scaleModelInput(f(3), 0)[0], 3);
    // t = 2 → 0: x̂₀ = (1 − √0.271·0.5)/√0.729; x = √0.9·x̂₀ + √0.1·0.5 = 0.980016
    close(s.step(f(0.5), 0, f(1), constantNormal(0))[0] as number, 0.9800158);
    // t = 0 → −2: ᾱ_prev = 1 (set_alpha_to_one) so x = x̂₀ = (0.8 − √0.1·0.5)/√0.9 = 0.676607
    close(s.step(f(0.5), 1, f(0.8), constantNormal(0))[0] as number, 0.6766074);
  });

  it("uses ᾱ₀ after the last step when set_alpha_to_one is false", () => {
    const s = createScheduler({ ...TOY, set_alpha_to_one: false }, { steps: 2, name: "ddim" });
    const x0 = (0.8 - Math.sqrt(0.1) * 0.5) / Math.sqrt(0.9);
    close(s.step(f(0.5), 1, f(0.8), constantNormal(0))[0] as number, Math.sqrt(0.9) * x0 + Math.sqrt(0.1) * 0.5);
  });
});

describe("DPM-Solver++ 2M", () => {
  it("takes a first-order step, a second-order step, then lands on x̂₀", () => {
    const s = createScheduler(TOY, { steps: 3, name: "dpm-solver++-2m" });
    // linspace(0, 3, 4).round() reversed without the last = 3, 2, 1; final σ = 0
    assert.deepEqual(s.timesteps, [3, 2, 1]);
    assert.equal(s.sigmas[3], 0);
    const rng = constantNormal(0);
    let x: Float32Array = f(1);
    // Step 0 (first order): x_t = (σ_t/σ_s)·x − α_t(e^{−h} − 1)·x̂₀ → 1.005305
    x = s.step(f(0.5), 0, x, rng);
    close(x[0] as number, 1.0053052);
    // Step 1 (second order, midpoint D₁ = (x̂₀ − x̂₀_prev)/r) → 1.022108
    x = s.step(f(0.4), 1, x, rng);
    close(x[0] as number, 1.0221076);
    // Step 2 (final σ = 0): x̂₀ = (x − σ_t ε)/α_t with α_t = 1/√(σ₁² + 1) → 0.990379
    x = s.step(f(0.3), 2, x, rng);
    close(x[0] as number, 0.9903785);
  });

  it("rejects unknown scheduler names with a suggestion", () => {
    assert.throws(() => createScheduler(TOY, { steps: 2, name: "eulr" }), /Unknown scheduler "eulr" \(did you mean "euler"\?\)/);
  });
});
