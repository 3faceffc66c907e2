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

/**
 * An append-only JSONL results file for resumable runs. Each record is appended as one line; on
 * resume, {@link readJsonl} returns the records already there (a torn last line from a crash is
 * dropped and truncated away before new appends).
 */
export class JsonlAppender<T> {
  private constructor(
    readonly path: string,
    private readonly existing: T[],
  ) {}

  /** Opens (creating if needed) `path`, repairing a torn last line. */
  static async open<T>(path: string): Promise<JsonlAppender<T>> {
    makeFolder(dirname(path));
    const { records, validBytes, totalBytes } = await scanJsonl<T>(path);
    if (validBytes < totalBytes) {
      const handle = await open(path, "r+");
      try {
        await handle.truncate(validBytes);
      } finally {
        await handle.close();
      }
    }
    return new JsonlAppender<T>(path, records);
  }

  /** Records that were in the file when it was opened. */
  get records(): readonly T[] {
    return this.existing;
  }

  /** Appends one record as a line. */
  async append(record: T): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(record)}\n`);
  }
}

async function scanJsonl<T>(path: string): Promise<{ records: T[]; validBytes: number; totalBytes: number }> {
  const records: T[] = [];
  if (!existsSync(path)) return { records, validBytes: 0, totalBytes: 0 };
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
      } catch (err) {
        // A bad complete line is not a torn write: never truncate the user's data, say where it is.
        throw new FileFormatError("JSONL", path, `line ${lineNumber} is not valid JSON; fix or delete that line, or use a new file`, {
          cause: err,
        });
      }
    }
    offset = nl + 1;
    validBytes = offset;
  }
  return { records, validBytes, totalBytes: buf.length };
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
