/**
 * Fitting the cost model's efficiency terms to measurements, and the checks against the paper:
 * Table 1 (max context), Table 2 (layout, latency, MFU) and held-out published results.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { estimatePlan, type Plan, type Workload } from "./costModel.js";
import { type Efficiency, type HardwareProfile, resolveHardware } from "./hardware.js";
import { maxContext } from "./memory.js";
import { parseMesh } from "./mesh.js";
import { HELD_OUT, type PaperPoint, TABLE1, TABLE2 } from "./paperData.js";
import { planInference, toWorkload } from "./search.js";

/** Efficiency terms a calibration may fit. */
export type FittableTerm = "flops" | "hbm" | "ici" | "hopLatency" | "overlap" | "stepOverhead";

/** Search range of each term. */
export const TERM_BOUNDS: Record<FittableTerm, [number, number]> = {
  flops: [0.3, 1],
  hbm: [0.3, 1],
  ici: [0.2, 1],
  hopLatency: [0, 50e-6],
  overlap: [0, 1],
  stepOverhead: [0, 20e-3],
};

/** Result of {@link calibrate}. */
export interface CalibrationResult {
  efficiency: Efficiency;
  /** Fitted terms. */
  fitted: FittableTerm[];
  /** Root-mean-square of log(predicted / measured) over the points. */
  rmsLogError: number;
  points: { id: string; measured: number; predicted: number; ratio: number }[];
}

/** The plan request of a published point (model, chips, batch, phase, weights, token counts). */
/** The planner request for one of the paper's measured points (its model, size, workload) on `hardware`. */
export function requestOf(p: PaperPoint, hardware: string | HardwareProfile) {
  return {
    model: p.model,
    hardware,
    chips: p.chips,
    batch: p.batch,
    phase: p.phase,
    weights: p.weights,
    inputTokens: p.inputTokens,
    context: p.context,
    outputTokens: p.outputTokens,
  };
}

function workloadOf(p: PaperPoint, hardware: HardwareProfile, efficiency: Partial<Efficiency>): Workload {
  return { ...toWorkload(requestOf(p, hardware)), efficiency };
}

/**
 * Fits `terms` of the hardware's efficiency so that the published latencies of `points` (costed with
 * the published layouts) match in the least-squares sense on log(latency). Deterministic: a coordinate
 * search from the current values with shrinking steps, inside {@link TERM_BOUNDS}.
 */
export function calibrate(
  points: PaperPoint[],
  hardware: string | HardwareProfile = "tpu-v4",
  terms: FittableTerm[] = ["flops", "hbm", "ici", "hopLatency"],
): CalibrationResult {
  const hw = resolveHardware(hardware);
  const usable = points.filter((p) => p.latencySeconds !== undefined && p.layout);
  if (usable.length === 0) throw new InvalidInputError("Calibration needs points with a measured latency and a layout.");
  const cur: Efficiency = { ...hw.efficiency };
  const loss = (e: Efficiency): number => {
    let s = 0;
    for (const p of usable) {
      const plan = estimatePlan(workloadOf(p, hw, e), p.layout!, parseMesh("4x4x4"));
      s += Math.log(plan.latencySeconds / p.latencySeconds!) ** 2;
    }
    return s;
  };
  let best = loss(cur);
  for (const t of terms) {
    const [lo, hi] = TERM_BOUNDS[t];
    if (!(cur[t] >= lo && cur[t] <= hi)) cur[t] = (lo + hi) / 2;
  }
  best = loss(cur);
  let step = 0.25;
  while (step > 1e-4) {
    let improved = false;
    for (const t of terms) {
      const [lo, hi] = TERM_BOUNDS[t];
      for (const dir of [1, -1]) {
        const trial = { ...cur, [t]: Math.min(hi, Math.max(lo, cur[t] + dir * step * (hi - lo))) };
        const l = loss(trial);
        if (l < best - 1e-12) {
          best = l;
          Object.assign(cur, trial);
          improved = true;
        }
      }
    }
    if (!improved) step /= 2;
  }
  const res = usable.map((p) => {
    const predicted = estimatePlan(workloadOf(p, hw, cur), p.layout!, parseMesh("4x4x4")).latencySeconds;
    return { id: p.id, measured: p.latencySeconds!, predicted, ratio: predicted / p.latencySeconds! };
  });
  return { efficiency: cur, fitted: terms, rmsLogError: Math.sqrt(best / usable.length), points: res };
}

/** Fits TPU v4's terms on the four columns of Table 2 (the frozen profile values come from this). */
export function calibrateOnTable2(): CalibrationResult {
  return calibrate(TABLE2, "tpu-v4");
}

/** One Table 1 comparison. */
export interface Table1Check {
  attention: string;
  batch: number;
  paper: number;
  yomikai: number;
  relativeError: number;
}

