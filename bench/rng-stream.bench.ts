/**
 * Uniform-index speed: core's `UniformStream` (the bootstrap's draws since it moved into core) against
 * the stream the citation bootstrap inlined before (commit 4a539cf, imported from git history, see
 * bench/lib.ts) and against one `rng.int(n)` call per draw. Same seeds, so the index streams are checked
 * equal before timing; interleaved rounds, medians; ratios are within this run (the machine is shared).
 * End to end: the citation analysis with a multinomial bootstrap on a generated OpenAlex-shaped set,
 * the current tree against the tree at that commit (intervals checked identical).
 *
 *   npx tsx bench/rng-stream.bench.ts            # 7 rounds of 2·10⁷ draws per variant
 *   npx tsx bench/rng-stream.bench.ts --quick    # 3 rounds of 2·10⁶
 * Writes bench/results/rng-stream.json.
 */
import { createRng, type Rng, UniformStream, writeJsonAtomic } from "../src/core/index.js";
import * as citations from "../src/systems/citation-separation/index.js";
import { importBaseline, machine, machineLine } from "./lib.js";

const BASELINE_COMMIT = "4a539cf";
interface OldStream {
  next(): number;
  index(n: number, threshold: number): number;
}
const old = await importBaseline<{ UniformIndexStream: new (rng: Rng) => OldStream }>(
  BASELINE_COMMIT,
  "src/systems/citation-separation/bootstrap.ts",
);

const quick = process.argv.includes("--quick");
const rounds = quick ? 3 : 7;
const draws = quick ? 2_000_000 : 20_000_000;
const n = 48_611; // a year's citing papers in the 1M-work citation bench
const CHUNK = 4096;

// The same seed gives the same indices on every path (rejections included).
{
  const a = new old.UniformIndexStream(createRng(1));
  const b = new UniformStream(createRng(1));
  const got = b.fillIndices(new Uint32Array(100_000), n);
  const threshold = 4294967296 % n;
  for (let i = 0; i < got.length; i++) if (got[i] !== a.index(n, threshold)) throw new Error(`index ${i} differs from the baseline`);
  const u = new UniformStream(createRng(2)).fillUint32(new Uint32Array(1000));
  const v = new old.UniformIndexStream(createRng(2));
  for (let i = 0; i < u.length; i++) if (u[i] !== v.next() >>> 0) throw new Error(`uint32 ${i} differs from the baseline`);
}

/** Sums `draws` numbers read in chunks through `fill` (how the bootstrap reads core's stream). */
function chunked(fill: (buf: Uint32Array, count: number) => void): number {
  const buf = new Uint32Array(CHUNK);
  let s = 0;
  for (let done = 0; done < draws; done += CHUNK) {
    const count = Math.min(CHUNK, draws - done);
    fill(buf, count);
    for (let i = 0; i < count; i++) s += buf[i] as number;
  }
  return s;
}

/** Each variant sums its indices (so no loop is optimised away) and returns draws per second. */
const variants: Record<string, () => number> = {
  "core rng.int per draw": () => {
    const rng = createRng(7);
    let s = 0;
    for (let i = 0; i < draws; i++) s += rng.int(n);
    return s;
  },
  "old inline stream (bootstrap, 4a539cf)": () => {
    const d = new old.UniformIndexStream(createRng(7));
    const threshold = 4294967296 % n;
    let s = 0;
    for (let i = 0; i < draws; i++) s += d.index(n, threshold);
    return s;
  },
  "core UniformStream.fillIndices (4096 a call)": () => {
    const d = new UniformStream(createRng(7));
    return chunked((buf, count) => d.fillIndices(buf, n, count));
  },
  "old inline stream next() (Poisson path)": () => {
    const d = new old.UniformIndexStream(createRng(7));
    let s = 0;
    for (let i = 0; i < draws; i++) s += d.next() >>> 0;
    return s;
  },
  "core UniformStream.fillUint32 (Poisson path)": () => {
    const d = new UniformStream(createRng(7));
    return chunked((buf, count) => d.fillUint32(buf, count));
  },
};

// End to end: the analysis with its bootstrap, old tree against this one, same input and seed.
type Citations = typeof citations;
const oldCitations = await importBaseline<Citations>(BASELINE_COMMIT, "src/systems/citation-separation/index.ts");
const works = citations.syntheticWorkObjects(citations.createSyntheticDataset({ works: quick ? 5000 : 20000, seed: 3 }));
const replicates = quick ? 50 : 200;
const analyse = (lib: Citations) => lib.analyzeWorks(works, { bootstrap: replicates, seed: 7, bootstrapMethod: "multinomial" });
if (JSON.stringify((await analyse(oldCitations)).ci) !== JSON.stringify((await analyse(citations)).ci))
  throw new Error("the bootstrap intervals differ from the baseline's");

const start = machine();
console.log(machineLine(start));
const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(variants)) {
    const t0 = performance.now();
    run();
    (times[name] as number[]).push((performance.now() - t0) / 1000);
  }
}
const analysisSeconds = { old: [] as number[], new: [] as number[] };
for (let r = 0; r < Math.max(3, rounds - 2); r++) {
  for (const [key, lib] of (r % 2
    ? [
        ["new", citations],
        ["old", oldCitations],
      ]
    : [
        ["old", oldCitations],
        ["new", citations],
      ]) as ["old" | "new", Citations][]) {
    const t0 = performance.now();
    await analyse(lib);
    analysisSeconds[key].push((performance.now() - t0) / 1000);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const rate = Object.fromEntries(Object.entries(times).map(([k, ts]) => [k, draws / median(ts)]));
const r = (a: string, b: string) => (rate[a] as number) / (rate[b] as number);
for (const [k, v] of Object.entries(rate)) console.log(`${k.padEnd(46)} ${(v / 1e6).toFixed(1)} M draws/s`);
const ratios = {
  indicesNewOverOld: r("core UniformStream.fillIndices (4096 a call)", "old inline stream (bootstrap, 4a539cf)"),
  indicesNewOverRngInt: r("core UniformStream.fillIndices (4096 a call)", "core rng.int per draw"),
  indicesOldOverRngInt: r("old inline stream (bootstrap, 4a539cf)", "core rng.int per draw"),
  uint32NewOverOld: r("core UniformStream.fillUint32 (Poisson path)", "old inline stream next() (Poisson path)"),
};
console.log(
  `indices: core stream / old inline = ${ratios.indicesNewOverOld.toFixed(2)}×; old inline / rng.int = ${ratios.indicesOldOverRngInt.toFixed(2)}×; core stream / rng.int = ${ratios.indicesNewOverRngInt.toFixed(2)}×`,
);
console.log(`uint32 (Poisson): core stream / old inline = ${ratios.uint32NewOverOld.toFixed(2)}×`);
const analysis = {
  works: works.length,
  replicates,
  oldSeconds: median(analysisSeconds.old),
  newSeconds: median(analysisSeconds.new),
  speedup: median(analysisSeconds.old) / median(analysisSeconds.new),
};
console.log(
  `analysis with ${replicates} multinomial replicates on ${works.length} works: ${analysis.newSeconds.toFixed(2)} s vs ${analysis.oldSeconds.toFixed(2)} s before (${analysis.speedup.toFixed(2)}× faster; identical intervals)`,
);
await writeJsonAtomic(`bench/results/rng-stream${quick ? "-quick" : ""}.json`, {
  machine: start,
  loadAverageAtEnd: machine().loadAverage,
  baseline: BASELINE_COMMIT,
  n,
  draws,
  rounds,
  drawsPerSecond: rate,
  ratios,
  analysis,
});
