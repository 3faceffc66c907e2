import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { tempDir } from "../../test/utils/tmp.js";
import { fileSystemError, OutputPathError, UsageError, YomikaiError } from "./errors.js";
import { JsonlAppender, writeFileAtomic } from "./files.js";
import { checkOutputPath, makeFolder, pseudoFilesystem, removeStaleTemps, tempPathFor, trackTemp } from "./outputPath.js";

const isRoot = process.getuid?.() === 0;
const onLinux = process.platform === "linux";

/** The pid of a process that has exited (for stale temp files). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("checkOutputPath", () => {
  test("a file path that is a folder, or whose folder is a file, fails in one line naming the flag", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "out.png"));
    writeFileSync(join(dir, "file"), "x");
    assert.throws(
      () => checkOutputPath(join(dir, "out.png"), { kind: "file", flag: "--out" }),
      (e: unknown) =>
        e instanceof OutputPathError &&
        e.exitCode === 1 &&
        /^--out .*out\.png is a folder, not a file: pass the path of a file/.test(e.message),
    );
    assert.throws(
      () => checkOutputPath(join(dir, "file", "sub", "x.svg"), { kind: "file", flag: "--report" }),
      /--report .*x\.svg cannot be created: .*file is a file, not a folder; choose another path\.$/,
    );
    assert.throws(() => checkOutputPath(join(dir, "file"), { kind: "folder", flag: "--sgf-dir" }), /--sgf-dir .* is a file, not a folder/);
    assert.throws(() => checkOutputPath("", { kind: "file", flag: "--out" }), UsageError);
  });

  test("a good path passes, unchanged, and nothing is created", () => {
    const dir = tempDir();
    assert.equal(checkOutputPath(join(dir, "a", "b", "out.png"), { kind: "file" }), join(dir, "a", "b", "out.png"));
    assert.equal(checkOutputPath(join(dir, "c", "d"), { kind: "folder" }), join(dir, "c", "d"));
    assert.deepEqual(readdirSync(dir), []);
    writeFileSync(join(dir, "old.png"), "x");
    checkOutputPath(join(dir, "old.png"), { kind: "file" }); // an existing file is replaced later: fine
  });

  test("devices, pipes and sockets are not output files", { skip: !existsSync("/dev/null") }, () => {
    assert.throws(() => checkOutputPath("/dev/null", { kind: "file", flag: "--out" }), /--out \/dev\/null is not a regular file/);
  });

  test("paths on /proc and /sys are refused at once, also through a symlink", { skip: !onLinux }, () => {
    const t0 = performance.now();
    assert.throws(
      () => checkOutputPath("/proc/x/y.jsonl", { kind: "file", flag: "--out" }),
      /--out \/proc\/x\/y\.jsonl is on \/proc, a kernel pseudo-filesystem/,
    );
    assert.throws(() => checkOutputPath("/sys/kernel/x", { kind: "folder" }), /is on \/sys/);
    const dir = tempDir();
    symlinkSync("/proc/self", join(dir, "link"));
    assert.equal(pseudoFilesystem(join(dir, "link", "new", "file")), "/proc");
    assert.throws(() => checkOutputPath(join(dir, "link", "new", "out.png"), { kind: "file" }), /kernel pseudo-filesystem/);
    assert.equal(pseudoFilesystem(dir), undefined);
    assert.ok(performance.now() - t0 < 5000);
  });

  test("a folder without write permission is refused", { skip: isRoot && "root may write anywhere" }, () => {
    const dir = tempDir();
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      assert.throws(() => checkOutputPath(join(locked, "sub", "out.json"), { kind: "file", flag: "--out" }), /is not writable \(EACCES\)/);
      assert.throws(() => checkOutputPath(locked, { kind: "folder", flag: "--cells-dir" }), /is not writable/);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe("makeFolder and atomic writes", () => {
  test("makeFolder creates missing levels and refuses pseudo-filesystems without looping", { timeout: 10_000 }, async () => {
    const dir = tempDir();
    makeFolder(join(dir, "a", "b", "c"));
    assert.ok(existsSync(join(dir, "a", "b", "c")));
    makeFolder(join(dir, "a", "b", "c")); // existing: fine
    writeFileSync(join(dir, "f"), "x");
    assert.throws(() => makeFolder(join(dir, "f", "g")), OutputPathError);
    if (onLinux) {
      assert.throws(() => makeFolder("/proc/yomikai-test/x"), /is on \/proc/);
      // Recursive mkdir on procfs used to spin forever at 100% CPU: these must fail at once.
      await assert.rejects(writeFileAtomic("/proc/yomikai-test/x/out.json", "{}"), /kernel pseudo-filesystem/);
      await assert.rejects(JsonlAppender.open("/sys/yomikai-test/r.jsonl"), /kernel pseudo-filesystem/);
    }
  });

  test("writing over a folder is a one-line error", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "out.json"));
    await assert.rejects(
      writeFileAtomic(join(dir, "out.json"), "{}"),
      (e: unknown) => e instanceof YomikaiError && /is a folder/.test(e.message),
    );
    assert.deepEqual(readdirSync(dir), ["out.json"], "no temp file left");
  });
});

describe("temporary files", () => {
  test("stale temp files of dead processes are removed; live ones and other files are kept", () => {
    const dir = tempDir();
    const dead = deadPid();
    const stale = [`.out.png.${dead}.0badf00d.tmp`, `.out.md.${dead}.1badf00d.tmp`];
    const keep = [`.out.png.${process.pid}.12345678.tmp`, `.out.png.${dead}.tmp`, "out.png", ".hidden"];
    for (const f of [...stale, ...keep]) writeFileSync(join(dir, f), "x");
    checkOutputPath(join(dir, "out.png"), { kind: "file" });
    assert.deepEqual(readdirSync(dir).sort(), keep.sort());
    writeFileSync(join(dir, stale[0] as string), "x");
    assert.equal(removeStaleTemps(dir), 1);
    assert.equal(removeStaleTemps(join(dir, "missing")), 0);
  });

  test("a tracked temp file is removed when the process exits mid-write", async () => {
    const dir = tempDir();
    const moduleUrl = new URL("./outputPath.ts", import.meta.url).href;
    const script = `
      import { writeFileSync } from "node:fs";
      const { tempPathFor, trackTemp } = await import(${JSON.stringify(moduleUrl)});
      const tmp = tempPathFor(${JSON.stringify(join(dir, "out.json"))});
      writeFileSync(tmp, "half");
      trackTemp(tmp);
      process.stdout.write(tmp);
      process.exit(130); // what a second Ctrl-C does
    `;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 130);
    assert.match(out, /\.out\.json\.\d+\.[0-9a-f]{8}\.tmp$/);
    assert.deepEqual(readdirSync(dir), []);
    assert.ok(tempPathFor("/a/b.txt").startsWith("/a/.b.txt."));
    assert.equal(typeof trackTemp, "function");
  });
});

describe("fileSystemError", () => {
  test("file-system errors with a path become one-line errors; others stay bugs", () => {
    const err = Object.assign(new Error("EISDIR: illegal operation on a directory, read"), {
      code: "EISDIR",
      syscall: "read",
      path: "runs",
    });
    const e = fileSystemError(err);
    assert.ok(e instanceof YomikaiError);
    assert.equal(e.exitCode, 1);
    assert.equal(e.message, "Cannot read runs: is a folder where a file was expected (EISDIR); check the path and its folder.");
    assert.equal(fileSystemError(new Error("boom")), null);
    assert.equal(fileSystemError(Object.assign(new Error("x"), { code: "toString", path: "p" })), null);
    assert.equal(
      fileSystemError(Object.assign(new Error("x"), { code: "EISDIR", syscall: "read" }))?.message,
      "Cannot read a file: is a folder where a file was expected (EISDIR); check the path and its folder.",
      "reads through a file handle carry no path",
    );
  });
});
