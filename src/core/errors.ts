/**
 * One error family for everything a user can get wrong. The CLI prints `message` alone, on one line,
 * and exits with `exitCode`; anything that is not a {@link YomikaiError} is a bug and keeps its stack.
 * @module
 */

/** Options shared by every yomikai error. */
export interface YomikaiErrorOptions {
  /** Stable machine-readable code, e.g. `"usage"`, `"bad-file"`. Defaults to `"error"`. */
  code?: string;
  /** Process exit code the CLI uses. Defaults to `1`. */
  exitCode?: number;
  /** The underlying error, kept for debugging (`--debug` prints it). */
  cause?: unknown;
}

/** Base class: a failure the user can fix. The message says what happened and what to do next. */
export class YomikaiError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(message: string, options: YomikaiErrorOptions = {}) {
    super(oneLine(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "YomikaiError";
    this.code = options.code ?? "error";
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Wrong command line: unknown command or flag, bad flag value. Exit code 2. */
export class UsageError extends YomikaiError {
  constructor(message: string, options: Omit<YomikaiErrorOptions, "exitCode" | "code"> = {}) {
    super(message, { ...options, code: "usage", exitCode: 2 });
    this.name = "UsageError";
  }
}

/** A bad value handed to a library function or read from a config (unknown model name, out-of-range number). */
export class InvalidInputError extends YomikaiError {
  constructor(message: string, options: Omit<YomikaiErrorOptions, "code"> = {}) {
    super(message, { ...options, code: "invalid-input" });
    this.name = "InvalidInputError";
  }
}

/** A file or folder the user named does not exist or cannot be read. */
export class MissingFileError extends YomikaiError {
  readonly path: string;
  constructor(path: string, what: string, hint?: string, options: Omit<YomikaiErrorOptions, "code"> = {}) {
    super(`${what} not found: ${path}${hint ? `. ${hint}` : ""}`, { ...options, code: "missing-file" });
    this.name = "MissingFileError";
    this.path = path;
  }
}

/** A file exists but is not in the expected format (corrupt GGUF/ONNX/SGF/PNG, malformed JSON). */
export class FileFormatError extends YomikaiError {
  readonly path: string | undefined;
  readonly format: string;
  constructor(format: string, path: string | undefined, detail: string, options: Omit<YomikaiErrorOptions, "code"> = {}) {
    super(`${path ? `${path}: ` : ""}not a valid ${format} file (${detail})`, { ...options, code: "bad-file" });
    this.name = "FileFormatError";
    this.path = path;
    this.format = format;
  }
}

/** An output path that cannot be written: a folder where a file goes (or the reverse), no write permission, a pseudo-filesystem. */
export class OutputPathError extends YomikaiError {
  readonly path: string;
  constructor(path: string, message: string, options: Omit<YomikaiErrorOptions, "code"> = {}) {
    super(message, { ...options, code: "bad-output" });
    this.name = "OutputPathError";
    this.path = path;
  }
}

/** Something outside yomikai failed: an engine that died, an endpoint that did not answer. */
export class ExternalError extends YomikaiError {
  constructor(message: string, options: Omit<YomikaiErrorOptions, "code"> = {}) {
    super(message, { ...options, code: "external" });
    this.name = "ExternalError";
  }
}

/** The operation was cancelled through an `AbortSignal`. */
export class AbortedError extends YomikaiError {
  constructor(message = "Cancelled.") {
    super(message, { code: "aborted", exitCode: 130 });
    this.name = "AbortedError";
  }
}

/** Throws {@link AbortedError} when `signal` has fired. Call it between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

/** Collapses whitespace so that a message always prints as one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

/** The one-line text the CLI prints for an error: the message for a {@link YomikaiError}, else null. */
export function userMessage(err: unknown): string | null {
  return err instanceof YomikaiError ? err.message : null;
}

const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  ENOENT: "not found",
  EISDIR: "is a folder where a file was expected",
  ENOTDIR: "a part of the path is a file where a folder was expected",
  EEXIST: "already exists (a file where a folder was expected?)",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EMFILE: "too many open files",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
  EBUSY: "busy",
};

/** Plain words for a file-system error code (`"EISDIR"` → "is a folder where a file was expected"), or undefined. */
export function fileSystemProblem(code: string): string | undefined {
  return Object.hasOwn(FILE_SYSTEM_PROBLEMS, code) ? FILE_SYSTEM_PROBLEMS[code] : undefined;
}

/**
 * A one-line {@link YomikaiError} for a Node file-system error (EISDIR, EACCES, ENOSPC, …): such
 * failures come from the user's files or disk, not from a bug, and must not print a stack trace.
 * Returns null for any other error.
 */
export function fileSystemError(err: unknown): YomikaiError | null {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== "string") return null;
  const problem = fileSystemProblem(e.code);
  if (!problem) return null;
  // Reads through a file handle report no path: still the user's files, so still one line.
  const what = typeof e.path === "string" ? `${e.syscall ?? "use"} ${e.path}` : e.syscall ? `${e.syscall} a file` : "use a file";
  return new YomikaiError(`Cannot ${what}: ${problem} (${e.code}); check the path and its folder.`, {
    cause: err,
    code: "file-system",
  });
}

/** `"a", "b" or "c"` — for "must be one of" messages. */
export function listChoices(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** Levenshtein edit distance, used to suggest the closest valid name. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** The candidate closest to `input` (by edit distance, prefix matches first), or undefined if none is close. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase()));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

/**
 * An {@link InvalidInputError} for a name that is not among `known`: says which names exist and which
 * one was probably meant.
 * @example unknownName("model", "palm-504b", ["palm-8b", "palm-540b"])
 * // Unknown model "palm-504b" (did you mean "palm-540b"?). Known: palm-8b, palm-540b.
 */
export function unknownName(kind: string, input: string, known: readonly string[]): InvalidInputError {
  const guess = closest(input, known);
  return new InvalidInputError(`Unknown ${kind} "${input}"${guess ? ` (did you mean "${guess}"?)` : ""}. Known: ${known.join(", ")}.`);
}
