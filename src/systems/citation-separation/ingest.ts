/**
 * Streaming ingest of OpenAlex works (JSONL, optionally gzipped, or in-memory objects): every line is
 * parsed on its own, so a malformed line or a work without an id is counted and sampled, never fatal.
 * Works in the set become rows of a {@link PaperTable}; their references go to a {@link ReferenceSink}.
 * @module
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import {
  FileFormatError,
  InvalidInputError,
  MissingFileError,
  type OnProgress,
  progressTask,
  throwIfAborted,
  YomikaiError,
} from "../../core/index.js";
import { type AssignContext, assignRegion, CLASS_UNASSIGNED, type UnassignedReason } from "./assignRegion.js";
import { Growable } from "./growable.js";
import { WorkKeyInterner } from "./openalex.js";

/** Why a line was skipped. */
export type InvalidReason = "malformed-json" | "not-an-object" | "missing-id";

/** One skipped line, kept as an example in the result. */
export interface InvalidLine {
  /** Input file (or `"<memory>"`). */
  file: string;
  /** 1-based line number (record index + 1 for in-memory input). */
  line: number;
  reason: InvalidReason;
}

/** Counts of what the ingest saw. */
export interface IngestStats {
  /** Non-blank lines (records) read. */
  records: number;
  /** Works kept in the analysed set. */
  works: number;
  /** Lines that were not valid JSON. */
  malformedJson: number;
  /** Valid JSON that is not an object (arrays, numbers, null). */
  notAnObject: number;
  /** Objects without a usable `id`. */
  missingId: number;
  /** Works whose id was already seen (the first copy is kept). */
  duplicates: number;
  /** Works outside the `years` window (or without a year when a window is set). */
  outsideYears: number;
  /** Entries of `referenced_works` that are not strings (ignored). */
  invalidReferences: number;
}

/** The analysed set: one row per work, column-wise. */
export interface PaperTable {
  n: number;
  /** Work key (see `WorkKeyInterner`). */
  keys: Float64Array;
  /** Publication year, 0 when unknown. */
  years: Int16Array;
  /** Class code: 0–3 region, 4 mixed, 5 unassigned, 6 weighted. */
  cls: Uint8Array;
  /** Region weights, 4 per work (zeros when not assigned). */
  weights: Float64Array;
  /** Key → row. */
  index: Map<number, number>;
  /** Unassigned works by reason. */
  unassignedReasons: Record<UnassignedReason, number>;
}

/** Receives each reference of each work in the set, in row order. */
export interface ReferenceSink {
  /** Called once per work, before its references, with its row. */
  startWork(row: number): void;
  add(row: number, key: number): void;
}

/** Options of the ingest. */
export interface IngestOptions {
  assign: AssignContext;
  /** Inclusive year window; works outside it are not in the set. */
  years?: [number, number];
  /** How many invalid lines to keep as examples. Defaults to 20. */
  maxInvalidSamples?: number;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Accumulates works into a paper table. */
export class WorkCollector {
  readonly stats: IngestStats = {
    records: 0,
    works: 0,
    malformedJson: 0,
    notAnObject: 0,
    missingId: 0,
    duplicates: 0,
    outsideYears: 0,
    invalidReferences: 0,
  };
  readonly invalidSamples: InvalidLine[] = [];
  readonly interner = new WorkKeyInterner();
  private readonly keys = new Growable(Float64Array, 4096);
  private readonly years = new Growable(Int16Array, 4096);
  private readonly cls = new Growable(Uint8Array, 4096);
  private readonly weights = new Growable(Float64Array, 4 * 4096);
  private readonly index = new Map<number, number>();
  private readonly outside = new Set<number>();
  private readonly reasons: Record<UnassignedReason, number> = {
    "no-affiliation": 0,
    "unknown-country": 0,
    "only-multinationals": 0,
    "has-multinational": 0,
    "first-author-unresolved": 0,
  };
  private readonly maxSamples: number;

  constructor(
    readonly options: IngestOptions,
    private readonly sink: ReferenceSink,
  ) {
    this.maxSamples = options.maxInvalidSamples ?? 20;
  }

  private invalid(file: string, line: number, reason: InvalidReason): void {
    if (reason === "malformed-json") this.stats.malformedJson++;
    else if (reason === "not-an-object") this.stats.notAnObject++;
    else this.stats.missingId++;
    if (this.invalidSamples.length < this.maxSamples) this.invalidSamples.push({ file, line, reason });
  }

  /** Parses and adds one JSONL line. */
  addLine(text: string, file: string, line: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.stats.records++;
      this.invalid(file, line, "malformed-json");
      return;
    }
    this.addRecord(value, file, line);
  }

  /** Adds one parsed record. */
  addRecord(value: unknown, file: string, line: number): void {
    this.stats.records++;
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      this.invalid(file, line, "not-an-object");
      return;
    }
    const work = value as { id?: unknown; publication_year?: unknown; authorships?: unknown; referenced_works?: unknown };
    const key = this.interner.key(work.id);
    if (key === undefined) {
      this.invalid(file, line, "missing-id");
      return;
    }
    if (this.index.has(key) || this.outside.has(key)) {
      this.stats.duplicates++;
      return;
    }
    const y = typeof work.publication_year === "number" && Number.isInteger(work.publication_year) ? work.publication_year : 0;
    const win = this.options.years;
    if (win && (y < win[0] || y > win[1])) {
      this.stats.outsideYears++;
      this.outside.add(key);
      return;
    }
    const row = this.keys.length;
    this.index.set(key, row);
    this.keys.push(key);
    this.years.push(y > 0 && y < 32768 ? y : 0);
    this.weights.reserve(4);
    const a = assignRegion(work.authorships, this.options.assign, this.weights.array, row * 4);
    this.weights.length += 4;
    this.cls.push(a.cls);
    if (a.cls === CLASS_UNASSIGNED && a.reason) this.reasons[a.reason]++;
    this.stats.works++;
    this.sink.startWork(row);
    const refs = work.referenced_works;
    if (Array.isArray(refs)) {
      for (let r = 0; r < refs.length; r++) {
        const k = this.interner.key(refs[r]);
        if (k === undefined) this.stats.invalidReferences++;
        else this.sink.add(row, k);
      }
    }
  }

  /** The finished table. */
  table(): PaperTable {
    return {
      n: this.keys.length,
      keys: this.keys.view(),
      years: this.years.view(),
      cls: this.cls.view(),
      weights: this.weights.view(),
      index: this.index,
      unassignedReasons: { ...this.reasons },
    };
  }
}

