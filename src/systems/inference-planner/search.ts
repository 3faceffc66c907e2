/**
 * The planner: enumerate mesh shapes and layouts, drop those that do not fit in memory, and return the
 * best plan for an objective — plus the Pareto frontier of latency against cost (the paper's Figure 1).
 * @module
 */
import { InvalidInputError, type OnProgress, progressTask, throwIfAborted } from "../../core/index.js";
import { estimatePlan, gib, type Phase, type Plan, type WeightDtype, type Workload } from "./costModel.js";
import { type Efficiency, type HardwareProfile, resolveHardware } from "./hardware.js";
import { ATTENTION_LAYOUTS, type AttentionLayout, FFN_LAYOUTS, type FfnLayout, type Layout, layoutApplies } from "./layouts.js";
import { type Conventions, checkChipCount, checkMesh, type Mesh, meshShapes, parseMesh } from "./mesh.js";
import { type ModelConfig, resolveModel } from "./models.js";
import { PLAN_DEFAULTS } from "./options.js";

/** Stored weight layout (see {@link PlanRequest.weightStorage}). */
export type WeightStorage = "2d" | "1d" | "any";

/** The FFN layouts a weight storage allows. */
export function layoutsForStorage(storage: WeightStorage): readonly FfnLayout[] {
  return storage === "any"
    ? FFN_LAYOUTS
    : storage === "1d"
      ? ["1d-weight-stationary"]
      : FFN_LAYOUTS.filter((f) => f !== "1d-weight-stationary");
}

/** What to optimise. */
export type Objective = "latency" | "mfu" | "cost";

/** A planning request. Names or config objects for model and hardware. */
export interface PlanRequest {
  /** A built-in model name (`palm-540b`) or a custom config. */
  model: string | ModelConfig;
  /** A built-in hardware name (`tpu-v4`, `h100`) or a custom profile. */
  hardware: string | HardwareProfile;
  chips: number;
  batch: number;
  /** Defaults to `"decode"`. */
  phase?: Phase;
  /** Prefill tokens per sequence. Defaults to 2048. */
  inputTokens?: number;
  /** Tokens already cached before the phase. Defaults to 2048 for decode, 0 for prefill. */
  context?: number;
  /** Decode steps. Defaults to 64. */
  outputTokens?: number;
  /** Defaults to `"bf16"`. */
  weights?: WeightDtype;
  /** KV element size in bytes. Defaults to 2. */
  kvBytes?: number;
  /** Force a mesh shape (`"4x4x4"`); otherwise every slice shape is tried. */
  mesh?: Mesh | string;
  /** Force all or part of the layout; otherwise the planner chooses. */
  layout?: Partial<Layout>;
  /**
   * How weights are stored between phases. `"2d"` (E over x, F over y·z): the paper's rule (§4.1) —
   * prefill and decode share one stored layout, so the planner picks among 2D weight-stationary and
   * the weight-gathered layouts built on it; `"1d"`: Megatron storage, only 1D weight-stationary;
   * `"any"`: every layout. Defaults to `"2d"` on torus hardware and `"any"` on GPUs.
   */
  weightStorage?: WeightStorage;
  /** Defaults to `"latency"`. */
  objective?: Objective;
  /** For `objective: "cost"`: the most latency (seconds, whole phase) a plan may take. */
  latencyCeilingSeconds?: number;
  conventions?: Conventions;
  efficiency?: Partial<Efficiency>;
}

/** The planner's answer. */
export interface PlanResult {
  best: Plan;
  /** Plans considered (fitting or not). */
  considered: number;
  /** Plans dropped because they do not fit in memory. */
  notFitting: number;
  /** The best plan of each other layout that fits, best first. */
  alternatives: Plan[];
  objective: Objective;
}

/** Turns a request into a workload (resolving names, filling defaults, checking chips). */
export function toWorkload(req: PlanRequest): Workload {
  const model = resolveModel(req.model);
  const hardware = resolveHardware(req.hardware);
  checkChipCount(hardware, req.chips);
  const phase = req.phase ?? "decode";
  return {
    model,
    hardware,
    chips: req.chips,
    batch: req.batch,
    phase,
    inputTokens: req.inputTokens ?? PLAN_DEFAULTS.inputTokens,
    context: req.context ?? (phase === "decode" ? PLAN_DEFAULTS.decodeContext : 0),
    outputTokens: req.outputTokens ?? PLAN_DEFAULTS.outputTokens,
    weights: req.weights ?? PLAN_DEFAULTS.weights,
    kvBytes: req.kvBytes,
    conventions: req.conventions,
    efficiency: req.efficiency,
  };
}

