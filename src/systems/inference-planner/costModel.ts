/**
 * The analytical cost of one plan: a model, a hardware profile, a mesh, a layout, a batch and a
 * phase → time per step and per phase, MFU, cost per token, memory per chip, and which term bounds it.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import type { Efficiency, HardwareProfile } from "./hardware.js";
import { type CollectiveOp, gatherAxes, type KvSharding, kvSharding, type Layout, layerCollectives } from "./layouts.js";
import { type Conventions, collectiveTime, DEFAULT_CONVENTIONS, type Mesh, meshLabel, meshSize } from "./mesh.js";
import { embeddingParams, layerParams, type ModelConfig, totalParams } from "./models.js";

/** Inference phase: prefill processes the input tokens in one step; decode generates one token per step. */
export type Phase = "prefill" | "decode";
/** Weight storage: int8 (AQT weight-only quantization, bf16 matmuls) or bf16. */
export type WeightDtype = "bf16" | "int8";

/** The workload and deployment a plan is for. */
export interface Workload {
  model: ModelConfig;
  hardware: HardwareProfile;
  /** Number of chips. */
  chips: number;
  /** Sequences processed together. */
  batch: number;
  phase: Phase;
  /** Prefill: tokens per sequence processed in this phase. Defaults to 2048. */
  inputTokens: number;
  /** Tokens already in the KV cache before the phase (decode: the prompt; prefill: earlier history). */
  context: number;
  /** Decode: tokens generated. Defaults to 64. */
  outputTokens: number;
  weights: WeightDtype;
  /** KV cache element size in bytes. Defaults to 2 (bf16). */
  kvBytes?: number;
  conventions?: Conventions;
  /** Overrides of the hardware's efficiency terms. */
  efficiency?: Partial<Efficiency>;
}

/** Seconds per phase, split by what bounds them. */
export interface CostBreakdown {
  /** Matmul + attention FLOPs at the calibrated FLOP/s. */
  compute: number;
  /** Weight loads from HBM. */
  weightLoad: number;
  /** KV-cache loads from HBM. */
  kvLoad: number;
  /** Collective bandwidth time not hidden under compute or memory. */
  communication: number;
  /** Collective latency (α × hops). */
  collectiveLatency: number;
  /** Fixed per-step overhead. */
  overhead: number;
}

/** What dominates a plan's time. */
export type Dominant = "compute" | "weight loading" | "KV loading" | "communication" | "collective latency";

/** Memory each chip needs. */
export interface MemoryPerChip {
  weights: number;
  kvCache: number;
  /** Gathered-weight buffer (weight-gathered layouts) and activations. */
  workspace: number;
  total: number;
  /** HBM per chip. */
  capacity: number;
}

/** One costed plan. */
export interface Plan {
  model: string;
  hardware: string;
  chips: number;
  mesh: string;
  batch: number;
  phase: Phase;
  weights: WeightDtype;
  layout: Layout;
  /** Time of the whole phase: all input tokens for prefill, all output tokens for decode. */
  latencySeconds: number;
  /** Time of one step (prefill: the whole phase). */
  stepSeconds: number;
  /** Decode: milliseconds per generated token (per step). */
  msPerToken: number | null;
  /** Model FLOPs utilisation (0–1): 2·N·tokens / (chips · peak · time), N without head padding or attention. */
  mfu: number;
  /** Chip-seconds per token (the paper's cost). */
  chipSecondsPerToken: number;
  /** USD per million tokens at the profile's chip-hour price, when it has one. */
  usdPerMillionTokens: number | null;
  tokensPerSecond: number;
  breakdown: CostBreakdown;
  dominant: Dominant;
  /** One sentence on why the plan costs what it does. */
  explanation: string;
  memory: MemoryPerChip;
  memoryPerChipBytes: number;
  fits: boolean;
  /** Bytes per chip over capacity (0 when it fits). */
  overBytes: number;
  kv: KvSharding;
  /** Collectives per layer with their per-layer time. */
  collectives: (CollectiveOp & { seconds: number })[];
  conventions: Conventions;
}

/** Bytes per weight. */
export function weightBytes(w: WeightDtype): number {
  return w === "int8" ? 1 : 2;
}

