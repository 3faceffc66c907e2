/**
 * File output that is never half-written: every write goes to a temporary file beside the target and
 * is renamed into place. JSONL appends for resumable runs tolerate a torn last line.
 * @module
 */
import { createReadStream, existsSync } from "node:fs";
import { appendFile, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import { FileFormatError, fileSystemProblem, MissingFileError, YomikaiError } from "./errors.js";
import { makeFolder, tempPathFor, trackTemp } from "./outputPath.js";

/**
 * Writes `data` to `path` atomically: a temp file in the same folder, fsync, then rename. Creates the
 * parent folder (never on a kernel pseudo-filesystem such as `/proc`). Readers see either the old file
 * or the whole new one, never a partial one; the temp file is removed even if the process exits mid-write.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPathFor(path);
  const untrack = trackTemp(tmp);
  try {
    makeFolder(dirname(path));
    const handle = await open(tmp, "w");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    if (err instanceof YomikaiError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new YomikaiError(
      `Cannot write ${path}: ${fileSystemProblem(code) ?? "write failed"} (${code}); check the path and that its folder is writable.`,
      {
        cause: err,
        code: "write-failed",
      },
    );
  } finally {
    untrack();
  }
}

/** Writes `value` as pretty JSON, atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Reads a whole file, turning "no such file" into a one-line {@link MissingFileError}. */
export async function readFileOrThrow(path: string, what = "File", hint?: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw new MissingFileError(path, what, hint, { cause: err });
    if (code === "EISDIR") throw new YomikaiError(`${what} ${path} is a folder, not a file.`, { cause: err });
    throw new YomikaiError(`Cannot read ${path}: ${(code && fileSystemProblem(code)) || "read failed"} (${code ?? String(err)}).`, {
      cause: err,
    });
  }
}

/** Reads and parses a JSON file; a parse failure is a one-line {@link FileFormatError}. */
export async function readJsonFile<T = unknown>(path: string, what = "JSON file"): Promise<T> {
  const text = (await readFileOrThrow(path, what)).toString("utf8");
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new FileFormatError("JSON", path, (err as Error).message, { cause: err });
  }
}

/** True when `path` exists (file or folder). */
export function pathExists(path: string): boolean {
  return existsSync(path);
}

/** Size of a file in bytes, or undefined if it does not exist. */
export async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

/** Options of {@link JsonlAppender.open}. */
export interface JsonlOpenOptions<T> {
  /**
   * The detail of the one-line error for a complete line that is not JSON, given its 1-based number.
   * Defaults to "line N is not valid JSON; fix or delete that line, or use a new file".
   */
  badLine?: (lineNumber: number) => string;
  /**
   * Called for every complete record before anything in the file is changed (before a torn last line
   * is truncated); throw to refuse the file untouched.
   */
  check?: (record: T, lineNumber: number) => void;
}

/**
 * An append-only JSONL results file for resumable runs. Each record is appended as one line; on
 * resume, {@link readJsonl} returns the records already there (a torn last line from a crash is
 * dropped and truncated away before new appends). Appends are serialised, so concurrent callers never
 * interleave their lines.
 */
export class JsonlAppender<T> {
  private queue: Promise<void> = Promise.resolve();
  private constructor(
    readonly path: string,
    private readonly existing: T[],
    private readonly numbers: number[],
  ) {}

  /** Opens (creating if needed) `path`, repairing a torn last line. */
  static async open<T>(path: string, options: JsonlOpenOptions<T> = {}): Promise<JsonlAppender<T>> {
    makeFolder(dirname(path));
    const { records, lineNumbers, validBytes, totalBytes } = await scanJsonl<T>(path, options.badLine);
    if (options.check) for (let i = 0; i < records.length; i++) options.check(records[i] as T, lineNumbers[i] as number);
    if (validBytes < totalBytes) {
      const handle = await open(path, "r+");
      try {
        await handle.truncate(validBytes);
      } finally {
        await handle.close();
      }
    }
    return new JsonlAppender<T>(path, records, lineNumbers);
  }

  /** Records that were in the file when it was opened. */
  get records(): readonly T[] {
    return this.existing;
  }

  /** The 1-based line number of each of {@link records}. */
  get lineNumbers(): readonly number[] {
    return this.numbers;
  }

  /** Appends one record as a line (one write; appends are queued in call order). */
  append(record: T): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const next = this.queue.then(() => appendFile(this.path, line));
    this.queue = next.catch(() => {});
    return next;
  }
}

async function scanJsonl<T>(
  path: string,
  badLine?: (lineNumber: number) => string,
): Promise<{ records: T[]; lineNumbers: number[]; validBytes: number; totalBytes: number }> {
  const records: T[] = [];
  const lineNumbers: number[] = [];
  if (!existsSync(path)) return { records, lineNumbers, validBytes: 0, totalBytes: 0 };
  const buf = await readFile(path);
  let offset = 0;
  let validBytes = 0;
  let lineNumber = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(10, offset);
    if (nl < 0) break; // a torn last line (a crash mid-append): dropped, and truncated before new appends
    lineNumber++;
    const line = buf.subarray(offset, nl).toString("utf8").trim();
    if (line) {
      try {
        records.push(JSON.parse(line) as T);
        lineNumbers.push(lineNumber);
      } catch (err) {
        // A bad complete line is not a torn write: never truncate the user's data, say where it is.
        const detail = badLine?.(lineNumber) ?? `line ${lineNumber} is not valid JSON; fix or delete that line, or use a new file`;
        throw new FileFormatError("JSONL", path, detail, { cause: err });
      }
    }
    offset = nl + 1;
    validBytes = offset;
  }
  return { records, lineNumbers, validBytes, totalBytes: buf.length };
}

/** Reads every complete record of a JSONL file (missing file → empty). */
export async function readJsonl<T>(path: string): Promise<T[]> {
  return (await scanJsonl<T>(path)).records;
}

/**
 * Streams the lines of a (possibly huge) text file without loading it whole.
 * @returns an async iterable of `[lineNumber, line]` (1-based line numbers).
 */
export async function* readLines(path: string): AsyncGenerator<[number, string]> {
  if (!existsSync(path)) throw new MissingFileError(path, "Input file");
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of rl) {
    n++;
    yield [n, line];
  }
}