/** Recomputes Table 1 (max context, 30% of HBM for KV, bf16 KV, PaLM 540B on 64 chips). */
export function checkTable1(): Table1Check[] {
  return TABLE1.map((r) => {
    const y = maxContext({
      model: "palm-540b",
      hardware: "tpu-v4",
      chips: 64,
      batch: r.batch,
      attention: r.attention,
      kvFraction: 0.3,
    }).maxContext;
    return { attention: r.attention, batch: r.batch, paper: r.maxContext, yomikai: y, relativeError: (y - r.maxContext) / r.maxContext };
  });
}

/** One Table 2 comparison: the planner is not told the layout. */
export interface Table2Check {
  id: string;
  paperLayout: string;
  chosenLayout: string;
  layoutMatches: boolean;
  paperLatency: number;
  latency: number;
  latencyError: number;
  paperMfu: number;
  mfu: number;
  /** Difference in MFU points (yomikai − paper) × 100. */
  mfuPoints: number;
  plan: Plan;
}

/** Runs the planner on the four Table 2 regimes and compares. */
export function checkTable2(hardware: string | HardwareProfile = "tpu-v4"): Table2Check[] {
  return TABLE2.map((p) => {
    const { best } = planInference(requestOf(p, hardware));
    const paperLayout = `${p.layout!.ffn}/${p.layout!.attention}`;
    const chosen = `${best.layout.ffn}/${best.layout.attention}`;
    return {
      id: p.id,
      paperLayout,
      chosenLayout: chosen,
      layoutMatches: paperLayout === chosen,
      paperLatency: p.latencySeconds!,
      latency: best.latencySeconds,
      latencyError: best.latencySeconds / p.latencySeconds! - 1,
      paperMfu: p.mfu!,
      mfu: best.mfu,
      mfuPoints: (best.mfu - p.mfu!) * 100,
      plan: best,
    };
  });
}

/** One held-out comparison. */
export interface HeldOutCheck {
  id: string;
  source: string;
  paper: string;
  paperValue: number;
  yomikai: number;
  unit: string;
  /** yomikai / paper − 1 (for ratios and times), or the difference for booleans. */
  relativeError: number;
}

/** Compares the calibrated model with the paper's results that were not used for fitting. */
export function checkHeldOut(hardware: string | HardwareProfile = "tpu-v4"): HeldOutCheck[] {
  const base = { model: "palm-540b", hardware, chips: 64, inputTokens: 2048, context: 2048, outputTokens: 64 } as const;
  const decode = (batch: number, weights: "bf16" | "int8", model = "palm-540b") =>
    planInference({ ...base, model, batch, phase: "decode", weights }).best;
  const values: Record<string, number> = {};
  const bf16 = decode(64, "bf16");
  const int8 = decode(64, "int8");
  values["bf16-decode-64"] = bf16.msPerToken!;
  values["int8-saving-64"] = bf16.msPerToken! - int8.msPerToken!;
  const serial = planInference({
    ...base,
    model: "palm-540b-serial",
    batch: 512,
    phase: "decode",
    weights: "bf16",
    layout: { ffn: "2d-weight-stationary", attention: "batch" },
  }).best;
  const parallel = planInference({
    ...base,
    batch: 512,
    phase: "decode",
    weights: "bf16",
    layout: { ffn: "2d-weight-stationary", attention: "batch" },
  }).best;
  values["serial-block"] = (serial.stepSeconds / parallel.stepSeconds - 1) * 100;
  const pre = planInference({ ...base, batch: 1, phase: "prefill", weights: "int8", inputTokens: 64, context: 1920 }).best;
  const dec = planInference({ ...base, batch: 64, phase: "decode", weights: "int8", context: 1984 }).best;
  values.interactive = pre.latencySeconds + dec.latencySeconds;
  const offPre = planInference({ ...base, batch: 512, phase: "prefill", weights: "bf16", inputTokens: 1984, context: 0 }).best;
  const offDec = planInference({ ...base, batch: 512, phase: "decode", weights: "bf16", context: 1984 }).best;
  const hw = resolveHardware(hardware);
  const n = 540e9;
  values["offline-mfu"] = ((2 * n * 512 * 2048) / (64 * hw.peakFlops * (offPre.latencySeconds + offDec.latencySeconds))) * 100;
  let wins = 1;
  for (const chips of [64, 128, 256]) {
    for (const batch of [64, 128, 256, 512]) {
      const one = planInference({
        ...base,
        chips,
        batch,
        phase: "decode",
        weights: "bf16",
        layout: { ffn: "1d-weight-stationary", attention: "batch" },
      }).best;
      const two = planInference({
        ...base,
        chips,
        batch,
        phase: "decode",
        weights: "bf16",
        layout: { ffn: "2d-weight-stationary", attention: "batch" },
      }).best;
      if (two.latencySeconds >= one.latencySeconds) wins = 0;
    }
  }
  values["decode-2d-beats-1d"] = wins;
  return HELD_OUT.map((h) => {
    const y = values[h.id] as number;
    return {
      id: h.id,
      source: h.source,
      paper: h.paper,
      paperValue: h.value,
      yomikai: y,
      unit: h.unit,
      relativeError: h.unit.startsWith("2D") ? y - h.value : y / h.value - 1,
    };
  });
}