/** Checks the numbers of a workload (positive, whole). */
export function checkWorkload(w: Workload): void {
  const pos = (name: string, v: number, min = 1) => {
    if (!Number.isInteger(v) || v < min) throw new InvalidInputError(`${name} must be a whole number ≥ ${min} (got ${v}).`);
  };
  pos("batch", w.batch);
  pos("chips", w.chips);
  pos("input tokens", w.inputTokens);
  pos("context", w.context, 0);
  pos("output tokens", w.outputTokens);
}

/** Memory per chip for a layout. */
export function memoryPerChip(w: Workload, layout: Layout, mesh: Mesh): MemoryPerChip {
  const m = w.model;
  const n = meshSize(mesh);
  const wb = weightBytes(w.weights);
  const kvb = w.kvBytes ?? 2;
  const kv = kvSharding(m, layout, mesh, w.batch);
  const maxCtx = w.context + (w.phase === "decode" ? w.outputTokens : w.inputTokens);
  const kvCache = m.layers * 2 * kv.kvHeadsPerChip * m.dHead * kvb * kv.sequencesPerChip * maxCtx;
  const weights = (totalParams(m) * wb) / n;
  const G = meshSize(mesh, gatherAxes(layout.ffn));
  const gatherBuffer = G > 1 ? (m.dModel * m.dFf * wb * G) / n : 0;
  const L = w.phase === "decode" ? 1 : w.inputTokens;
  const hd = (m.partitionHeads ?? m.heads) * m.dHead;
  const activations = (w.batch * L * (m.dModel + (m.gatedFfn ? 2 : 1) * m.dFf + hd) * 2) / n;
  const workspace = gatherBuffer + activations;
  return { weights, kvCache, workspace, total: weights + kvCache + workspace, capacity: w.hardware.hbmBytes };
}

const GIB = 1024 ** 3;

/** Formats bytes as GiB with one decimal. */
export function gib(bytes: number): string {
  return `${(bytes / GIB).toFixed(1)} GiB`;
}

