/**
 * Picks and builds a scheduler from a model's `scheduler_config.json`.
 * @module
 */
import { InvalidInputError, unknownName } from "../../core/index.js";
import { DdimScheduler } from "./DdimScheduler.js";
import { DpmSolverMultistepScheduler } from "./DpmSolverMultistepScheduler.js";
import { EulerAncestralScheduler, EulerScheduler, type SigmaSchedule } from "./EulerScheduler.js";
import { SCHEDULER_NAMES, type Scheduler, type SchedulerName } from "./Scheduler.js";
import type { SchedulerConfig } from "./SchedulerConfig.js";

/** Maps diffusers class names to yomikai scheduler names. */
const BY_CLASS: Record<string, SchedulerName> = {
  EulerAncestralDiscreteScheduler: "euler-ancestral",
  EulerDiscreteScheduler: "euler",
  DDIMScheduler: "ddim",
  DPMSolverMultistepScheduler: "dpm-solver++-2m",
};

/** The scheduler a config names (`_class_name`), or Euler ancestral when it names none we implement. */
export function schedulerNameFromConfig(config: SchedulerConfig): SchedulerName {
  return BY_CLASS[config._class_name ?? ""] ?? "euler-ancestral";
}

/** Options of {@link createScheduler}. */
export interface CreateSchedulerOptions {
  /** Number of denoising steps. */
  steps: number;
  /** Which sampler; defaults to the one the config names (`_class_name`). */
  name?: SchedulerName | string;
  /** DDIM η. Defaults to `0`. */
  eta?: number;
  /** Euler samplers only: σ interpolation, `"diffusers"` (linear) or `"k-diffusion"` (log σ, the authors'). Defaults to `"diffusers"`. */
  sigmaSchedule?: SigmaSchedule;
}

/**
 * A fresh scheduler for one run.
 * @example createScheduler(STABLE_DIFFUSION_SCHEDULER_CONFIG, { steps: 20 }).timesteps[0] // 999
 */
export function createScheduler(config: SchedulerConfig, options: CreateSchedulerOptions): Scheduler {
  const name = options.name ?? schedulerNameFromConfig(config);
  if (options.sigmaSchedule === "k-diffusion" && name !== "euler" && name !== "euler-ancestral")
    throw new InvalidInputError(`The k-diffusion σ schedule applies to the Euler samplers only, not ${name}.`);
  switch (name) {
    case "euler-ancestral":
      return new EulerAncestralScheduler(config, options.steps, options.sigmaSchedule);
    case "euler":
      return new EulerScheduler(config, options.steps, options.sigmaSchedule);
    case "ddim":
      return new DdimScheduler(config, options.steps, options.eta ?? 0);
    case "dpm-solver++-2m":
      return new DpmSolverMultistepScheduler(config, options.steps);
    default:
      throw unknownName("scheduler", name, SCHEDULER_NAMES);
  }
}
