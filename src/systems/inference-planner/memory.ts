/**
 * KV-cache capacity: the longest context that fits for a batch under an attention layout (the
 * paper's Table 1 question).
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { type WeightDtype, weightBytes } from "./costModel.js";
import { type HardwareProfile, resolveHardware } from "./hardware.js";
import { type AttentionLayout, kvSharding } from "./layouts.js";
import { checkChipCount, type Mesh } from "./mesh.js";
import { type ModelConfig, resolveModel, totalParams } from "./models.js";

/** Attention variants of Table 1, plus the plain layout names. */
export type MaxContextAttention = "multihead" | "multiquery-heads" | "multiquery-batch" | AttentionLayout;

/** The attention choices {@link maxContext} accepts. */
export const MAX_CONTEXT_ATTENTIONS: readonly MaxContextAttention[] = [
  "multihead",
  "multiquery-heads",
  "multiquery-batch",
  "heads",
  "batch",
];

/** Options of {@link maxContext}. */
export interface MaxContextRequest {
  model: string | ModelConfig;
  hardware: string | HardwareProfile;
  chips: number;
  batch: number;
  /**
   * `multihead`: every query head has its own KV head (the model's multihead variant when it has one),
   * sharded over heads; `multiquery-heads`: KV heads sharded over heads (multiquery: replicated);
   * `multiquery-batch`: the paper's optimized layout, KV sharded over batch. Defaults to `multiquery-batch`.
   */
  attention?: MaxContextAttention;
  /**
   * Fraction of HBM reserved for the KV cache (Table 1 uses 0.3). Without it, whatever the weights
   * leave free is used.
   */
  kvFraction?: number;
  /** Weight dtype, for the free-memory budget. Defaults to `"bf16"`. */
  weights?: WeightDtype;
  /** KV element size in bytes. Defaults to 2 (bf16). */
  kvBytes?: number;
}

/** Result of {@link maxContext}. */
export interface MaxContextResult {
  maxContext: number;
  /** The model whose KV shapes were used (the multihead variant for `multihead`). */
  model: string;
  attention: MaxContextAttention;
  /** KV budget per chip, bytes. */
  kvBudgetBytes: number;
  /** KV bytes per token of context per chip (all layers, all sequences that chip holds). */
  bytesPerContextToken: number;
  sequencesPerChip: number;
  kvHeadsPerChip: number;
}

/** The longest context whose KV cache fits, for a batch and an attention layout. */
export function maxContext(req: MaxContextRequest): MaxContextResult {
  const hw = resolveHardware(req.hardware);
  checkChipCount(hw, req.chips);
  if (!Number.isInteger(req.batch) || req.batch < 1) throw new InvalidInputError(`batch must be a whole number ≥ 1 (got ${req.batch}).`);
  const attention = req.attention ?? "multiquery-batch";
  let model = resolveModel(req.model);
  if (attention === "multihead" && model.kvHeads < model.heads) {
    model = model.multiheadVariant
      ? resolveModel(model.multiheadVariant)
      : { ...model, name: `${model.name}-multihead`, kvHeads: model.heads };
  }
  const layout = {
    ffn: "2d-weight-stationary" as const,
    attention: attention === "multiquery-batch" || attention === "batch" ? ("batch" as const) : ("heads" as const),
  };
  // Weight-stationary layouts shard heads/batch over every chip; the mesh shape does not matter here.
  const mesh: Mesh = { x: 1, y: 1, z: req.chips };
  const kv = kvSharding(model, layout, mesh, req.batch);
  const kvb = req.kvBytes ?? 2;
  let budget: number;
  if (req.kvFraction !== undefined) {
    if (!(req.kvFraction > 0 && req.kvFraction <= 1)) throw new InvalidInputError(`kv fraction must be in (0, 1] (got ${req.kvFraction}).`);
    budget = req.kvFraction * hw.hbmBytes;
  } else {
    budget = hw.hbmBytes - (totalParams(model) * weightBytes(req.weights ?? "bf16")) / req.chips;
    if (budget <= 0) {
      throw new InvalidInputError(
        `The weights alone need ${((totalParams(model) * weightBytes(req.weights ?? "bf16")) / req.chips / 1024 ** 3).toFixed(1)} GiB per chip, more than the ${(hw.hbmBytes / 1024 ** 3).toFixed(1)} GiB of ${hw.name}; use more chips or --weights int8.`,
      );
    }
  }
  const perToken = model.layers * 2 * kv.kvHeadsPerChip * model.dHead * kvb * kv.sequencesPerChip;
  return {
    maxContext: Math.floor(budget / perToken),
    model: model.name,
    attention,
    kvBudgetBytes: budget,
    bytesPerContextToken: perToken,
    sequencesPerChip: kv.sequencesPerChip,
    kvHeadsPerChip: kv.kvHeadsPerChip,
  };
}
