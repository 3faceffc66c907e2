/**
 * graphology views of the analysis: the paper-level citation graph (the `graph` engine, for inputs that
 * fit comfortably in memory, and for users who want to run graphology metrics on it) and the 4-node
 * region graph of a finished analysis.
 * @module
 */
import { DirectedGraph, MultiDirectedGraph } from "graphology";
import type { CitationAnalysis } from "./analyzeCitations.js";
import { CLASS_MIXED, CLASS_UNASSIGNED, CLASS_WEIGHTED } from "./assignRegion.js";
import { addEdge, type CitationCore, emptyEdgeCounts } from "./citationCore.js";
import type { PaperTable, ReferenceSink } from "./ingest.js";
import { REGIONS } from "./regions.js";

/** Node attributes of the paper graph. */
export interface PaperNode {
  /** Region name, `"mixed"`, `"unassigned"` or `"fractional"`. */
  region: string;
  year: number | null;
  /** Region weights in REGIONS order. */
  weights: [number, number, number, number];
}

/** A paper-level citation graph: node key = work key as a string, one edge per in-set reference. */
export type PaperGraph = MultiDirectedGraph<PaperNode>;

function className(cls: number): string {
  if (cls < 4) return REGIONS[cls] as string;
  if (cls === CLASS_MIXED) return "mixed";
  if (cls === CLASS_UNASSIGNED) return "unassigned";
  if (cls === CLASS_WEIGHTED) return "fractional";
  return "unknown";
}

/** Collects reference pairs to build a graph after the whole input is read. */
export class GraphReferenceSink implements ReferenceSink {
  private readonly rows: number[] = [];
  private readonly keys: number[] = [];
  get length(): number {
    return this.rows.length;
  }
  startWork(): void {}
  add(row: number, key: number): void {
    this.rows.push(row);
    this.keys.push(key);
  }

  /** Builds the paper graph (self-citations and out-of-set references are counted, not added). */
  buildGraph(table: PaperTable): { graph: PaperGraph; outOfSet: number; selfCitations: number } {
    const graph: PaperGraph = new MultiDirectedGraph<PaperNode>();
    for (let i = 0; i < table.n; i++) {
      const w = table.weights;
      graph.addNode(String(table.keys[i]), {
        region: className(table.cls[i] as number),
        year: table.years[i] || null,
        weights: [w[4 * i] as number, w[4 * i + 1] as number, w[4 * i + 2] as number, w[4 * i + 3] as number],
      });
    }
    let outOfSet = 0;
    let selfCitations = 0;
    for (let r = 0; r < this.rows.length; r++) {
      const i = this.rows[r] as number;
      const key = this.keys[r] as number;
      const j = table.index.get(key);
      if (j === undefined) outOfSet++;
      else if (j === i) selfCitations++;
      else graph.addDirectedEdge(String(table.keys[i]), String(key));
    }
    return { graph, outOfSet, selfCitations };
  }

  /** Builds the graph and walks each node's out-edges to fill the citation core. */
  resolve(table: PaperTable): CitationCore & { graph: PaperGraph } {
    const { graph, outOfSet, selfCitations } = this.buildGraph(table);
    const out = new Float64Array(4 * table.n);
    const edges = emptyEdgeCounts();
    edges.references = this.rows.length;
    edges.outOfSet = outOfSet;
    edges.selfCitations = selfCitations;
    graph.forEachEdge((_e, _a, source, target) => {
      addEdge(table, out, edges, table.index.get(Number(source)) as number, table.index.get(Number(target)) as number);
    });
    return { table, out, edges, graph };
  }
}

/** Edge attributes of the region graph. */
export interface RegionEdge {
  count: number;
  share: number | null;
  ratio: number | null;
}

/** The region graph of an analysis: 4 nodes (papers, pool share), 16 weighted edges (count, share, ratio). */
export function regionGraph(
  analysis: Pick<CitationAnalysis, "papers" | "pool" | "matrix" | "shares" | "ratios">,
): DirectedGraph<{ papers: number; pool: number | null }, RegionEdge> {
  const g = new DirectedGraph<{ papers: number; pool: number | null }, RegionEdge>();
  for (const r of REGIONS) g.addNode(r, { papers: analysis.papers[r], pool: analysis.pool[r] });
  for (const a of REGIONS) {
    for (const b of REGIONS) {
      g.addDirectedEdgeWithKey(`${a}->${b}`, a, b, {
        count: analysis.matrix[a][b],
        share: analysis.shares[a][b],
        ratio: analysis.ratios[a][b],
      });
    }
  }
  return g;
}
