/**
 * Logical meshes (X×Y×Z) over a chip topology, which chip counts a topology allows, and the time of
 * one collective (all-gather, reduce-scatter, all-reduce, all-to-all) over a set of mesh axes.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import type { HardwareProfile } from "./hardware.js";

/** A mesh axis name. */
export type Axis = "x" | "y" | "z";

/** The three axes in order. */
export const AXES: readonly Axis[] = ["x", "y", "z"];

/** Sizes of the logical mesh axes; x·y·z = chips. */
export interface Mesh {
  x: number;
  y: number;
  z: number;
}

/** `4x4x4`. */
export function meshLabel(m: Mesh): string {
  return `${m.x}x${m.y}x${m.z}`;
}

/** Number of chips in a mesh or on a subset of its axes. */
export function meshSize(m: Mesh, axes: readonly Axis[] = AXES): number {
  return axes.reduce((p, a) => p * m[a], 1);
}

/** Parses `"4x4x4"` (or `"8x8"`, `"64"`) into a mesh. */
export function parseMesh(text: string): Mesh {
  const parts = text
    .toLowerCase()
    .split(/[x×*]/)
    .map((s) => Number(s.trim()));
  if (parts.length < 1 || parts.length > 3 || parts.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new InvalidInputError(`Bad mesh "${text}": write it as X×Y×Z with whole numbers, e.g. 4x4x4.`);
  }
  while (parts.length < 3) parts.unshift(1);
  return { x: parts[0] as number, y: parts[1] as number, z: parts[2] as number };
}

const isPow2 = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

/** Why `chips` does not fit the topology, or null when it does. */
export function chipCountProblem(hw: HardwareProfile, chips: number): string | null {
  const t = hw.topology;
  if (!Number.isInteger(chips) || chips < 1) return `the chip count must be a whole number ≥ 1 (got ${chips})`;
  if (chips > t.maxChips) return `${hw.name} deployments go up to ${t.maxChips} chips (got ${chips})`;
  if (t.kind === "torus") {
    if (!isPow2(chips)) {
      const lo = 2 ** Math.floor(Math.log2(chips));
      return `${hw.name} slices are X×Y×Z tori with a power-of-two chip count (e.g. 64 = 4x4x4); ${chips} is not one — try ${lo} or ${lo * 2}`;
    }
    return null;
  }
  if (chips <= t.nodeSize) {
    if (t.nodeSize % chips !== 0)
      return `${chips} GPUs do not divide a ${t.nodeSize}-GPU node evenly; use a divisor of ${t.nodeSize} (1, 2, 4, 8) or whole nodes`;
    return null;
  }
  if (chips % t.nodeSize !== 0) {
    const lo = Math.floor(chips / t.nodeSize) * t.nodeSize;
    return `${chips} GPUs is not a whole number of ${t.nodeSize}-GPU nodes; use ${lo} or ${lo + t.nodeSize}`;
  }
  return null;
}

/** Throws an {@link InvalidInputError} explaining why `chips` does not fit the topology. */
export function checkChipCount(hw: HardwareProfile, chips: number): void {
  const p = chipCountProblem(hw, chips);
  if (p) throw new InvalidInputError(`Chip count does not fit the topology: ${p}.`);
}

function factorTriples(n: number, ok: (v: number) => boolean): Mesh[] {
  const out: Mesh[] = [];
  for (let x = 1; x <= n; x++) {
    if (n % x !== 0 || !ok(x)) continue;
    for (let y = 1; y <= n / x; y++) {
      if ((n / x) % y !== 0 || !ok(y)) continue;
      const z = n / x / y;
      if (ok(z)) out.push({ x, y, z });
    }
  }
  return out;
}

/**
 * The mesh shapes a topology offers for `chips`. TPU v4: physical slice shapes (below 64 chips, axes
 * of 1, 2 or 4; from 64, multiples of 4 — whole 4×4×4 cubes), every assignment of roles to axes.
 * GPUs: every factorisation, axis z innermost (inside a node first).
 */
export function meshShapes(hw: HardwareProfile, chips: number): Mesh[] {
  checkChipCount(hw, chips);
  const t = hw.topology;
  if (t.kind === "torus") {
    const full = chips >= t.wraparoundFrom;
    return factorTriples(chips, (v) => isPow2(v) && v <= t.maxAxis && (full ? v % 4 === 0 : v <= 4));
  }
  return factorTriples(chips, () => true);
}

