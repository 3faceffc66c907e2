/**
 * Benchmark for the issue's performance claim: a generated 1M-work, ~20M-reference OpenAlex-shaped
 * JSONL analysed in under 60 s and 4 GiB on this machine. Each configuration runs in a child process
 * so its peak RSS is its own. Compared in the same run:
 *   - the CLI's defaults (memory engine, 1000 bootstrap replicates, "auto" = Poisson scheme at this
 *     size) vs the DuckDB engine, vs the exact multinomial bootstrap, vs no bootstrap, on the full input;
 *   - the graphology engine (a naive paper-level graph) vs the memory engine on a 100k-work input
 *     (no bootstrap, so only the engines differ).
 * Every run is checked against the generator's planted truth.
 *
 * Run: npx tsx bench/citation-separation.bench.ts [--works 1000000] [--keep]
 * Writes bench/results/citation-separation.json.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  analyzeCitationFiles,
  type BootstrapMethod,
  type EngineName,
  type SyntheticTruth,
  writeSyntheticWorks,
} from "../src/systems/citation-separation/index.js";
import { cliArg, machine, machineLine } from "./lib.js";

const self = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);
const arg = cliArg;

interface ChildResult {
  engine: string;
  bootstrap: number;
  method: string;
  wallSeconds: number;
  maxRssMiB: number;
  papers: unknown;
  matrix: unknown;
  references: number;
}

if (argv[0] === "--child") {
  // child: one analysis, report time and peak RSS
  const engine = arg("engine", "memory") as EngineName;
  const bootstrap = Number(arg("bootstrap", "1000"));
  const bootstrapMethod = arg("method", "auto") as BootstrapMethod;
  const t0 = performance.now();
  const r = await analyzeCitationFiles([arg("input", "")], { engine, bootstrap, bootstrapMethod, seed: 1, years: [2012, 2021] });
  const wallSeconds = (performance.now() - t0) / 1000;
  const out: ChildResult = {
    engine,
    bootstrap,
    method: r.ci?.method ?? "none",
    wallSeconds,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    papers: r.papers,
    matrix: r.matrix,
    references: r.edges.references,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

function runChild(input: string, engine: string, bootstrap: number, method: string): Promise<ChildResult & { processSeconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [...process.execArgv, self, "--child", "--engine", engine, "--bootstrap", String(bootstrap), "--method", method, "--input", input],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`child ${engine} exited with ${code}`));
      resolve({ ...(JSON.parse(out.trim().split("\n").at(-1) as string) as ChildResult), processSeconds: (performance.now() - t0) / 1000 });
    });
  });
}

async function dataset(works: number, seed: number): Promise<{ path: string; truth: SyntheticTruth; bytes: number }> {
  const dir = join(tmpdir(), "yomikai-citation-bench");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `works-${works}-s${seed}.jsonl`);
  const truthPath = `${path}.truth.json`;
  if (!existsSync(path) || !existsSync(truthPath)) {
    const t0 = performance.now();
    const truth = await writeSyntheticWorks(path, { works, seed, years: [2012, 2021], inSetReferences: 14, outOfSetReferences: 6 });
    writeFileSync(truthPath, JSON.stringify(truth));
    console.log(`generated ${path} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { path, truth: JSON.parse(readFileSync(truthPath, "utf8")) as SyntheticTruth, bytes: statSync(path).size };
}

const works = Number(arg("works", "1000000"));
const small = Math.max(1000, Math.round(works / 10));
const start = machine();
console.log(machineLine(start));
const big = await dataset(works, 1);
const sub = await dataset(small, 2);
console.log(
  `input: ${works} works, ${big.truth.edges.references} references, ${(big.bytes / 2 ** 20).toFixed(0)} MiB; subset ${small} works`,
);

const runs: (ChildResult & { label: string; processSeconds: number; input: string; correct: boolean })[] = [];
const check = (r: ChildResult, truth: SyntheticTruth) =>
  JSON.stringify(r.papers) === JSON.stringify(truth.papers) && JSON.stringify(r.matrix) === JSON.stringify(truth.matrix);
const configs = [
  ["subset-graph", sub, "graph", 0, "auto"],
  ["subset-memory", sub, "memory", 0, "auto"],
  ["defaults", big, "memory", 1000, "auto"],
  ["duckdb", big, "duckdb", 1000, "auto"],
  ["multinomial", big, "memory", 1000, "multinomial"],
  ["no-bootstrap", big, "memory", 0, "auto"],
] as const;
for (const [label, input, engine, bootstrap, method] of configs) {
  const r = await runChild(input.path, engine, bootstrap, method);
  const row = { label, ...r, input: input === big ? `${works} works` : `${small} works`, correct: check(r, input.truth) };
  runs.push(row);
  console.log(
    `${row.input.padEnd(16)} ${engine.padEnd(7)} bootstrap ${String(bootstrap).padStart(4)} ${row.method.padEnd(11)}: ${r.wallSeconds.toFixed(1).padStart(6)} s analysis (${r.processSeconds.toFixed(1)} s process), peak RSS ${r.maxRssMiB.toFixed(0)} MiB, planted counts ${row.correct ? "recovered" : "WRONG"}`,
  );
}
const find = (label: string) => runs.find((r) => r.label === label) as (typeof runs)[number];
const defaults = find("defaults");
const ratios = {
  graphOverMemory_subset: find("subset-graph").wallSeconds / find("subset-memory").wallSeconds,
  duckdbOverMemory_full: find("duckdb").wallSeconds / defaults.wallSeconds,
  multinomialOverAuto_full: find("multinomial").wallSeconds / defaults.wallSeconds,
  defaultsOverNoBootstrap_full: defaults.wallSeconds / find("no-bootstrap").wallSeconds,
};
console.log(
  `ratios (time, > 1 = slower than the CLI defaults): graphology/memory on ${small} works ${ratios.graphOverMemory_subset.toFixed(2)}×; on ${works} works: duckdb/memory ${ratios.duckdbOverMemory_full.toFixed(2)}×, multinomial/${defaults.method} bootstrap ${ratios.multinomialOverAuto_full.toFixed(2)}×, defaults/no-bootstrap ${ratios.defaultsOverNoBootstrap_full.toFixed(2)}×`,
);
const target = [defaults, find("duckdb"), find("multinomial")];
const meets = target.map((r) => ({
  engine: r.engine,
  method: r.method,
  seconds: r.wallSeconds,
  maxRssMiB: r.maxRssMiB,
  under60s: r.wallSeconds < 60,
  under4GiB: r.maxRssMiB < 4096,
}));
console.log(
  `target (< 60 s, < 4 GiB, default 1000 replicates): ${meets.map((m) => `${m.engine}/${m.method} ${m.under60s && m.under4GiB ? "met" : "NOT met"}`).join(", ")}`,
);
const results = {
  bench: "citation-separation",
  machine: start,
  loadAverageAtEnd: machine().loadAverage,
  input: { works, references: big.truth.edges.references, bytes: big.bytes, seed: 1, subsetWorks: small, subsetSeed: 2 },
  runs,
  ratios,
  target: meets,
};
mkdirSync(join(fileURLToPath(new URL(".", import.meta.url)), "results"), { recursive: true });
writeFileSync(fileURLToPath(new URL("./results/citation-separation.json", import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
console.log("wrote bench/results/citation-separation.json");
if (!argv.includes("--keep")) {
  rmSync(big.path, { force: true });
  rmSync(`${big.path}.truth.json`, { force: true });
  rmSync(sub.path, { force: true });
  rmSync(`${sub.path}.truth.json`, { force: true });
}