/** Total size of the input files in bytes (throws a one-line error for a missing file). */
export async function inputBytes(paths: readonly string[]): Promise<number> {
  let total = 0;
  for (const p of paths) {
    try {
      const s = await stat(p);
      if (s.isDirectory()) throw new YomikaiError(`Input ${p} is a folder; pass JSONL files (e.g. ${p}/*.jsonl).`);
      total += s.size;
    } catch (err) {
      if (err instanceof YomikaiError) throw err;
      throw new MissingFileError(p, "Input file", "Pass OpenAlex works as JSONL (yomikai citations fetch or sample writes one)");
    }
  }
  return total;
}

/** The first bytes of a file (for format sniffing). */
async function head(path: string, bytes = 4096): Promise<Buffer> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** True when `buf` starts with the gzip magic bytes. */
function isGzip(buf: Buffer): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Throws a one-line error when the (decompressed) start of a file shows a whole-JSON document instead of JSONL. */
function checkJsonl(path: string, start: Buffer): void {
  let i = 0;
  if (start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) i = 3;
  while (i < start.length && (start[i] === 32 || start[i] === 9 || start[i] === 10 || start[i] === 13)) i++;
  if (start[i] === 0x5b /* [ */)
    throw new FileFormatError(
      "OpenAlex works JSONL",
      path,
      `it is one JSON array, not one work per line; convert it with: jq -c '.[]' ${path} > works.jsonl`,
    );
  const text = start.toString("utf8", i, Math.min(start.length, i + 200));
  if (/^\{\s*"meta"\s*:/.test(text))
    throw new FileFormatError(
      "OpenAlex works JSONL",
      path,
      `it looks like a saved API page ({"meta", "results"}); convert it with: jq -c '.results[]' ${path} > works.jsonl, or use yomikai citations fetch`,
    );
}

/**
 * Streams every line of `paths` (plain or `.gz`) into `collector`. Lines are split on `\n` in raw
 * bytes, so a huge file never sits in memory whole.
 */
export async function ingestFiles(
  paths: readonly string[],
  collector: WorkCollector,
  options: Pick<IngestOptions, "onProgress" | "signal">,
): Promise<void> {
  const total = await inputBytes(paths);
  const mib = (b: number) => Math.round(b / 1048576);
  const progress = progressTask(options.onProgress, "read works", mib(total), "MiB");
  let readBefore = 0;
  for (const path of paths) {
    // gzip is recognised by its magic bytes, whatever the file name
    const gz = isGzip(await head(path, 2));
    if (path.endsWith(".gz") && !gz) throw new FileFormatError("gzip", path, "no gzip header; if it is plain JSONL, rename it without .gz");
    const raw = createReadStream(path, { highWaterMark: 1 << 22 });
    let fileBytes = 0;
    raw.on("data", (b) => {
      fileBytes += (b as Buffer).length;
    });
    const stream = gz ? raw.pipe(createGunzip()) : raw;
    let sniffed = false;
    let carry: Buffer | null = null;
    let lineNo = 0;
    let lastTick = 0;
    const handle = (buf: Buffer, start: number, end: number) => {
      lineNo++;
      let s = start;
      let e = end;
      if (e > s && buf[e - 1] === 13) e--;
      if (lineNo === 1 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
      // skip blank lines
      let blank = true;
      for (let i = s; i < e; i++) {
        const c = buf[i] as number;
        if (c !== 32 && c !== 9) {
          blank = false;
          break;
        }
      }
      if (blank) return;
      collector.addLine(buf.toString("utf8", s, e), path, lineNo);
    };
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        throwIfAborted(options.signal);
        if (!sniffed) {
          sniffed = true;
          checkJsonl(path, chunk.subarray(0, 4096));
        }
        let buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
        carry = null;
        let start = 0;
        for (;;) {
          const nl = buf.indexOf(10, start);
          if (nl < 0) break;
          handle(buf, start, nl);
          start = nl + 1;
        }
        if (start < buf.length) carry = buf.subarray(start);
        buf = Buffer.alloc(0);
        const done = mib(readBefore + fileBytes);
        if (done !== lastTick) {
          lastTick = done;
          progress.set(done);
        }
      }
    } catch (err) {
      if (err instanceof YomikaiError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR")
        throw new YomikaiError(`${path} is not valid gzip (${(err as Error).message}); rename it without .gz if it is plain JSONL.`, {
          cause: err,
        });
      throw new YomikaiError(`Cannot read ${path} (${code ?? (err as Error).message}).`, { cause: err });
    } finally {
      raw.destroy();
    }
    if (carry?.length) handle(carry, 0, carry.length);
    readBefore += fileBytes;
  }
  if (collector.stats.records === 0)
    throw new InvalidInputError(
      `${paths.length === 1 ? `${paths[0]} is empty` : `${paths.join(", ")} are empty`}: pass OpenAlex works, one JSON object per line (yomikai citations fetch or sample writes them).`,
    );
  progress.set(mib(total));
  progress.done();
}