/** Checks a user-given mesh against the chip count and topology. */
export function checkMesh(hw: HardwareProfile, chips: number, mesh: Mesh): void {
  if (meshSize(mesh) !== chips)
    throw new InvalidInputError(`Mesh ${meshLabel(mesh)} has ${meshSize(mesh)} chips, not ${chips}: make X·Y·Z equal --chips.`);
  const shapes = meshShapes(hw, chips);
  if (!shapes.some((s) => s.x === mesh.x && s.y === mesh.y && s.z === mesh.z)) {
    throw new InvalidInputError(
      `Mesh ${meshLabel(mesh)} is not a ${hw.name} slice shape for ${chips} chips; use one of ${shapes.map(meshLabel).join(", ")}.`,
    );
  }
}

/** A collective kind. */
export type CollectiveKind = "all-gather" | "reduce-scatter" | "all-reduce" | "all-to-all";

/** Conventions that differ between the paper and other tools. */
export interface Conventions {
  /** Keep the (K−1)/K factor of ring collectives (tools do; the paper drops it). Defaults to `true`. */
  ringFactor: boolean;
  /**
   * How compute and memory time combine: `"roofline"` = max(compute, weights + KV) (the paper's
   * reproductions), `"kv-additive"` = KV + max(compute, weights) (the scaling book). Defaults to `"roofline"`.
   */
  combine: "roofline" | "kv-additive";
  /**
   * Torus bandwidth of a collective: `"chip"` = every collective gets the chip's whole ICI bandwidth
   * (all links), as the paper's formulas count it (App. A.1); `"axis"` = a collective over k axes gets
   * the links of those k axes only (the scaling book). Defaults to `"axis"`.
   */
  torusBandwidth: "chip" | "axis";
}

/** The default conventions. */
export const DEFAULT_CONVENTIONS: Conventions = { ringFactor: true, combine: "roofline", torusBandwidth: "axis" };

/** Time of one collective, split into its bandwidth part and its latency (α) part. */
export interface CollectiveTime {
  bandwidthSeconds: number;
  latencySeconds: number;
  hops: number;
}

function torusAxisBandwidth(hw: HardwareProfile, chips: number): number {
  const t = hw.topology;
  if (t.kind !== "torus") return 0;
  return (chips >= t.wraparoundFrom ? 2 : 1) * t.linkBandwidth;
}

/**
 * Time of a collective over `axes` of `mesh`. `bytes` is the per-chip size of the full (gathered)
 * array for all-gather/reduce-scatter/all-reduce, and the per-chip buffer for all-to-all.
 */
export function collectiveTime(
  hw: HardwareProfile,
  mesh: Mesh,
  kind: CollectiveKind,
  axes: readonly Axis[],
  bytes: number,
  conv: Conventions = DEFAULT_CONVENTIONS,
): CollectiveTime {
  const used = axes.filter((a) => mesh[a] > 1);
  const k = meshSize(mesh, used);
  if (k <= 1 || bytes <= 0) return { bandwidthSeconds: 0, latencySeconds: 0, hops: 0 };
  const eff = hw.efficiency;
  const chips = meshSize(mesh);
  const factor = conv.ringFactor ? (k - 1) / k : 1;
  const t = hw.topology;
  let bw: number;
  let hops: number;
  if (t.kind === "torus") {
    const axisBw = torusAxisBandwidth(hw, chips);
    const wrap = chips >= t.wraparoundFrom;
    // One ring through the whole group: k/2 steps each way with wraparound links, k−1 without.
    hops = wrap ? k / 2 : k - 1;
    if (kind === "all-to-all") {
      // Routed directly: latency is the torus diameter over the used axes.
      hops = used.reduce((s, a) => s + (wrap ? mesh[a] / 2 : mesh[a] - 1), 0);
      const worst = Math.max(...used.map((a) => mesh[a]));
      const seconds = (bytes * worst) / (4 * (conv.torusBandwidth === "chip" ? axisBw * 3 : axisBw) * eff.ici);
      return { bandwidthSeconds: seconds, latencySeconds: hops * eff.hopLatency, hops };
    }
    bw = conv.torusBandwidth === "chip" ? axisBw * 3 : axisBw * used.length;
  } else {
    // Axis z is innermost (inside a node), then y, then x.
    const stride: Record<Axis, number> = { z: 1, y: mesh.z, x: mesh.z * mesh.y };
    const span = Math.max(...used.map((a) => stride[a] * mesh[a]));
    bw = span > t.nodeSize ? t.interBandwidth : t.intraBandwidth;
    hops = kind === "all-to-all" ? 1 : k - 1;
    if (kind === "all-to-all") {
      return { bandwidthSeconds: (bytes * ((k - 1) / k)) / (bw * eff.ici), latencySeconds: hops * eff.hopLatency, hops };
    }
  }
  const mult = kind === "all-reduce" ? 2 : 1;
  return { bandwidthSeconds: (mult * bytes * factor) / (bw * eff.ici), latencySeconds: mult * hops * eff.hopLatency, hops: mult * hops };
}
