/**
 * Paper → region policies. Each author's region set comes from their institutions' countries
 * (multinationals dropped when asked); the policy turns the authors' sets into one region, `mixed`,
 * a weight vector (`fractional`) or `unassigned` with a reason.
 * @module
 */
import type { MultinationalList, MultinationalMode } from "./multinationals.js";
import type { OpenAlexAuthorship } from "./openalex.js";
import { normaliseCountry, REGIONS, type RegionMap } from "./regions.js";

/** How a paper gets a region. */
export type PaperPolicy = "unanimous" | "majority" | "first-author" | "fractional";

/** Every policy, default first. */
export const PAPER_POLICIES: readonly PaperPolicy[] = ["unanimous", "majority", "first-author", "fractional"];

/** Why a paper could not be assigned. */
export type UnassignedReason =
  | "no-affiliation"
  | "unknown-country"
  | "only-multinationals"
  | "has-multinational"
  | "first-author-unresolved";

/** Every unassigned reason, in report order. */
export const UNASSIGNED_REASONS: readonly UnassignedReason[] = [
  "no-affiliation",
  "unknown-country",
  "only-multinationals",
  "has-multinational",
  "first-author-unresolved",
];

/** Class codes: 0–3 are the regions in {@link REGIONS} order. */
export const CLASS_MIXED = 4;
/** Class code of an unassigned paper. */
export const CLASS_UNASSIGNED = 5;
/** Class code of a fractional paper (its weights are in the weight vector). */
export const CLASS_WEIGHTED = 6;

/** Everything a policy needs besides the authorships. */
export interface AssignContext {
  policy: PaperPolicy;
  regionMap: RegionMap;
  multinationals: MultinationalList;
  multinationalMode: MultinationalMode;
  /** Country for an institution without `country_code`, from its name (e.g. the bundled university list). */
  countryFallback?: (displayName: string) => string | undefined;
  /** Counts institutions whose country came from `countryFallback`. */
  fillStats?: { filled: number };
}

/** Result of {@link assignRegion}: a class code, the reason when unassigned, and the weights (always filled; zero unless assigned). */
export interface Assignment {
  cls: number;
  reason?: UnassignedReason;
}

const REGION_INDEX = new Map<string, number>(REGIONS.map((r, i) => [r, i]));

function popcount4(m: number): number {
  return (m & 1) + ((m >> 1) & 1) + ((m >> 2) & 1) + ((m >> 3) & 1);
}

/**
 * Assigns one paper. Writes the region weights (summing to 1 when assigned, else zeros) into
 * `weights[offset … offset+3]`.
 */
export function assignRegion(authorships: unknown, ctx: AssignContext, weights: Float64Array, offset = 0): Assignment {
  weights.fill(0, offset, offset + 4);
  const list = Array.isArray(authorships) ? (authorships as OpenAlexAuthorship[]) : [];
  const masks: number[] = [];
  let unknown = 0;
  let multinational = 0;
  let firstIndex = -1;
  for (let a = 0; a < list.length; a++) {
    const au = list[a];
    if (!au || typeof au !== "object") {
      masks.push(0);
      continue;
    }
    if (firstIndex < 0 && au.author_position === "first") firstIndex = a;
    let mask = 0;
    const insts = Array.isArray(au.institutions) ? au.institutions : [];
    for (const inst of insts) {
      if (!inst || typeof inst !== "object") continue;
      if (ctx.multinationalMode !== "keep" && ctx.multinationals.matches(inst)) {
        multinational++;
        continue;
      }
      let code = normaliseCountry(inst.country_code);
      if (!code && ctx.countryFallback && typeof inst.display_name === "string") {
        code = normaliseCountry(ctx.countryFallback(inst.display_name));
        if (code && ctx.fillStats) ctx.fillStats.filled++;
      }
      if (!code) {
        unknown++;
        continue;
      }
      mask |= 1 << (REGION_INDEX.get(ctx.regionMap.countries.get(code) ?? "other") as number);
    }
    masks.push(mask);
  }
  if (multinational > 0 && ctx.multinationalMode === "drop-paper") return { cls: CLASS_UNASSIGNED, reason: "has-multinational" };
  const emptyReason = (): UnassignedReason =>
    unknown > 0 ? "unknown-country" : multinational > 0 ? "only-multinationals" : "no-affiliation";
  const oneRegion = (mask: number): Assignment => {
    const r = Math.log2(mask);
    weights[offset + r] = 1;
    return { cls: r };
  };
  switch (ctx.policy) {
    case "unanimous": {
      let all = 0;
      for (const m of masks) all |= m;
      if (all === 0) return { cls: CLASS_UNASSIGNED, reason: emptyReason() };
      return popcount4(all) === 1 ? oneRegion(all) : { cls: CLASS_MIXED };
    }
    case "first-author": {
      const m = masks[Math.max(firstIndex, 0)] ?? 0;
      if (m === 0) return { cls: CLASS_UNASSIGNED, reason: masks.some((x) => x !== 0) ? "first-author-unresolved" : emptyReason() };
      return popcount4(m) === 1 ? oneRegion(m) : { cls: CLASS_MIXED };
    }
    case "majority":
    case "fractional": {
      const votes = [0, 0, 0, 0];
      let resolved = 0;
      for (const m of masks) {
        if (m === 0) continue;
        resolved++;
        const share = 1 / popcount4(m);
        for (let r = 0; r < 4; r++) if (m & (1 << r)) votes[r] = (votes[r] as number) + share;
      }
      if (resolved === 0) return { cls: CLASS_UNASSIGNED, reason: emptyReason() };
      if (ctx.policy === "fractional") {
        let nonZero = 0;
        let last = 0;
        for (let r = 0; r < 4; r++) {
          const w = (votes[r] as number) / resolved;
          weights[offset + r] = w;
          if (w > 0) {
            nonZero++;
            last = r;
          }
        }
        if (nonZero === 1) {
          weights.fill(0, offset, offset + 4);
          weights[offset + last] = 1;
          return { cls: last };
        }
        return { cls: CLASS_WEIGHTED };
      }
      for (let r = 0; r < 4; r++) if ((votes[r] as number) * 2 > resolved) return oneRegion(1 << r);
      return { cls: CLASS_MIXED };
    }
  }
}
