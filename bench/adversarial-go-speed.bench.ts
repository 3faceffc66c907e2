/**
 * Adversarial Go board-speed bench: random playouts per second on 9x9 and 19x19 (one thread, from the
 * empty board, Tromp-Taylor count of each final position), the current board against the board as
 * committed before the playout speed-up (commit 30f25e1, unpacked from git history into
 * `.cache/baselines/` and imported from there — no copy of it lives in the tree), both measured in the
 * same run, in interleaved rounds with the same seeded playout stream. Before timing it checks that the
 * two boards play identical playouts (same moves, captures and final Tromp-Taylor margins), so the
 * speed-up changes no rules. Reports wall-clock and CPU-time rates and the load average (the machine is
 * shared). Writes bench/results/adversarial-go-speed.json and the speed section of docs/adversarial-go.md.
 *
 *   npx tsx bench/adversarial-go-speed.bench.ts            # 5 rounds x 2 s per board and size (~1 min)
 *   npx tsx bench/adversarial-go-speed.bench.ts --quick    # 2 rounds x 0.5 s, no docs update
 */
import { loadavg } from "node:os";
import { writeJsonAtomic } from "../src/core/index.js";
import { markdownTable } from "../src/report/index.js";
import { BLACK, Board, measurePlayoutSpeed, scoreTrompTaylor } from "../src/systems/adversarial-go/index.js";
import { playoutRandom } from "../src/systems/adversarial-go/playout.js";
import { importBaseline, machine, machineLine, spliceDocSection } from "./lib.js";

/** The commit whose board is the baseline: the last one before the playout speed-up. */
const BASELINE_COMMIT = "30f25e1";

/** The baseline's modules, from the tree at BASELINE_COMMIT (see `importBaseline` in bench/lib.ts). */
async function loadBaseline() {
  const go = await importBaseline(BASELINE_COMMIT, "src/systems/adversarial-go/index.ts");
  const playout = await importBaseline(BASELINE_COMMIT, "src/systems/adversarial-go/playout.ts");
  return {
    Board: go.Board as typeof Board,
    measurePlayoutSpeed: go.measurePlayoutSpeed as (size: number, seconds: number, seed: number) => { playouts: number; seconds: number },
    playoutRandom: playout.playoutRandom as (seed: number) => () => number,
  };
}
const baseline = await loadBaseline();

const quick = process.argv.includes("--quick");
const rounds = quick ? 2 : 5;
const seconds = quick ? 0.5 : 2;
const seed = 1;
const sizes = [9, 19];