/** Costs one fully specified plan (layout and mesh given). */
export function estimatePlan(w: Workload, layout: Layout, mesh: Mesh): Plan {
  checkWorkload(w);
  const m = w.model;
  const hw = w.hardware;
  const eff: Efficiency = { ...hw.efficiency, ...(w.efficiency ?? {}) };
  const hwEff: HardwareProfile = { ...hw, efficiency: eff };
  const conv = w.conventions ?? DEFAULT_CONVENTIONS;
  const n = meshSize(mesh);
  const wb = weightBytes(w.weights);
  const kvb = w.kvBytes ?? 2;
  const decode = w.phase === "decode";
  const L = decode ? 1 : w.inputTokens;
  const steps = decode ? w.outputTokens : 1;
  const T = w.batch * L;
  const hd = (m.partitionHeads ?? m.heads) * m.dHead;
  // Mean attended context per query token, and KV tokens read per step.
  const attnCtx = decode ? w.context + (w.outputTokens - 1) / 2 + 1 : w.context + (w.inputTokens + 1) / 2;
  const kvCtx = decode ? w.context + (w.outputTokens - 1) / 2 : w.context + w.inputTokens;
  const peak = n * hw.peakFlops * eff.flops;
  const hbm = hw.hbmBandwidth * eff.hbm;

  // Per layer.
  const flops = 2 * T * layerParams(m) + 4 * T * attnCtx * hd;
  const compute = flops / peak;
  const G = meshSize(mesh, gatherAxes(layout.ffn));
  const weightRead = (layerParams(m) * wb * G) / n / hbm;
  const kv = kvSharding(m, layout, mesh, w.batch);
  const kvRead = (2 * kv.kvHeadsPerChip * m.dHead * kvb * kv.sequencesPerChip * kvCtx) / hbm;
  const ops = layerCollectives(m, layout, mesh, T, wb);
  const timed = ops.map((op) => {
    const t = collectiveTime(hwEff, mesh, op.kind, op.axes, op.bytes, conv);
    return { ...op, seconds: t.bandwidthSeconds + t.latencySeconds, bw: t.bandwidthSeconds, lat: t.latencySeconds };
  });
  const comm = timed.reduce((s, o) => s + o.bw, 0);
  const lat = timed.reduce((s, o) => s + o.lat, 0);
  const memTime = conv.combine === "roofline" ? weightRead + kvRead : weightRead;
  const bound = conv.combine === "roofline" ? Math.max(compute, memTime) : Math.max(compute, memTime) + kvRead;
  // Collectives hide under the layer's compute/memory time up to the overlap fraction (looped CollectiveEinsum).
  const hidden = Math.min(comm * eff.overlap, bound);
  const exposedComm = comm - hidden;
  const layerTime = bound + exposedComm + lat;

  // Embedding / logits once per step: the last position in prefill, every sequence in decode.
  const logitFlops = 2 * w.batch * m.dModel * m.vocab;
  const logitTime = Math.max(logitFlops / peak, decode ? (embeddingParams(m) * wb) / n / hbm : 0);
  const stepSeconds = m.layers * layerTime + logitTime + eff.stepOverhead;
  const latencySeconds = steps * stepSeconds;

  // Breakdown over the phase: the bounding term takes the bound's time.
  const scale = steps * m.layers;
  const breakdown: CostBreakdown = {
    compute: 0,
    weightLoad: 0,
    kvLoad: 0,
    communication: scale * exposedComm,
    collectiveLatency: scale * lat,
    overhead: steps * eff.stepOverhead,
  };
  if (compute >= memTime) breakdown.compute += scale * compute;
  else if (conv.combine === "roofline") {
    breakdown.weightLoad += (scale * bound * weightRead) / (memTime || 1);
    breakdown.kvLoad += (scale * bound * kvRead) / (memTime || 1);
  } else breakdown.weightLoad += scale * weightRead;
  if (conv.combine === "kv-additive") breakdown.kvLoad += scale * kvRead;
  if (logitFlops / peak >= logitTime) breakdown.compute += steps * logitTime;
  else breakdown.weightLoad += steps * logitTime;
  const terms: [Dominant, number][] = [
    ["compute", breakdown.compute],
    ["weight loading", breakdown.weightLoad],
    ["KV loading", breakdown.kvLoad],
    ["communication", breakdown.communication],
    ["collective latency", breakdown.collectiveLatency],
  ];
  terms.sort((a, b) => b[1] - a[1]);
  const dominant = (terms[0] as [Dominant, number])[0];
  const share = (terms[0] as [Dominant, number])[1] / latencySeconds;

  const tokens = w.batch * (decode ? w.outputTokens : w.inputTokens);
  const mfu = (2 * totalParams(m, false) * tokens) / (n * hw.peakFlops * latencySeconds);
  const chipSecondsPerToken = (n * latencySeconds) / tokens;
  const memory = memoryPerChip(w, layout, mesh);
  const overBytes = Math.max(0, memory.total - memory.capacity);
  const explanation = `${Math.round(share * 100)}% of the time is ${dominant}${
    dominant === "compute"
      ? ` (${tokens.toLocaleString("en-US")} tokens keep the matmuls busy)`
      : dominant === "weight loading"
        ? ` (each step streams ${gib((totalParams(m) * wb) / n)} of weights per chip for only ${T} tokens)`
        : dominant === "KV loading"
          ? ` (each chip reads the KV of ${kv.sequencesPerChip} sequences × ${Math.round(kvCtx)} tokens per step)`
          : dominant === "communication"
            ? ` (${layout.ffn} moves ${gib(ops.reduce((s, o) => s + o.bytes, 0) * m.layers)} per chip per step)`
            : ` (${ops.length} collectives per layer × ${m.layers} layers, each paying α per hop)`
  }.`;
  return {
    model: m.name,
    hardware: hw.name,
    chips: n,
    mesh: meshLabel(mesh),
    batch: w.batch,
    phase: w.phase,
    weights: w.weights,
    layout,
    latencySeconds,
    stepSeconds,
    msPerToken: decode ? stepSeconds * 1000 : null,
    mfu,
    chipSecondsPerToken,
    usdPerMillionTokens: hw.usdPerChipHour ? (chipSecondsPerToken * 1e6 * hw.usdPerChipHour) / 3600 : null,
    tokensPerSecond: tokens / latencySeconds,
    breakdown,
    dominant,
    explanation,
    memory,
    memoryPerChipBytes: memory.total,
    fits: overBytes === 0,
    overBytes,
    kv,
    collectives: timed.map(({ bw: _bw, lat: _lat, ...o }) => o),
    conventions: conv,
  };
}
