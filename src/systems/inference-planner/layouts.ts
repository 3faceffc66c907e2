/**
 * The paper's partitioning layouts (§3.2–3.3, App. A): which collectives each feed-forward layout and
 * attention layout issues per layer, and how the KV cache is split across chips.
 * @module
 */

import { AXES, type Axis, type CollectiveKind, type Mesh, meshSize } from "./mesh.js";
import { layerParams, type ModelConfig } from "./models.js";

/** Feed-forward layouts, as named in the CLI's JSON. */
export const FFN_LAYOUTS = [
  "1d-weight-stationary",
  "2d-weight-stationary",
  "weight-gathered-x",
  "weight-gathered-xy",
  "weight-gathered-xyz",
] as const;
/** A feed-forward layout. */
export type FfnLayout = (typeof FFN_LAYOUTS)[number];

/** Attention layouts: KV sharded over heads (multiquery: replicated) or over batch (the paper's optimized multiquery). */
export const ATTENTION_LAYOUTS = ["heads", "batch"] as const;
/** An attention layout. */
export type AttentionLayout = (typeof ATTENTION_LAYOUTS)[number];

/** A complete layout: how the FFN (and the projections fused with it) and the attention are split. */
export interface Layout {
  ffn: FfnLayout;
  attention: AttentionLayout;
}

/** Axes the weights are all-gathered over (weight-gathered layouts), empty for weight-stationary ones. */
export function gatherAxes(ffn: FfnLayout): Axis[] {
  switch (ffn) {
    case "weight-gathered-x":
      return ["x"];
    case "weight-gathered-xy":
      return ["x", "y"];
    case "weight-gathered-xyz":
      return ["x", "y", "z"];
    default:
      return [];
  }
}

/** Axes that split heads / F (every axis for weight-stationary layouts, the non-gathered ones otherwise). */
export function headAxes(ffn: FfnLayout): Axis[] {
  const g = gatherAxes(ffn);
  return AXES.filter((a) => !g.includes(a));
}

/** Whether a layout is meaningful on a mesh (no duplicate of a simpler layout, batch large enough). */
export function layoutApplies(layout: Layout, mesh: Mesh, tokens: number): boolean {
  const g = gatherAxes(layout.ffn);
  if (g.some((a) => mesh[a] === 1)) return false;
  if (g.length && tokens < meshSize(mesh, g)) return false;
  if (layout.ffn === "2d-weight-stationary" && (mesh.x === 1 || mesh.y * mesh.z === 1)) return false;
  if (layout.attention === "heads" && meshSize(mesh, headAxes(layout.ffn)) === 1 && g.length) return false;
  return true;
}

/** One collective a layer issues. */
export interface CollectiveOp {
  /** What it moves, for explanations (`"FFN input"`). */
  what: string;
  kind: CollectiveKind;
  axes: Axis[];
  /** Bytes per chip (gathered size for all-gather/reduce-scatter, buffer size for all-to-all). */
  bytes: number;
}

/** How the KV cache is split. */
export interface KvSharding {
  /** KV heads each chip holds. */
  kvHeadsPerChip: number;
  /** Sequences each chip holds KV for. */
  sequencesPerChip: number;
  /** How many ways the batch is split. */
  batchShards: number;
}

/** KV sharding of `layout` on `mesh` for `batch` sequences. */
export function kvSharding(model: ModelConfig, layout: Layout, mesh: Mesh, batch: number): KvSharding {
  const h = meshSize(mesh, headAxes(layout.ffn));
  const g = meshSize(mesh, gatherAxes(layout.ffn));
  const kvShard = Math.min(model.kvHeads, h);
  const kvHeadsPerChip = Math.ceil(model.kvHeads / kvShard);
  const batchShards = layout.attention === "batch" ? g * Math.max(1, Math.floor(h / kvShard)) : g;
  return { kvHeadsPerChip, sequencesPerChip: Math.ceil(batch / batchShards), batchShards };
}

/**
 * The collectives one layer issues for `tokens` = B·L tokens in the step. Parallel-block models fuse
 * the attention projections into the FFN's matmuls and so pay one round of activation collectives;
 * serial-block models pay two. `actBytes` is the activation element size (bf16: 2).
 */
export function layerCollectives(
  model: ModelConfig,
  layout: Layout,
  mesh: Mesh,
  tokens: number,
  weightBytes: number,
  actBytes = 2,
): CollectiveOp[] {
  const E = model.dModel;
  const F = model.dFf;
  const hd = (model.partitionHeads ?? model.heads) * model.dHead;
  const kvd = 2 * model.kvHeads * model.dHead;
  const nIn = model.gatedFfn ? 2 : 1;
  const n = meshSize(mesh);
  // The "rounds" of activation traffic: [F-side input width, F-side output width].
  const rounds: [string, number, number][] = model.parallelBlock
    ? [["attention+FFN", nIn * F + hd + kvd, F + hd]]
    : [
        ["attention", hd + kvd, hd],
        ["FFN", nIn * F, F],
      ];
  const ops: CollectiveOp[] = [];
  const T = tokens;
  const all: Axis[] = ["x", "y", "z"];
  if (layout.ffn === "1d-weight-stationary") {
    for (const [w] of rounds) {
      ops.push({ what: `${w} input`, kind: "all-gather", axes: all, bytes: T * E * actBytes });
      ops.push({ what: `${w} output`, kind: "reduce-scatter", axes: all, bytes: T * E * actBytes });
    }
  } else if (layout.ffn === "2d-weight-stationary") {
    const X = mesh.x;
    const YZ = mesh.y * mesh.z;
    for (const [w, fin, fout] of rounds) {
      ops.push({ what: `${w} input (E over x)`, kind: "all-gather", axes: ["y", "z"], bytes: (T * E * actBytes) / X });
      ops.push({ what: `${w} hidden (partial sums over x)`, kind: "reduce-scatter", axes: ["x"], bytes: (T * fin * actBytes) / YZ });
      ops.push({ what: `${w} hidden`, kind: "all-gather", axes: ["x"], bytes: (T * fout * actBytes) / YZ });
      ops.push({ what: `${w} output (partial sums over yz)`, kind: "reduce-scatter", axes: ["y", "z"], bytes: (T * E * actBytes) / X });
    }
  } else {
    const g = gatherAxes(layout.ffn);
    const rest = headAxes(layout.ffn);
    const G = meshSize(mesh, g);
    ops.push({ what: "weights (gathered just in time)", kind: "all-gather", axes: g, bytes: (layerParams(model) * weightBytes * G) / n });
    if (meshSize(mesh, rest) > 1) {
      for (const [w] of rounds) {
        ops.push({ what: `${w} input (batch over ${g.join("")})`, kind: "all-gather", axes: rest, bytes: (T * E * actBytes) / G });
        ops.push({ what: `${w} output`, kind: "reduce-scatter", axes: rest, bytes: (T * E * actBytes) / G });
      }
    }
  }
  if (layout.attention === "batch") {
    const h = headAxes(layout.ffn);
    const hs = meshSize(mesh, h);
    if (hs > Math.min(model.kvHeads, hs)) {
      ops.push({ what: "Q/K/V to batch sharding", kind: "all-to-all", axes: h, bytes: (T * (hd + kvd) * actBytes) / n });
      ops.push({ what: "attention output to head sharding", kind: "all-to-all", axes: h, bytes: (T * hd * actBytes) / n });
    }
  }
  return ops;
}
