/**
 * Bad inputs on every command, run through the built CLI as a user would: each must fail with exit
 * code 2 (wrong command line) or 1 (everything else), one `yomikai:` line on stderr naming the problem,
 * no stack trace, nothing on stdout, and no file created (outputs are checked before any work starts).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { before, describe, test } from "node:test";
import { encodePng } from "../../src/diffusion/index.js";
import { CLI_PATH, runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";

/** Every path under `dir`, relative, sorted: what a failed command must leave unchanged. */
function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      out.push(relative(dir, p));
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

let png: Uint8Array;

/** A fresh folder of things users pass by mistake. */
function fixture(root: string, name: string): string {
  const d = join(root, name);
  mkdirSync(d);
  for (const f of ["adir", "adir.png", "adir.svg", "adir.json", "adir.jsonl"]) mkdirSync(join(d, f));
  writeFileSync(join(d, "afile"), "hello\n");
  writeFileSync(join(d, "empty"), "");
  writeFileSync(join(d, "empty.json"), "");
  writeFileSync(join(d, "nulls.json"), "[null]");
  writeFileSync(join(d, "img.png"), png);
  return d;
}

interface BadInput {
  /** Arguments after `yomikai`; `D` is replaced by the case's fixture folder. */
  args: string[];
  code: 1 | 2;
  /** What the one error line says. */
  message: RegExp;
}

const many = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1)).join(",");
const noModel = ["--model", "D/nosuch-model", "--image", "D/nosuch.png", "--instruction", "x"];
const noPair = ["--expert", "D/nosuch.gguf", "--amateur", "D/nosuch.gguf", "--dataset", "sample"];

