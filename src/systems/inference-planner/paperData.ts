/**
 * The paper's published numbers (arXiv 2211.05102), used as calibration data (Table 2), acceptance
 * checks (Tables 1 and 2) and held-out validation (the rest). Each entry says where it comes from.
 * @module
 */
import type { Phase, WeightDtype } from "./costModel.js";
import type { FfnLayout, Layout } from "./layouts.js";

/** One row of Table 1: maximum context for PaLM 540B on 64 TPU v4 chips with 30% of HBM for KV. */
export interface Table1Row {
  attention: "multihead" | "multiquery-heads" | "multiquery-batch";
  batch: number;
  /** Published maximum context (tokens). */
  maxContext: number;
}

/** Table 1 of the paper (six numbers). */
export const TABLE1: Table1Row[] = [
  { attention: "multihead", batch: 128, maxContext: 1320 },
  { attention: "multihead", batch: 512, maxContext: 330 },
  { attention: "multiquery-heads", batch: 128, maxContext: 660 },
  { attention: "multiquery-heads", batch: 512, maxContext: 165 },
  { attention: "multiquery-batch", batch: 128, maxContext: 43000 },
  { attention: "multiquery-batch", batch: 512, maxContext: 10700 },
];

/** A published measurement of PaLM-family inference on TPU v4. */
export interface PaperPoint {
  /** Short id. */
  id: string;
  /** Where in the paper. */
  source: string;
  model: string;
  chips: number;
  batch: number;
  phase: Phase;
  weights: WeightDtype;
  inputTokens: number;
  context: number;
  outputTokens: number;
  /** The paper's layout, when it states one. */
  layout?: Layout;
  /** Published latency of the phase, seconds. */
  latencySeconds?: number;
  /** Published MFU (0–1). */
  mfu?: number;
}

const palm = { model: "palm-540b", chips: 64 } as const;
const ws2d: FfnLayout = "2d-weight-stationary";

/** Table 2: the four regimes of PaLM 540B on 64 chips with 2048-token context. The calibration set. */
export const TABLE2: PaperPoint[] = [
  {
    id: "low-latency prefill",
    source: "Table 2",
    ...palm,
    batch: 1,
    phase: "prefill",
    weights: "int8",
    inputTokens: 2048,
    context: 0,
    outputTokens: 64,
    layout: { ffn: ws2d, attention: "heads" },
    latencySeconds: 0.29,
    mfu: 0.43,
  },
  {
    id: "low-latency decode",
    source: "Table 2",
    ...palm,
    batch: 64,
    phase: "decode",
    weights: "int8",
    inputTokens: 2048,
    context: 2048,
    outputTokens: 64,
    layout: { ffn: ws2d, attention: "batch" },
    latencySeconds: 1.82,
    mfu: 0.14,
  },
  {
    id: "high-throughput prefill",
    source: "Table 2",
    ...palm,
    batch: 512,
    phase: "prefill",
    weights: "bf16",
    inputTokens: 2048,
    context: 0,
    outputTokens: 64,
    layout: { ffn: "weight-gathered-xyz", attention: "batch" },
    latencySeconds: 85.2,
    mfu: 0.76,
  },
  {
    id: "high-throughput decode",
    source: "Table 2",
    ...palm,
    batch: 512,
    phase: "decode",
    weights: "bf16",
    inputTokens: 2048,
    context: 2048,
    outputTokens: 64,
    layout: { ffn: ws2d, attention: "batch" },
    latencySeconds: 6.0,
    mfu: 0.33,
  },
];

/** A held-out published claim: never used for fitting; checked after calibration. */
export interface HeldOutClaim {
  id: string;
  source: string;
  /** What the paper reports, in words. */
  paper: string;
  /** The published value being compared. */
  value: number;
  unit: string;
}

/** Published results not used for calibration. */
export const HELD_OUT: HeldOutClaim[] = [
  {
    id: "bf16-decode-64",
    source: "§5 (int8 vs bf16, batch 64 decode)",
    paper: "PaLM 540B, 64 chips, batch 64 decode in bf16: 36.9 ms/token",
    value: 36.9,
    unit: "ms/token",
  },
  { id: "int8-saving-64", source: "§5", paper: "int8 saves 36.9 − 28.5 = 8.4 ms/token at batch 64", value: 8.4, unit: "ms/token" },
  {
    id: "serial-block",
    source: "§3.4",
    paper: "serial block: +14% decode latency per step (2D-WS, 64 chips, batch 512)",
    value: 14,
    unit: "%",
  },
  {
    id: "interactive",
    source: "§1 / Figure 1 example",
    paper: "64 input tokens after 1,920 cached, then 64 generated, int8 (assumed: batch-1 prefill, batch-64 decode): 1.9 s in total",
    value: 1.9,
    unit: "s",
  },
  {
    id: "offline-mfu",
    source: "§1 example",
    paper: "1984 input + 64 output tokens at batch 512 (bf16): 73% MFU overall",
    value: 73,
    unit: "% MFU",
  },
  {
    id: "decode-2d-beats-1d",
    source: "Figure 6",
    paper: "decode at batch 64–512 on 64/128/256 chips: 2D weight-stationary beats 1D",
    value: 1,
    unit: "2D wins (1 = yes)",
  },
];