/** Same-stream equivalence check: `n` playouts on both boards, compared point by point. */
function checkSame(size: number, n: number): { playouts: number; moves: number } {
  const a = new Board(size);
  const b = new baseline.Board(size);
  const ra = playoutRandom(seed + size);
  const rb = baseline.playoutRandom(seed + size);
  let moves = 0;
  for (let i = 0; i < n; i++) {
    const fresh = new Board(size);
    a.copyFrom(fresh);
    b.copyFrom(new baseline.Board(size));
    const ma = a.playout(BLACK, ra);
    const mb = b.playout(BLACK, rb);
    moves += ma;
    if (ma !== mb || a.color.join() !== b.color.join()) {
      throw new Error(`${size}x${size} playout ${i}: the boards disagree (${ma} vs ${mb} moves): the speed-up changed the rules`);
    }
    // Same final Tromp-Taylor margin, counted by the library's full scorer on both colour arrays.
    const copy = new Board(size);
    copy.color.set(b.color);
    if (scoreTrompTaylor(copy, 7.5).margin !== scoreTrompTaylor(a, 7.5).margin) throw new Error("margins disagree");
  }
  return { playouts: n, moves };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const start = machine();
console.log(machineLine(start));
const loadBefore = start.loadAverage;
const results = sizes.map((size) => {
  const same = checkSame(size, quick ? 50 : 500);
  console.log(`${size}x${size}: ${same.playouts} playouts identical on both boards (${same.moves} moves)`);
  const runs: { round: number; newWall: number; newCpu: number; oldWall: number; oldCpu: number; load: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which board goes first, so a load change hits both alike.
    const measureOld = () => {
      // The committed speed loop itself; CPU time measured around it (it only reported wall time).
      const cpu0 = process.cpuUsage();
      const o = baseline.measurePlayoutSpeed(size, seconds, seed + r);
      const cpu = process.cpuUsage(cpu0);
      return { wall: o.playouts / o.seconds, cpu: o.playouts / ((cpu.user + cpu.system) / 1e6) };
    };
    const measureNew = () => {
      const n = measurePlayoutSpeed(size, seconds, seed + r);
      return { wall: n.playoutsPerSecond, cpu: n.playoutsPerCpuSecond };
    };
    let o: { wall: number; cpu: number };
    let n: { wall: number; cpu: number };
    if (r % 2 === 0) {
      o = measureOld();
      n = measureNew();
    } else {
      n = measureNew();
      o = measureOld();
    }
    const load = loadavg()[0] ?? 0;
    runs.push({ round: r, newWall: n.wall, newCpu: n.cpu, oldWall: o.wall, oldCpu: o.cpu, load });
    console.log(
      `  round ${r + 1}/${rounds}: new ${Math.round(n.wall)}/s (${Math.round(n.cpu)}/CPU s), old ${Math.round(o.wall)}/s (${Math.round(o.cpu)}/CPU s), ratio ${(n.cpu / o.cpu).toFixed(2)}x, load ${load.toFixed(1)}`,
    );
  }
  const one = measurePlayoutSpeed(size, quick ? 0.3 : 1, seed);
  return {
    size,
    movesPerPlayout: one.movesPerPlayout,
    newPerSecond: median(runs.map((x) => x.newWall)),
    newPerCpuSecond: median(runs.map((x) => x.newCpu)),
    oldPerSecond: median(runs.map((x) => x.oldWall)),
    oldPerCpuSecond: median(runs.map((x) => x.oldCpu)),
    ratioCpu: median(runs.map((x) => x.newCpu / x.oldCpu)),
    ratioWall: median(runs.map((x) => x.newWall / x.oldWall)),
    bestNewPerSecond: Math.max(...runs.map((x) => x.newWall)),
    rounds: runs,
    identicalPlayouts: same.playouts,
  };
});
const loadAfter = machine().loadAverage;
const hardware = start;
for (const r of results)
  console.log(
    `${r.size}x${r.size}: ${Math.round(r.newPerSecond)} playouts/s (median; ${Math.round(r.newPerCpuSecond)} per CPU second) vs committed board ${Math.round(r.oldPerSecond)}/s (${Math.round(r.oldPerCpuSecond)} per CPU second): ratio ${r.ratioCpu.toFixed(2)}x CPU time, ${r.ratioWall.toFixed(2)}x wall`,
  );
console.log(`load average ${loadBefore[0]?.toFixed(1)} before, ${loadAfter[0]?.toFixed(1)} after (${hardware.cores} cores)`);

await writeJsonAtomic(`bench/results/adversarial-go-speed${quick ? "-quick" : ""}.json`, {
  seed,
  quick,
  rounds,
  secondsPerMeasurement: seconds,
  machine: start,
  loadAverageAfter: loadAfter,
  baseline: `src/systems/adversarial-go (Board, playoutRandom, measurePlayoutSpeed) as of commit ${BASELINE_COMMIT}, from git history`,
  results,
});

if (!quick) {
  const fmt = (x: number) => Math.round(x).toLocaleString("en");
  const section = [
    "",
    `Run: \`npx tsx bench/adversarial-go-speed.bench.ts\` on ${hardware.cpu} (${hardware.cores} cores, shared with other work), Node ${hardware.node}, seed ${seed}; ${rounds} interleaved rounds of ${seconds} s per board and size, medians; 1-minute load average ${loadBefore[0]?.toFixed(1)} before and ${loadAfter[0]?.toFixed(1)} after. Baseline: the board as committed before the speed-up, same playout stream (the bench first checks that both boards play identical playouts).`,
    "",
    markdownTable(
      [
        "board",
        "playouts/s (wall)",
        "playouts per CPU second",
        "moves/playout",
        "committed board /s (wall)",
        "committed board per CPU second",
        "ratio (CPU time)",
        "ratio (wall)",
      ],
      results.map((r) => [
        `${r.size}x${r.size}`,
        fmt(r.newPerSecond),
        fmt(r.newPerCpuSecond),
        r.movesPerPlayout.toFixed(1),
        fmt(r.oldPerSecond),
        fmt(r.oldPerCpuSecond),
        `${r.ratioCpu.toFixed(2)}x`,
        `${r.ratioWall.toFixed(2)}x`,
      ]),
    ),
    "",
  ].join("\n");
  await spliceDocSection("docs/adversarial-go.md", "speed", section, "bench/adversarial-go-speed.bench.ts");
}
