/**
 * The in-memory engine: references kept as numeric keys in chunked typed arrays, resolved against
 * the paper table after the whole input is read (so forward references work).
 * @module
 */
import { type OnProgress, progressTask, throwIfAborted } from "../../core/index.js";
import { addEdge, type CitationCore, emptyEdgeCounts } from "./citationCore.js";
import { Growable } from "./growable.js";
import type { PaperTable, ReferenceSink } from "./ingest.js";

/** Reference storage of the memory engine. */
export class MemoryReferenceSink implements ReferenceSink {
  /** `starts[row]`: index of the row's first reference in `keys`. */
  readonly starts = new Growable(Float64Array, 4096);
  private readonly chunkSize = 1 << 20;
  readonly chunks: Float64Array[] = [];
  private current = new Float64Array(0);
  private pos = 0;
  length = 0;

  startWork(row: number): void {
    if (row !== this.starts.length) throw new Error(`rows must arrive in order (got ${row}, expected ${this.starts.length})`);
    this.starts.push(this.length);
  }

  add(_row: number, key: number): void {
    if (this.pos === this.current.length) {
      this.current = new Float64Array(this.chunkSize);
      this.chunks.push(this.current);
      this.pos = 0;
    }
    this.current[this.pos++] = key;
    this.length++;
  }

  /** Resolves every reference against `table`. */
  resolve(table: PaperTable, options: { onProgress?: OnProgress; signal?: AbortSignal } = {}): CitationCore {
    const out = new Float64Array(4 * table.n);
    const edges = emptyEdgeCounts();
    edges.references = this.length;
    const starts = this.starts.view();
    const progress = progressTask(options.onProgress, "resolve citations", table.n, "works");
    const index = table.index;
    let chunkIdx = 0;
    let chunk = this.chunks[0] ?? new Float64Array(0);
    let pos = 0;
    for (let i = 0; i < table.n; i++) {
      const end = i + 1 < table.n ? (starts[i + 1] as number) : this.length;
      const count = end - (starts[i] as number);
      for (let r = 0; r < count; r++) {
        if (pos === chunk.length) {
          chunk = this.chunks[++chunkIdx] as Float64Array;
          pos = 0;
        }
        const j = index.get(chunk[pos++] as number);
        if (j === undefined) edges.outOfSet++;
        else if (j === i) edges.selfCitations++;
        else addEdge(table, out, edges, i, j);
      }
      if ((i & 0xffff) === 0xffff) {
        throwIfAborted(options.signal);
        progress.set(i + 1);
      }
    }
    progress.set(table.n);
    progress.done();
    return { table, out, edges };
  }
}