/** Output paths that cannot be written: refused before reading inputs, loading models or any work. */
const OUTPUTS: Record<string, BadInput> = {
  "edit --out FOLDER": {
    args: ["edit", ...noModel, "--out", "D/adir.png"],
    code: 1,
    message: /^--out D\/adir\.png is a folder, not a file/,
  },
  "edit --out under a file": {
    args: ["edit", ...noModel, "--out", "D/afile/x.png"],
    code: 1,
    message: /^--out D\/afile\/x\.png cannot be created: .*afile is a file, not a folder/,
  },
  "edit --out under /proc": {
    args: ["edit", ...noModel, "--out", "/proc/yomikai-test/x.png"],
    code: 1,
    message: /^--out \/proc\/yomikai-test\/x\.png is on \/proc, a kernel pseudo-filesystem/,
  },
  "edit --image-size over --max-pixels, before the model loads": {
    args: ["edit", ...noModel, "--image", "D/img.png", "--max-pixels", "4096", "--resolution", "2048", "--out", "D/o.png"],
    code: 1,
    message: /^The image would be edited at 2048×1536 .* above the limit of 4096/,
  },
  "edit sweep --cells-dir FILE": {
    args: ["edit", "sweep", ...noModel, "--cells-dir", "D/afile", "--out", "D/g.png"],
    code: 1,
    message: /^--cells-dir D\/afile is a file, not a folder/,
  },
  "edit sweep --cells-dir under /sys": {
    args: ["edit", "sweep", ...noModel, "--cells-dir", "/sys/yomikai-test", "--out", "D/g.png"],
    code: 1,
    message: /is on \/sys, a kernel pseudo-filesystem/,
  },
  "edit sweep grid too big, before the first edit": {
    args: [
      "edit",
      "sweep",
      ...noModel,
      "--image",
      "D/img.png",
      "--text-scales",
      many(30),
      "--image-scales",
      many(30),
      "--cell-size",
      "2048",
      "--out",
      "D/g.png",
    ],
    code: 1,
    message:
      /^The 30×30 grid would be \d+×\d+ pixels .* above the limit of 100000000: use fewer --text-scales\/--image-scales or a smaller --cell-size/,
  },
  "edit metrics --out FOLDER": {
    args: ["edit", "metrics", "--clip", "D/nosuch", ...noModel, "--input-caption", "a", "--output-caption", "b", "--out", "D/adir.svg"],
    code: 1,
    message: /^--out D\/adir\.svg is a folder, not a file/,
  },
  "edit demo-model --out FILE": {
    args: ["edit", "demo-model", "--out", "D/afile"],
    code: 1,
    message: /^--out .*afile is a file, not a folder/,
  },
  "edit demo-model --out under /proc": { args: ["edit", "demo-model", "--out", "/proc/yomikai-test"], code: 1, message: /is on \/proc/ },
  "cd bench --out FOLDER": {
    args: ["cd", "bench", ...noPair, "--out", "D/adir.jsonl"],
    code: 1,
    message: /^--out D\/adir\.jsonl is a folder, not a file/,
  },
  "cd bench --out under /sys": { args: ["cd", "bench", ...noPair, "--out", "/sys/yomikai-test/r.jsonl"], code: 1, message: /is on \/sys/ },
  "cd demo-models --out under a file": {
    args: ["cd", "demo-models", "--out", "D/afile/sub"],
    code: 1,
    message: /^--out .*afile\/sub cannot be created: .*afile is a file, not a folder/,
  },
  "citations fetch --out FOLDER, before any request": {
    args: ["citations", "fetch", "--venue", "neurips", "--out", "D/adir", "--api-url", "http://127.0.0.1:1", "--mailto", "a@b.c"],
    code: 1,
    message: /^--out D\/adir is a folder, not a file/,
  },
  "citations fetch --cache-dir FILE": {
    args: ["citations", "fetch", "--venue", "neurips", "--out", "D/f.jsonl", "--cache-dir", "D/afile", "--mailto", "a@b.c"],
    code: 1,
    message: /^--cache-dir D\/afile is a file, not a folder/,
  },
  "citations analyze --report FOLDER, before reading the input": {
    args: ["citations", "analyze", "--input", "D/nosuch.jsonl", "--report", "D/adir"],
    code: 1,
    message: /^--report D\/adir is a folder, not a file/,
  },
  "citations analyze --out under /proc": {
    args: ["citations", "analyze", "--input", "D/nosuch.jsonl", "--out", "/proc/yomikai-test/r.json"],
    code: 1,
    message: /is on \/proc/,
  },
  "citations sample --out FOLDER": {
    args: ["citations", "sample", "--out", "D/adir"],
    code: 1,
    message: /^--out D\/adir is a folder, not a file/,
  },
  "citations sample --out a device": {
    args: ["citations", "sample", "--out", "/dev/null"],
    code: 1,
    message: /^--out \/dev\/null is not a regular file/,
  },
  "citations sample --truth under a file: no sample written either": {
    args: ["citations", "sample", "--out", "D/s.jsonl", "--truth", "D/afile/t.json"],
    code: 1,
    message: /^--truth D\/afile\/t\.json cannot be created/,
  },
  "plan frontier --out FOLDER": {
    args: ["plan", "frontier", "--out", "D/adir.svg"],
    code: 1,
    message: /^--out D\/adir\.svg is a folder, not a file/,
  },
  "plan frontier --out under /proc": { args: ["plan", "frontier", "--out", "/proc/yomikai-test/f.svg"], code: 1, message: /is on \/proc/ },
  "mode generate --out FOLDER": {
    args: ["mode", "generate", "--experts", "D/nosuch", "--prompt", "x", "--out", "D/adir.png"],
    code: 1,
    message: /^--out D\/adir\.png is a folder, not a file/,
  },
  "mode generate --previews FILE": {
    args: ["mode", "generate", "--experts", "D/nosuch", "--prompt", "x", "--out", "D/o.png", "--previews", "D/afile"],
    code: 1,
    message: /^--previews D\/afile is a file, not a folder/,
  },
  "mode eval --out under /sys": {
    args: ["mode", "eval", "--experts", "D/nosuch", "--prompts", "D/nosuch.txt", "--out", "/sys/yomikai-test"],
    code: 1,
    message: /is on \/sys/,
  },
  "mode demo-models --out FILE": {
    args: ["mode", "demo-models", "--out", "D/afile"],
    code: 1,
    message: /^--out .*afile is a file, not a folder/,
  },
  "go attack --sgf-dir FILE, before starting the victim": {
    args: ["go", "attack", "--victim", "/nonexistent/gtp-engine", "--sgf-dir", "D/afile"],
    code: 1,
    message: /^--sgf-dir D\/afile is a file, not a folder/,
  },
};

