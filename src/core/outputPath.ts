/**
 * Output paths checked before the work starts, folders made without ever looping (recursive `mkdir`
 * spins forever where the kernel answers ENOENT, as on `/proc`), and the temporary files of atomic
 * writes: named one way, removed when the process exits, and cleaned up when an earlier run died.
 * @module
 */
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdirSync, readdirSync, realpathSync, rmSync, type Stats, statfsSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { OutputPathError, UsageError } from "./errors.js";

/** What an output path must be. */
export interface OutputPathOptions {
  /** `"file"`: a file written whole (its folder is created); `"folder"`: a folder files are written into (created if missing). */
  kind: "file" | "folder";
  /** The flag that named the path, for messages (e.g. `"--out"`). Defaults to `"Output"` in messages. */
  flag?: string;
}

/** Kernel pseudo-filesystems (statfs `f_type`): nothing can be stored there, and `/proc` makes recursive mkdir spin. */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, "procfs"],
  [0x62656572, "sysfs"],
  [0x27e0eb, "cgroupfs"],
  [0x63677270, "cgroup2fs"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0xcafe4a11, "bpffs"],
  [0x6165676c, "pstorefs"],
  [0xde5e81e4, "efivarfs"],
  [0x62656570, "configfs"],
  [0x1cd1, "devpts"],
  [0xf97cff8c, "selinuxfs"],
  [0x42494e4d, "binfmt_misc"],
  [0x65735543, "fusectl"],
]);
const PSEUDO_ROOTS = ["/proc", "/sys"];

function errnoCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? String(err);
}

function underRoot(path: string): string | undefined {
  return PSEUDO_ROOTS.find((root) => path === root || path.startsWith(`${root}/`));
}

/** The nearest existing path at or above `abs` (a file in the way counts), with its stats. */
function nearestExisting(abs: string): { path: string; stats: Stats } {
  let p = abs;
  for (;;) {
    try {
      return { path: p, stats: statSync(p) };
    } catch (err) {
      const code = errnoCode(err);
      const parent = dirname(p);
      if ((code !== "ENOENT" && code !== "ENOTDIR") || parent === p) throw err;
      p = parent;
    }
  }
}

/**
 * The kernel pseudo-filesystem `path` would be written on (`"/proc"`, `"sysfs"`, …), or undefined for an
 * ordinary place. Looks at the path itself, then at the nearest existing folder with symlinks resolved.
 */
export function pseudoFilesystem(path: string): string | undefined {
  if (process.platform !== "linux") return undefined;
  const abs = resolve(path);
  const root = underRoot(abs);
  if (root) return root;
  let existing: string;
  try {
    existing = nearestExisting(abs).path;
  } catch {
    return undefined;
  }
  try {
    const real = underRoot(realpathSync(existing));
    if (real) return real;
    return PSEUDO_FILESYSTEMS.get(Number(statfsSync(existing).type));
  } catch {
    return undefined;
  }
}

function refusePseudo(abs: string, label: string): void {
  const fs = pseudoFilesystem(abs);
  if (fs)
    throw new OutputPathError(
      abs,
      `${label} is on ${fs}, a kernel pseudo-filesystem where yomikai never writes: pass a path in an ordinary folder, e.g. ./${basename(abs) || "out"}.`,
    );
}

function checkWritableFolder(dir: string, label: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new OutputPathError(dir, `${label}: the folder ${dir} is not writable (${errnoCode(err)}); choose a folder you can write to.`, {
      cause: err,
    });
  }
}

/** Checks that folder `abs` exists and is writable, or could be created (its nearest existing ancestor is a writable folder). */
function checkFolderCreatable(abs: string, label: string): void {
  const { path: existing, stats } = nearestExisting(abs);
  if (!stats.isDirectory())
    throw new OutputPathError(abs, `${label} cannot be created: ${existing} is a file, not a folder; choose another path.`);
  checkWritableFolder(existing, label);
}

