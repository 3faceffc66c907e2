/**
 * Accelerator profiles: TPU v4 (3D torus, as in the paper) and NVIDIA A100/H100/H200 nodes
 * (NVSwitch inside a node, InfiniBand between nodes), plus custom JSON. Each profile carries the
 * efficiency terms of the cost model; TPU v4's are fitted on the paper's Table 2 (see `calibration.ts`).
 * @module
 */
import { InvalidInputError, unknownName } from "../../core/index.js";

/** Correction terms that turn the paper's ideal formulas into predicted wall-clock time. */
export interface Efficiency {
  /** Fraction of peak FLOP/s that matmuls reach (0–1]. */
  flops: number;
  /** Fraction of HBM bandwidth that weight and KV loads reach (0–1]. */
  hbm: number;
  /** Fraction of interconnect bandwidth that collectives reach (0–1]. */
  ici: number;
  /**
   * Fixed latency of one hop of a collective, in seconds (torus: a ring over an axis of size k takes
   * k/2 hops; switch: k−1 hops). This is the α term the paper's bandwidth-only formulas lack.
   */
  hopLatency: number;
  /** Fraction (0–1) of communication that hides under compute/memory time (looped CollectiveEinsum). */
  overlap: number;
  /** Fixed time per decode/prefill step for embedding lookup, sampling and host work, in seconds. */
  stepOverhead: number;
}

/** How chips are connected. */
export type Topology =
  | {
      kind: "torus";
      /** Bandwidth of one link in one direction, bytes/s (TPU v4: 45e9). */
      linkBandwidth: number;
      /** Largest slice, in chips. */
      maxChips: number;
      /** Smallest slice that has wraparound links on every axis (TPU v4: 64, a full 4×4×4 cube). */
      wraparoundFrom: number;
      /** Largest size of one axis. */
      maxAxis: number;
    }
  | {
      kind: "switched";
      /** GPUs per node (NVLink/NVSwitch domain). */
      nodeSize: number;
      /** Per-GPU NVLink bandwidth, one direction, bytes/s. */
      intraBandwidth: number;
      /** Per-GPU network bandwidth between nodes, one direction, bytes/s. */
      interBandwidth: number;
      /** Largest deployment, in GPUs. */
      maxChips: number;
    };

/** One accelerator type and how its chips are wired. */
export interface HardwareProfile {
  name: string;
  description?: string;
  /** Dense bf16 matmul peak per chip, FLOP/s. Int8 weights still run bf16 matmuls (weight-only quantization). */
  peakFlops: number;
  /** HBM capacity per chip, bytes. */
  hbmBytes: number;
  /** HBM bandwidth per chip, bytes/s. */
  hbmBandwidth: number;
  topology: Topology;
  efficiency: Efficiency;
  /** Where the efficiency terms came from. */
  calibration: string;
  /** Price of one chip-hour in USD, for cost per million tokens (indicative list prices). */
  usdPerChipHour?: number;
  /** GPU profiles: print vLLM / TensorRT-LLM settings. */
  gpu?: boolean;
}

/**
 * TPU v4's efficiency terms, fitted by `calibrateOnTable2()` (run and reported by
 * bench/inference-planner.bench.ts) on the four columns of the paper's Table 2 and frozen here. The test
 * suite (test/inference-planner/paper.test.ts) re-runs the fit and checks that it lands on these values.
 */
export const TPU_V4_EFFICIENCY: Efficiency = {
  flops: 0.84,
  hbm: 1,
  ici: 0.66,
  hopLatency: 4.5e-6,
  overlap: 0,
  stepOverhead: 0,
};

/** Uncalibrated GPU defaults: llm-analysis's profiled FasterTransformer efficiencies and NCCL-scale latency. */
const GPU_EFFICIENCY: Efficiency = { flops: 0.7, hbm: 0.85, ici: 0.8, hopLatency: 1.5e-6, overlap: 0.5, stepOverhead: 0 };

const GIB = 1024 ** 3;

const gpuNode = (
  name: string,
  peakFlops: number,
  hbmBytes: number,
  hbmBandwidth: number,
  nvlink: number,
  ib: number,
  usd: number,
  description: string,
): HardwareProfile => ({
  name,
  description,
  peakFlops,
  hbmBytes,
  hbmBandwidth,
  topology: { kind: "switched", nodeSize: 8, intraBandwidth: nvlink, interBandwidth: ib, maxChips: 1024 },
  efficiency: GPU_EFFICIENCY,
  calibration: "uncalibrated defaults (flops 0.7, HBM 0.85 from llm-analysis's FasterTransformer profile; 1.5 µs per ring hop)",
  usdPerChipHour: usd,
  gpu: true,
});

