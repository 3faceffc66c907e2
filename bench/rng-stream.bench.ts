/**
 * Uniform-index speed: core's `UniformStream` (the bootstrap's draws since it moved into core) against
 * the stream the citation bootstrap inlined before (commit 4a539cf, imported from git history, see
 * bench/lib.ts) and against one `rng.int(n)` call per draw. Same seeds, so the index streams are checked
 * equal before timing; interleaved rounds, medians; ratios are within this run (the machine is shared).
 *
 *   npx tsx bench/rng-stream.bench.ts            # 7 rounds of 2·10⁷ draws per variant
 *   npx tsx bench/rng-stream.bench.ts --quick    # 3 rounds of 2·10⁶
 * Writes bench/results/rng-stream.json.
 */
import { createRng, type Rng, UniformStream, writeJsonAtomic } from "../src/core/index.js";
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
    const buf = new Uint32Array(CHUNK);
    let s = 0;
    for (let done = 0; done < draws; done += CHUNK) {
      const count = Math.min(CHUNK, draws - done);
      d.fillIndices(buf, n, count);
      for (let i = 0; i < count; i++) s += buf[i] as number;
    }
    return s;
  },
  "old inline stream next() (Poisson path)": () => {
    const d = new old.UniformIndexStream(createRng(7));
    let s = 0;
    for (let i = 0; i < draws; i++) s += d.next() >>> 0;
    return s;
  },
  "core UniformStream.fillUint32 (Poisson path)": () => {
    const d = new UniformStream(createRng(7));
    const buf = new Uint32Array(CHUNK);
    let s = 0;
    for (let done = 0; done < draws; done += CHUNK) {
      const count = Math.min(CHUNK, draws - done);
      d.fillUint32(buf, count);
      for (let i = 0; i < count; i++) s += buf[i] as number;
    }
    return s;
  },
};

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
await writeJsonAtomic(`bench/results/rng-stream${quick ? "-quick" : ""}.json`, {
  machine: start,
  loadAverageAtEnd: machine().loadAverage,
  baseline: BASELINE_COMMIT,
  n,
  draws,
  rounds,
  drawsPerSecond: rate,
  ratios,
});