/**
 * Checks an output path before any work starts, so that a long run never fails at its last step: a
 * file path must not be a folder (nor a device, pipe or socket) and its folder must exist writable or be
 * creatable; a folder path must not be a file and must be writable or creatable. Paths on kernel
 * pseudo-filesystems (`/proc`, `/sys`, …) are refused at once. Stale temporary files of atomic writes
 * that a killed run left beside the target are removed. Creates nothing.
 * @returns `path`, unchanged.
 * @throws {@link OutputPathError} (exit code 1) naming the problem and the fix; {@link UsageError} for an empty path.
 * @example checkOutputPath("runs/grid.png", { kind: "file", flag: "--out" })
 */
export function checkOutputPath(path: string, options: OutputPathOptions): string {
  const label = `${options.flag ?? "Output"} ${path}`;
  if (path.trim() === "") throw new UsageError(`${options.flag ?? "The output path"} is empty: pass a ${options.kind} path.`);
  const abs = resolve(path);
  refusePseudo(abs, label);
  let stats: Stats | undefined;
  try {
    stats = statSync(abs);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== "ENOENT" && code !== "ENOTDIR")
      throw new OutputPathError(abs, `${label} cannot be used (${code}); choose another path.`, { cause: err });
  }
  if (options.kind === "file") {
    if (stats?.isDirectory())
      throw new OutputPathError(abs, `${label} is a folder, not a file: pass the path of a file (inside that folder or elsewhere).`);
    if (stats && !stats.isFile())
      throw new OutputPathError(abs, `${label} is not a regular file (a device, pipe or socket): pass the path of an ordinary file.`);
    checkFolderCreatable(dirname(abs), label);
    removeStaleTemps(dirname(abs)); // also those of outputs written next to it (a results file's .md, .summary.json)
  } else {
    if (stats && !stats.isDirectory())
      throw new OutputPathError(abs, `${label} is a file, not a folder: pass a folder path (it is created if missing).`);
    if (stats) {
      checkWritableFolder(abs, label);
      removeStaleTemps(abs);
    } else checkFolderCreatable(abs, label);
  }
  return path;
}

/**
 * Creates folder `dir` and its missing parents, one level at a time (a recursive `mkdir` loops forever
 * where the kernel answers ENOENT, as on `/proc`). Refuses kernel pseudo-filesystems.
 * @throws {@link OutputPathError} when a file is in the way or a level cannot be created.
 */
export function makeFolder(dir: string): void {
  const abs = resolve(dir);
  const label = `Folder ${dir}`;
  refusePseudo(abs, label);
  const { path: existing, stats } = nearestExisting(abs);
  if (!stats.isDirectory())
    throw new OutputPathError(abs, `${label} cannot be created: ${existing} is a file, not a folder; choose another path.`);
  let p = existing;
  for (const part of relative(existing, abs).split(sep).filter(Boolean)) {
    p = join(p, part);
    try {
      mkdirSync(p);
    } catch (err) {
      const code = errnoCode(err);
      if (code === "EEXIST" && statSync(p).isDirectory()) continue;
      throw new OutputPathError(abs, `${label} cannot be created (${code} on ${p}); choose a folder you can write to.`, {
        cause: err,
      });
    }
  }
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
const liveTemps = new Set<string>();
let exitHookInstalled = false;

/** The hidden temporary file an atomic write of `path` uses: `.<name>.<pid>.<8 hex>.tmp` beside it. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

/**
 * Registers a temporary file in use, so that it is removed even when the process exits mid-write (a
 * second Ctrl-C). Call the returned function once the file has been renamed or removed.
 */
export function trackTemp(tmp: string): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const t of liveTemps) rmSync(t, { force: true });
    });
  }
  liveTemps.add(tmp);
  return () => liveTemps.delete(tmp);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === "EPERM";
  }
}

/**
 * Removes the temporary files of atomic writes (`.<name>.<pid>.<8 hex>.tmp`) in `folder` whose process
 * is gone: what a run killed mid-write left behind. Files of live processes are kept.
 * @returns the number of files removed.
 */
export function removeStaleTemps(folder: string): number {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const m = TEMP_NAME.exec(entry);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      rmSync(join(folder, entry), { force: true });
      removed++;
    } catch {
      // not ours to fight over: leave it
    }
  }
  return removed;
}