/** Ordinary mistakes: folders for files, empty files, unknown names, bad numbers. */
const MISTAKES: Record<string, BadInput> = {
  "cd bench --data FOLDER": {
    args: ["cd", "bench", ...noPair, "--data", "D/adir", "--out", "D/r.jsonl"],
    code: 1,
    message: /^Prompt file D\/adir is a folder, not a file/,
  },
  "cd bench --data EMPTY": {
    args: ["cd", "bench", ...noPair, "--data", "D/empty", "--out", "D/r.jsonl"],
    code: 1,
    message: /not a valid JSON\/JSONL prompt file \(the file is empty/,
  },
  "cd bench --data [null]": {
    args: ["cd", "bench", ...noPair, "--data", "D/nulls.json", "--out", "D/r.jsonl"],
    code: 1,
    message: /nulls\.json: not a valid JSON\/JSONL prompt file \(item 0 is null, not an object/,
  },
  "cd bench --prompts too many": {
    args: ["cd", "bench", ...noPair, "--prompts", "1e9"],
    code: 2,
    message: /^--prompts must be at most 100000/,
  },
  "cd generate --expert FOLDER": {
    args: ["cd", "generate", "--expert", "D/adir", "--amateur", "D/afile", "--prompt", "x"],
    code: 1,
    message: /is a directory, not a model file/,
  },
  "cd generate --expert hf: malformed": {
    args: ["cd", "generate", "--expert", "hf:foo", "--amateur", "D/afile", "--prompt", "x"],
    code: 2,
    message: /^Bad model reference "hf:foo": expected hf:<owner>\/<repo>\/<file\.gguf>/,
  },
  "edit --image FOLDER": {
    args: ["edit", ...noModel, "--image", "D/adir", "--out", "D/o.png"],
    code: 1,
    message: /^Image D\/adir is a folder, not a file/,
  },
  "edit --image EMPTY": {
    args: ["edit", ...noModel, "--image", "D/empty", "--out", "D/o.png"],
    code: 1,
    message: /not a valid image file/,
  },
  "edit --out not .png": { args: ["edit", ...noModel, "--out", "D/o.jpg"], code: 2, message: /^--out must be a \.png file/ },
  "edit sweep --text-scales not numbers": {
    args: ["edit", "sweep", ...noModel, "--text-scales", "a,b", "--out", "D/g.png"],
    code: 2,
    message: /^--text-scales needs guidance scales/,
  },
  "edit --scheduler unknown": {
    args: ["edit", ...noModel, "--scheduler", "foo", "--out", "D/o.png"],
    code: 2,
    message: /^--scheduler must be one of/,
  },
  "plan --mesh banana": {
    args: ["plan", "--model", "palm-8b", "--chips", "8", "--mesh", "banana"],
    code: 2,
    message: /^Bad mesh "banana": write it as X×Y×Z/,
  },
  "plan --mesh of the wrong size": {
    args: ["plan", "--model", "palm-8b", "--chips", "8", "--mesh", "3x3x3"],
    code: 2,
    message: /^Mesh 3x3x3 has 27 chips, not 8/,
  },
  "plan --model unknown": {
    args: ["plan", "--model", "palm-8bb", "--chips", "8"],
    code: 2,
    message: /^Unknown model "palm-8bb" \(did you mean "palm-8b"\?\)/,
  },
  "plan --hardware unknown": {
    args: ["plan", "--model", "palm-8b", "--hardware", "tpu-v5", "--chips", "8"],
    code: 2,
    message: /^Unknown hardware "tpu-v5"/,
  },
  "plan --chips off the topology": {
    args: ["plan", "--model", "palm-8b", "--chips", "7"],
    code: 2,
    message: /^Chip count does not fit the topology: .* try 4 or 8/,
  },
  "plan --chips not a number": {
    args: ["plan", "--model", "palm-8b", "--chips", "eight"],
    code: 2,
    message: /^--chips needs a number; got "eight"/,
  },
  "plan --model FOLDER.json": {
    args: ["plan", "--model", "D/adir.json", "--chips", "8"],
    code: 1,
    message: /^Model config D\/adir\.json is a folder, not a file/,
  },
  "plan --model EMPTY.json": {
    args: ["plan", "--model", "D/empty.json", "--chips", "8"],
    code: 1,
    message: /empty\.json: not a valid JSON file/,
  },
  "plan max-context --chips off the topology": {
    args: ["plan", "max-context", "--model", "palm-8b", "--chips", "3", "--batch", "1"],
    code: 2,
    message: /^Chip count does not fit the topology/,
  },
  "plan frontier --models unknown": { args: ["plan", "frontier", "--models", "foo"], code: 2, message: /^Unknown model "foo"/ },
  "plan frontier --chips off the topology": {
    args: ["plan", "frontier", "--models", "palm-8b", "--chips", "3"],
    code: 2,
    message: /^Chip count does not fit/,
  },
  "citations analyze --china-includes unknown": {
    args: ["citations", "analyze", "--input", "D/nosuch.jsonl", "--china-includes", "XX"],
    code: 2,
    message: /^Only HK, MO, TW can be counted as China/,
  },
  "citations analyze --input FOLDER": {
    args: ["citations", "analyze", "--input", "D/adir"],
    code: 1,
    message: /^Input D\/adir is a folder/,
  },
  "citations analyze --input EMPTY": { args: ["citations", "analyze", "--input", "D/empty"], code: 1, message: /^D\/empty is empty/ },
  "citations fetch without a venue": {
    args: ["citations", "fetch", "--out", "D/f.jsonl"],
    code: 2,
    message: /^Name a venue \(--venue neurips\) or OpenAlex source ids/,
  },
  "citations fetch --api-url not a URL": {
    args: ["citations", "fetch", "--venue", "neurips", "--out", "D/f.jsonl", "--api-url", "notaurl"],
    code: 2,
    message: /^--api-url "notaurl" is not an http\(s\) URL/,
  },
  "citations sample --years backwards": {
    args: ["citations", "sample", "--out", "D/s.jsonl", "--years", "2021-2012"],
    code: 2,
    message: /^--years 2021-2012: the first year is after the last/,
  },
  "go score FOLDER": { args: ["go", "score", "D/adir"], code: 1, message: /^SGF file D\/adir is a folder, not a file/ },
  "go score EMPTY": { args: ["go", "score", "D/empty"], code: 1, message: /^D\/empty: not a valid SGF file/ },
  "go bench --sizes not a size": { args: ["go", "bench", "--sizes", "x"], code: 2, message: /^--sizes: "x" is not a board size/ },
  "mode eval --prompts FOLDER": {
    args: ["mode", "eval", "--experts", "D/nosuch", "--prompts", "D/adir", "--out", "D/eval"],
    code: 1,
    message: /^Prompt file D\/adir is a folder, not a file/,
  },
  "papers --lang unknown": { args: ["papers", "--lang", "fr"], code: 2, message: /^--lang must be one of ja, en/ },
};

async function expectBadInput(root: string, name: string, c: BadInput): Promise<void> {
  const d = fixture(root, name.replace(/[^a-z0-9]+/gi, "-"));
  const tree = listTree(d);
  const r = await runYomikai(
    c.args.map((a) => a.replace(/^D\//, "./")),
    { cwd: d, timeoutMs: 30_000 },
  );
  const shown = `exit ${r.code}\n${r.stderr}`;
  assert.equal(r.code, c.code, shown);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  // Progress lines of work that had started ("read works: started") may come first; the error is one line, the last.
  const lines = r.stderr.trim().split("\n");
  const errors = lines.filter((l) => l.startsWith("yomikai:"));
  assert.equal(errors.length, 1, `one error line on stderr:\n${r.stderr}`);
  assert.equal(errors[0], lines.at(-1));
  assert.match((errors[0] as string).slice("yomikai: ".length).replaceAll("./", "D/"), c.message);
  assert.equal(r.stdout, "");
  assert.deepEqual(listTree(d), tree, "no file created");
}

describe("bad inputs on every command", { concurrency: 4 }, () => {
  const root = tempDir("yomikai-bad-input-");
  before(async () => {
    png = await encodePng({ width: 64, height: 48, data: new Uint8Array(64 * 48 * 3).fill(128) });
  });

  for (const [name, c] of Object.entries(OUTPUTS)) test(`output checked first: ${name}`, () => expectBadInput(root, name, c));
  for (const [name, c] of Object.entries(MISTAKES)) test(`one line, exit ${c.code}: ${name}`, () => expectBadInput(root, name, c));
});

describe("files and folders without permission", () => {
  const root = tempDir("yomikai-bad-input-");
  const isRoot = process.getuid?.() === 0;
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
  const skip = isRoot && !setpriv && "running as root without setpriv to drop privileges";
  /** Runs the CLI as an unprivileged user (root reads and writes anywhere, so it drops to nobody). */
  const runUnprivileged = (argv: string[]) => {
    const cmd = isRoot ? (setpriv as string) : process.execPath;
    const args = isRoot ? ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, CLI_PATH, ...argv] : [CLI_PATH, ...argv];
    return spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000 });
  };

  test("an output folder that is not writable is refused before the work", { skip }, () => {
    const locked = join(root, "locked");
    mkdirSync(locked);
    chmodSync(root, 0o755);
    chmodSync(locked, 0o555);
    const r = runUnprivileged(["plan", "frontier", "--out", join(locked, "sub", "f.svg")]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(
      r.stderr.trim(),
      `yomikai: --out ${join(locked, "sub", "f.svg")}: the folder ${locked} is not writable (EACCES); choose a folder you can write to.`,
    );
    assert.deepEqual(readdirSync(locked), []);
  });

  test("unreadable inputs are one line each, never 'not found'", { skip }, () => {
    chmodSync(root, 0o755);
    const secret = (name: string, data: string) => {
      writeFileSync(join(root, name), data, { mode: 0o600 });
      return join(root, name);
    };
    const cases: [string[], RegExp][] = [
      [["go", "score", secret("s.sgf", "(;GM[1]SZ[9])")], /^yomikai: Cannot read .*s\.sgf: permission denied \(EACCES\)\.$/],
      [["plan", "--model", secret("m.json", "{}"), "--chips", "8"], /^yomikai: Cannot read .*m\.json: permission denied \(EACCES\)\.$/],
      [
        ["citations", "analyze", "--input", secret("w.jsonl", '{"id": "W1"}\n')],
        /^yomikai: Cannot open .*w\.jsonl: permission denied \(EACCES\)/,
      ],
      [
        ["cd", "generate", "--expert", secret("e.gguf", "GGUF"), "--amateur", secret("a.gguf", "GGUF"), "--prompt", "x"],
        /^yomikai: Cannot read the model file .*e\.gguf: permission denied \(EACCES\)\.$/,
      ],
    ];
    for (const [argv, pattern] of cases) {
      const r = runUnprivileged(argv);
      assert.equal(r.status, 1, `${argv.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr.trim().split("\n").at(-1) as string, pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    }
  });
});

describe("interrupted runs leave no hidden temp files", () => {
  test("a run removes the stale temp files a killed run left beside its output", async () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    const stale = [`.s.jsonl.${dead}.0badf00d.tmp`, `.t.json.${dead}.1badf00d.tmp`];
    for (const f of stale) writeFileSync(join(dir, f), "half-written");
    const r = await runYomikai(["citations", "sample", "--out", "s.jsonl", "--truth", "t.json", "--works", "20"], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ["s.jsonl", "t.json"]);
  });
});