function score(p: Plan, objective: Objective): number {
  return objective === "mfu" ? -p.mfu : objective === "cost" ? p.chipSecondsPerToken : p.latencySeconds;
}

/** Every plan for the request's workload: each applicable layout on each mesh shape. */
export function enumeratePlans(req: PlanRequest): Plan[] {
  const w = toWorkload(req);
  const meshes = req.mesh ? [typeof req.mesh === "string" ? parseMesh(req.mesh) : req.mesh] : meshShapes(w.hardware, w.chips);
  if (req.mesh) checkMesh(w.hardware, w.chips, meshes[0] as Mesh);
  const storage = req.weightStorage ?? (w.hardware.topology.kind === "torus" ? "2d" : "any");
  const ffns: readonly FfnLayout[] = req.layout?.ffn ? [req.layout.ffn] : layoutsForStorage(storage);
  const atts: readonly AttentionLayout[] = req.layout?.attention ? [req.layout.attention] : ATTENTION_LAYOUTS;
  const tokens = w.batch * (w.phase === "decode" ? 1 : w.inputTokens);
  const plans: Plan[] = [];
  for (const mesh of meshes) {
    for (const ffn of ffns) {
      for (const attention of atts) {
        const layout = { ffn, attention };
        if (!layoutApplies(layout, mesh, tokens) && !(req.layout?.ffn && req.layout?.attention)) continue;
        plans.push(estimatePlan(w, layout, mesh));
      }
    }
  }
  if (plans.length === 0) {
    throw new InvalidInputError(
      `Layout ${req.layout?.ffn ?? "any"}/${req.layout?.attention ?? "any"} does not apply on ${w.chips} chips with ${tokens} tokens per step (weight-gathered layouts need at least as many tokens as gathering chips and axes longer than 1); drop --layout or change --chips.`,
    );
  }
  return plans;
}

/**
 * Plans a deployment: enumerates layouts and mesh shapes, drops those that do not fit in memory and
 * returns the best by the objective, with the runners-up of other layouts.
 * @example
 * const { best } = planInference({ model: "palm-540b", hardware: "tpu-v4", chips: 64, batch: 64, phase: "decode", weights: "int8" });
 * best.layout // { ffn: "2d-weight-stationary", attention: "batch" }
 */
export function planInference(req: PlanRequest): PlanResult {
  const objective = req.objective ?? "latency";
  const plans = enumeratePlans(req);
  const fitting = plans.filter((p) => p.fits);
  if (fitting.length === 0) {
    const least = plans.reduce((a, b) => (a.memoryPerChipBytes <= b.memoryPerChipBytes ? a : b));
    throw new InvalidInputError(
      `No plan fits in memory: the smallest (${least.layout.ffn}, ${least.layout.attention}) needs ${gib(least.memoryPerChipBytes)} per chip (weights ${gib(least.memory.weights)}, KV ${gib(least.memory.kvCache)}) but ${least.hardware} has ${gib(least.memory.capacity)} — over by ${gib(least.overBytes)}. Use more chips, --weights int8, a smaller batch or a shorter context.`,
    );
  }
  let pool = fitting;
  if (objective === "cost" && req.latencyCeilingSeconds !== undefined) {
    const ceiling = req.latencyCeilingSeconds;
    pool = fitting.filter((p) => p.latencySeconds <= ceiling);
    if (pool.length === 0) {
      const fastest = fitting.reduce((a, b) => (a.latencySeconds <= b.latencySeconds ? a : b));
      throw new InvalidInputError(
        `No plan meets the latency ceiling of ${ceiling} s: the fastest takes ${fastest.latencySeconds.toFixed(3)} s. Raise --max-latency, add chips or use a smaller batch.`,
      );
    }
  }
  pool.sort((a, b) => score(a, objective) - score(b, objective));
  const best = pool[0] as Plan;
  const seen = new Set([`${best.layout.ffn}/${best.layout.attention}`]);
  const alternatives: Plan[] = [];
  for (const p of pool) {
    const key = `${p.layout.ffn}/${p.layout.attention}`;
    if (seen.has(key)) continue;
    seen.add(key);
    alternatives.push(p);
  }
  return { best, considered: plans.length, notFitting: plans.length - fitting.length, alternatives, objective };
}

