/**
 * The DuckDB engine for large inputs: references stream into a DuckDB table in 2,048-row chunks instead
 * of JavaScript memory, and DuckDB does the reference ⋈ work join and the per-work group-by (spilling
 * to disk under its memory limit). `@duckdb/node-api` is loaded only when this engine runs.
 * @module
 */
import { tmpdir } from "node:os";
import { ExternalError, type OnProgress, progressTask, throwIfAborted } from "../../core/index.js";
import { CLASS_MIXED } from "./assignRegion.js";
import { type CitationCore, emptyEdgeCounts, isAssigned } from "./citationCore.js";
import type { PaperTable, ReferenceSink } from "./ingest.js";

type DuckApi = typeof import("@duckdb/node-api");
type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckApi["DuckDBInstance"]["create"]>>["connect"]>>;
type Appender = Awaited<ReturnType<Connection["createAppender"]>>;
type Chunk = ReturnType<DuckApi["DuckDBDataChunk"]["create"]>;

const CHUNK = 2048;

/** Options of the DuckDB engine. */
export interface DuckDbEngineOptions {
  /** DuckDB worker threads. Defaults to 2. */
  threads?: number;
  /** DuckDB memory limit (DuckDB syntax, e.g. `"2GB"`); beyond it DuckDB spills to `tempDirectory`. Defaults to `"2GB"`. */
  memoryLimit?: string;
  /** Folder for DuckDB's spill files. Defaults to the OS temp folder. */
  tempDirectory?: string;
}

async function loadDuckDb(): Promise<DuckApi> {
  try {
    return await import("@duckdb/node-api");
  } catch (err) {
    throw new ExternalError(
      "The duckdb engine needs @duckdb/node-api: install it with npm install @duckdb/node-api, or pass --engine memory.",
      { cause: err },
    );
  }
}

/** A reference sink that appends `(row, key)` pairs to a DuckDB table. */
export class DuckDbReferenceSink implements ReferenceSink {
  length = 0;
  private readonly rows: number[] = new Array(CHUNK);
  private readonly keys: number[] = new Array(CHUNK);
  private fill = 0;
  private closed = false;

  private constructor(
    private readonly api: DuckApi,
    private readonly instance: { closeSync(): void },
    private readonly con: Connection,
    private readonly appender: Appender,
    private readonly chunk: Chunk,
  ) {}

  /** Opens an in-memory DuckDB database with a `refs(citing INTEGER, k DOUBLE)` table. */
  static async open(options: DuckDbEngineOptions = {}): Promise<DuckDbReferenceSink> {
    const api = await loadDuckDb();
    const instance = await api.DuckDBInstance.create(":memory:", {
      threads: String(options.threads ?? 2),
      memory_limit: options.memoryLimit ?? "2GB",
      temp_directory: options.tempDirectory ?? tmpdir(),
      preserve_insertion_order: "false",
    });
    const con = await instance.connect();
    await con.run("CREATE TABLE refs(citing INTEGER, k DOUBLE)");
    const appender = await con.createAppender("refs");
    const chunk = api.DuckDBDataChunk.create([api.INTEGER, api.DOUBLE], CHUNK);
    return new DuckDbReferenceSink(api, instance, con, appender, chunk);
  }

  startWork(): void {}

  add(row: number, key: number): void {
    this.rows[this.fill] = row;
    this.keys[this.fill] = key;
    this.fill++;
    this.length++;
    if (this.fill === CHUNK) this.flush();
  }

  private flush(): void {
    if (this.fill === 0) return;
    if (this.fill < CHUNK) {
      this.rows.length = this.fill;
      this.keys.length = this.fill;
      const last = this.api.DuckDBDataChunk.create([this.api.INTEGER, this.api.DOUBLE], this.fill);
      last.setColumnValues(0, this.rows);
      last.setColumnValues(1, this.keys);
      this.appender.appendDataChunk(last);
    } else {
      this.chunk.setColumnValues(0, this.rows);
      this.chunk.setColumnValues(1, this.keys);
      this.appender.appendDataChunk(this.chunk);
    }
    this.fill = 0;
  }

