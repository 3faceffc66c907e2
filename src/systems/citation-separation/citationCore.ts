/**
 * What every engine produces: the paper table plus, for each work, the summed region weights of the
 * in-set works it cites. Everything else (matrices, shares, ratios, years, bootstrap) is computed from
 * this by the same code whatever the engine.
 * @module
 */
import { CLASS_MIXED, CLASS_WEIGHTED } from "./assignRegion.js";
import type { PaperTable } from "./ingest.js";

/** What happened to the references of the works in the set. */
export interface EdgeCounts {
  /** Entries of `referenced_works` over all works in the set. */
  references: number;
  /** References to works not in the set (other venues, other years, missing). */
  outOfSet: number;
  /** A work citing itself (ignored). */
  selfCitations: number;
  /** References between two different works of the set. */
  inSet: number;
  /** In-set references whose both ends have a region: these make the matrix. */
  counted: number;
  /** In-set references dropped because the citing (else the cited) work is `mixed`. */
  droppedMixed: number;
  /** In-set references dropped because the citing (else the cited) work is unassigned. */
  droppedUnassigned: number;
}

/** Engine output. */
export interface CitationCore {
  table: PaperTable;
  /** `out[4i + b]`: Σ over the assigned in-set works cited by work i of their weight on region b. */
  out: Float64Array;
  edges: EdgeCounts;
}

/** True when a class code has a region (one-hot or weighted). */
export function isAssigned(cls: number): boolean {
  return cls < 4 || cls === CLASS_WEIGHTED;
}

/** Zeroed edge counts. */
export function emptyEdgeCounts(): EdgeCounts {
  return { references: 0, outOfSet: 0, selfCitations: 0, inSet: 0, counted: 0, droppedMixed: 0, droppedUnassigned: 0 };
}

/** Adds one in-set edge i → j (i ≠ j) to `out` and the counts. */
export function addEdge(table: PaperTable, out: Float64Array, edges: EdgeCounts, i: number, j: number): void {
  edges.inSet++;
  const ci = table.cls[i] as number;
  if (!isAssigned(ci)) {
    if (ci === CLASS_MIXED) edges.droppedMixed++;
    else edges.droppedUnassigned++;
    return;
  }
  const cj = table.cls[j] as number;
  if (cj < 4) {
    out[4 * i + cj] = (out[4 * i + cj] as number) + 1;
  } else if (cj === CLASS_WEIGHTED) {
    for (let b = 0; b < 4; b++) out[4 * i + b] = (out[4 * i + b] as number) + (table.weights[4 * j + b] as number);
  } else {
    if (cj === CLASS_MIXED) edges.droppedMixed++;
    else edges.droppedUnassigned++;
    return;
  }
  edges.counted++;
}