/** One point of a frontier. */
export interface FrontierPoint {
  /** Series label, e.g. `palm-540b int8`. */
  series: string;
  model: string;
  weights: WeightDtype;
  chips: number;
  batch: number;
  /** Decode: seconds per generated token; prefill: seconds for the whole prefill. */
  latencySeconds: number;
  /** Chip-milliseconds per token. */
  costChipMsPerToken: number;
  mfu: number;
  layout: Layout;
  mesh: string;
  dominant: string;
  /** On the Pareto frontier of its series. */
  pareto: boolean;
}

/** Options of {@link paretoFrontier}. */
export interface FrontierRequest {
  models: (string | ModelConfig)[];
  hardware: string | HardwareProfile;
  /** Defaults to `"decode"`. */
  phase?: Phase;
  /** Defaults to both. */
  weights?: WeightDtype[];
  /** Chip counts to try. Defaults to powers of two the topology allows, up to 256. */
  chips?: number[];
  /** Batch sizes to try. Defaults to 1, 2, 4, … 1024 (prefill: up to 512). */
  batches?: number[];
  inputTokens?: number;
  context?: number;
  outputTokens?: number;
  conventions?: Conventions;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Pareto-optimal subset (lower latency and lower cost), sorted by latency. */
export function paretoOf<T extends { latencySeconds: number; costChipMsPerToken: number }>(points: T[]): T[] {
  const sorted = [...points].sort((a, b) => a.latencySeconds - b.latencySeconds || a.costChipMsPerToken - b.costChipMsPerToken);
  const out: T[] = [];
  let bestCost = Number.POSITIVE_INFINITY;
  for (const p of sorted) {
    if (p.costChipMsPerToken < bestCost) {
      out.push(p);
      bestCost = p.costChipMsPerToken;
    }
  }
  return out;
}

/**
 * Sweeps chips × batch × weight dtype for each model, takes the lowest-latency fitting plan at each
 * point, and marks the Pareto frontier of latency against cost per token (the paper's Figure 1).
 */
export function paretoFrontier(req: FrontierRequest): FrontierPoint[] {
  const hw = resolveHardware(req.hardware);
  const phase = req.phase ?? "decode";
  const dtypes = req.weights ?? ["bf16", "int8"];
  const chipsList =
    req.chips ?? [1, 2, 4, 8, 16, 32, 64, 128, 256].filter((c) => c <= hw.topology.maxChips && c >= (hw.topology.kind === "torus" ? 4 : 1));
  for (const c of chipsList) checkChipCount(hw, c);
  const batches =
    req.batches ?? (phase === "decode" ? [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] : [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]);
  const models = req.models.map((m) => resolveModel(m));
  const task = progressTask(req.onProgress, "frontier", models.length * dtypes.length * chipsList.length);
  const points: FrontierPoint[] = [];
  for (const model of models) {
    for (const weights of dtypes) {
      const series: FrontierPoint[] = [];
      for (const chips of chipsList) {
        throwIfAborted(req.signal);
        for (const batch of batches) {
          let plan: Plan;
          try {
            plan = planInference({
              model,
              hardware: hw,
              chips,
              batch,
              phase,
              weights,
              inputTokens: req.inputTokens,
              context: req.context,
              outputTokens: req.outputTokens,
              conventions: req.conventions,
            }).best;
          } catch (err) {
            if (err instanceof InvalidInputError) continue; // does not fit (or no layout applies)
            throw err;
          }
          series.push({
            series: `${model.name} ${weights}`,
            model: model.name,
            weights,
            chips,
            batch,
            latencySeconds: plan.stepSeconds,
            costChipMsPerToken: plan.chipSecondsPerToken * 1000,
            mfu: plan.mfu,
            layout: plan.layout,
            mesh: plan.mesh,
            dominant: plan.dominant,
            pareto: false,
          });
        }
        task.tick();
      }
      for (const p of paretoOf(series)) p.pareto = true;
      points.push(...series);
    }
  }
  task.done();
  if (points.length === 0)
    throw new InvalidInputError(
      `No point of the sweep fits in memory (${models.map((m) => m.name).join(", ")} on ${chipsList.join("/")} ${hw.name} chips): sweep more chips, int8 weights or smaller batches.`,
    );
  return points;
}