/** The built-in hardware profiles, by name. */
export const HARDWARE: Record<string, HardwareProfile> = {
  "tpu-v4": {
    name: "tpu-v4",
    description: "TPU v4 slice: 275 TFLOP/s, 32 GiB HBM at 1.2 TB/s, 3D torus of 45 GB/s links (6 per chip)",
    peakFlops: 275e12,
    hbmBytes: 32 * GIB,
    hbmBandwidth: 1.2e12,
    topology: { kind: "torus", linkBandwidth: 45e9, maxChips: 4096, wraparoundFrom: 64, maxAxis: 16 },
    efficiency: TPU_V4_EFFICIENCY,
    calibration: "fitted on the paper's Table 2 (PaLM 540B, 64 chips); validated on its held-out results",
    usdPerChipHour: 3.22,
  },
  "a100-80gb": gpuNode(
    "a100-80gb",
    312e12,
    80e9,
    2.039e12,
    300e9,
    25e9,
    4.1,
    "8× A100-SXM 80GB per node, NVSwitch 300 GB/s, HDR InfiniBand 25 GB/s per GPU",
  ),
  "a100-40gb": gpuNode(
    "a100-40gb",
    312e12,
    40e9,
    1.555e12,
    300e9,
    25e9,
    3.4,
    "8× A100-SXM 40GB per node, NVSwitch 300 GB/s, HDR InfiniBand 25 GB/s per GPU",
  ),
  h100: gpuNode(
    "h100",
    989e12,
    80e9,
    3.35e12,
    450e9,
    50e9,
    6.9,
    "8× H100-SXM 80GB per node, NVSwitch 450 GB/s, NDR InfiniBand 50 GB/s per GPU",
  ),
  h200: gpuNode(
    "h200",
    989e12,
    141e9,
    4.8e12,
    450e9,
    50e9,
    8.2,
    "8× H200-SXM 141GB per node, NVSwitch 450 GB/s, NDR InfiniBand 50 GB/s per GPU",
  ),
};

/** Names of the built-in hardware profiles. */
export const HARDWARE_NAMES = Object.keys(HARDWARE);

const num = (r: Record<string, unknown>, key: string, source: string, min = 0): number => {
  const v = r[key];
  if (typeof v !== "number" || !Number.isFinite(v) || v <= min)
    throw new InvalidInputError(`${source}: "${key}" must be a number > ${min} (got ${JSON.stringify(v)}).`);
  return v;
};

/**
 * Checks a custom hardware profile (e.g. parsed from JSON). `topology.kind` is `"torus"` or
 * `"switched"`; missing efficiency terms take the GPU defaults; `base` names a built-in profile whose
 * fields the JSON overrides (`{"base": "h100", "hbmBandwidth": 3.072e12}`).
 */
export function parseHardwareProfile(raw: unknown, source = "hardware config"): HardwareProfile {
  if (!raw || typeof raw !== "object" || Array.isArray(raw))
    throw new InvalidInputError(`${source}: expected a JSON object with peakFlops, hbmBytes, hbmBandwidth, topology.`);
  let r = raw as Record<string, unknown>;
  if (typeof r.base === "string") {
    const base = resolveHardware(r.base);
    r = {
      ...base,
      name: `${base.name}-custom`,
      ...r,
      efficiency: { ...base.efficiency, ...((r.efficiency as object) ?? {}) },
      topology: { ...base.topology, ...((r.topology as object) ?? {}) },
    };
  }
  const t = r.topology as Record<string, unknown> | undefined;
  if (!t || (t.kind !== "torus" && t.kind !== "switched"))
    throw new InvalidInputError(`${source}: "topology.kind" must be "torus" or "switched".`);
  const topology: Topology =
    t.kind === "torus"
      ? {
          kind: "torus",
          linkBandwidth: num(t, "linkBandwidth", source),
          maxChips: num(t, "maxChips", source),
          wraparoundFrom: typeof t.wraparoundFrom === "number" ? t.wraparoundFrom : 64,
          maxAxis: typeof t.maxAxis === "number" ? t.maxAxis : 16,
        }
      : {
          kind: "switched",
          nodeSize: num(t, "nodeSize", source),
          intraBandwidth: num(t, "intraBandwidth", source),
          interBandwidth: num(t, "interBandwidth", source),
          maxChips: num(t, "maxChips", source),
        };
  const e = { ...GPU_EFFICIENCY, ...((r.efficiency as Partial<Efficiency>) ?? {}) };
  for (const k of ["flops", "hbm", "ici"] as const) {
    if (!(e[k] > 0 && e[k] <= 1)) throw new InvalidInputError(`${source}: efficiency.${k} must be in (0, 1].`);
  }
  if (!(e.overlap >= 0 && e.overlap <= 1)) throw new InvalidInputError(`${source}: efficiency.overlap must be in [0, 1].`);
  for (const k of ["hopLatency", "stepOverhead"] as const) {
    if (!(typeof e[k] === "number" && e[k] >= 0 && e[k] < 1))
      throw new InvalidInputError(`${source}: efficiency.${k} must be a number of seconds in [0, 1) (got ${JSON.stringify(e[k])}).`);
  }
  return {
    name: typeof r.name === "string" ? r.name : "custom",
    description: typeof r.description === "string" ? r.description : undefined,
    peakFlops: num(r, "peakFlops", source),
    hbmBytes: num(r, "hbmBytes", source),
    hbmBandwidth: num(r, "hbmBandwidth", source),
    topology,
    efficiency: e,
    calibration: typeof r.calibration === "string" ? r.calibration : "custom profile",
    usdPerChipHour: typeof r.usdPerChipHour === "number" ? r.usdPerChipHour : undefined,
    gpu: typeof r.gpu === "boolean" ? r.gpu : topology.kind === "switched",
  };
}

/** A built-in profile by name, or a custom profile object. Unknown names list the known ones. */
export function resolveHardware(hw: string | HardwareProfile): HardwareProfile {
  if (typeof hw !== "string") return Object.values(HARDWARE).includes(hw) ? hw : parseHardwareProfile(hw);
  const h = HARDWARE[hw.toLowerCase()];
  if (!h) throw unknownName("hardware", hw, HARDWARE_NAMES);
  return h;
}