  /** Loads the paper table, joins and aggregates in DuckDB, and closes the database. */
  async resolve(table: PaperTable, options: { onProgress?: OnProgress; signal?: AbortSignal } = {}): Promise<CitationCore> {
    try {
      this.flush();
      this.appender.flushSync();
      this.appender.closeSync();
      throwIfAborted(options.signal);
      const api = this.api;
      await this.con.run("CREATE TABLE works(idx INTEGER, k DOUBLE, cls UTINYINT, w0 DOUBLE, w1 DOUBLE, w2 DOUBLE, w3 DOUBLE)");
      const app = await this.con.createAppender("works");
      const types = [api.INTEGER, api.DOUBLE, api.UTINYINT, api.DOUBLE, api.DOUBLE, api.DOUBLE, api.DOUBLE];
      for (let s = 0; s < table.n; s += CHUNK) {
        const m = Math.min(CHUNK, table.n - s);
        const cols: number[][] = Array.from({ length: 7 }, () => new Array<number>(m));
        for (let r = 0; r < m; r++) {
          const i = s + r;
          (cols[0] as number[])[r] = i;
          (cols[1] as number[])[r] = table.keys[i] as number;
          (cols[2] as number[])[r] = table.cls[i] as number;
          for (let b = 0; b < 4; b++) (cols[3 + b] as number[])[r] = table.weights[4 * i + b] as number;
        }
        const chunk = api.DuckDBDataChunk.create(types, m);
        cols.forEach((c, ci) => {
          chunk.setColumnValues(ci, c);
        });
        app.appendDataChunk(chunk);
      }
      app.flushSync();
      app.closeSync();
      const progress = progressTask(options.onProgress, "join citations (duckdb)", table.n, "works");
      const result = await this.con.stream(`
        SELECT r.citing,
          count(*)::DOUBLE AS matched,
          count(*) FILTER (WHERE w.idx = r.citing)::DOUBLE AS self,
          count(*) FILTER (WHERE w.idx <> r.citing AND w.cls = ${CLASS_MIXED})::DOUBLE AS to_mixed,
          count(*) FILTER (WHERE w.idx <> r.citing AND w.cls = 5)::DOUBLE AS to_unassigned,
          coalesce(sum(w.w0) FILTER (WHERE w.idx <> r.citing), 0) AS s0,
          coalesce(sum(w.w1) FILTER (WHERE w.idx <> r.citing), 0) AS s1,
          coalesce(sum(w.w2) FILTER (WHERE w.idx <> r.citing), 0) AS s2,
          coalesce(sum(w.w3) FILTER (WHERE w.idx <> r.citing), 0) AS s3
        FROM refs r JOIN works w ON w.k = r.k
        GROUP BY r.citing`);
      const out = new Float64Array(4 * table.n);
      const edges = emptyEdgeCounts();
      edges.references = this.length;
      let matchedAll = 0;
      let seen = 0;
      for (;;) {
        throwIfAborted(options.signal);
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const cols = Array.from({ length: 9 }, (_, c) => chunk.getColumnValues(c) as number[]);
        const [citing, matched, self, toMixed, toUnassigned, s0, s1, s2, s3] = cols as [
          number[],
          number[],
          number[],
          number[],
          number[],
          number[],
          number[],
          number[],
          number[],
        ];
        for (let r = 0; r < chunk.rowCount; r++) {
          const i = citing[r] as number;
          const m = matched[r] as number;
          const sf = self[r] as number;
          matchedAll += m;
          edges.selfCitations += sf;
          edges.inSet += m - sf;
          const ci = table.cls[i] as number;
          if (!isAssigned(ci)) {
            if (ci === CLASS_MIXED) edges.droppedMixed += m - sf;
            else edges.droppedUnassigned += m - sf;
            continue;
          }
          const tm = toMixed[r] as number;
          const tu = toUnassigned[r] as number;
          edges.droppedMixed += tm;
          edges.droppedUnassigned += tu;
          edges.counted += m - sf - tm - tu;
          out[4 * i] = s0[r] as number;
          out[4 * i + 1] = s1[r] as number;
          out[4 * i + 2] = s2[r] as number;
          out[4 * i + 3] = s3[r] as number;
        }
        seen += chunk.rowCount;
        progress.set(Math.min(seen, table.n));
      }
      edges.outOfSet = this.length - matchedAll;
      progress.done();
      return { table, out, edges };
    } finally {
      this.close();
    }
  }

  /** Closes the database (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.con.closeSync();
    } catch {}
    try {
      this.instance.closeSync();
    } catch {}
  }
}
