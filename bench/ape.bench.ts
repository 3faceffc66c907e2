/**
 * Efficient score estimation measured: on each of the 24 instruction-induction tasks, the UCB bandit
 * (the authors' code) and adaptive filtering (the paper) against the exhaustive search (every candidate
 * on the same 20 validation examples), all in this run, against a deterministic simulated scorer — a
 * local OpenAI-compatible server whose accuracy per instruction is fixed — so the figures depend on the
 * estimators, not on a model. Prints, per estimator, the share of the exhaustive search's scoring calls
 * it used and whether its winner's test score is within 0.02 of the exhaustive winner's. Also times a
 * repeated run (the call cache: zero calls) and concurrent requests.
 *
 * Run: npx tsx bench/ape.bench.ts [--tasks a,b] [--candidates 50]
 * Writes the section between the ape bench markers of docs/ape.md and bench/results/ape.json.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeJsonAtomic } from "../src/core/index.js";
import { createOpenAIModel } from "../src/lm/index.js";
import { markdownTable } from "../src/report/index.js";
import {
  apeSearch,
  CallLedger,
  type EstimatorName,
  INSTRUCTION_INDUCTION_TASKS,
  InstructionScorer,
  loadTask,
} from "../src/systems/ape/index.js";
import { startSimulatedServer } from "../test/ape/simulatedServer.js";
import { cliArg, generatedNote, machine, machineLine, spliceDocSection } from "./lib.js";

const arg = (name: string) => cliArg(name);
const tasks = arg("tasks")?.split(",") ?? [...INSTRUCTION_INDUCTION_TASKS];
const candidates = Number(arg("candidates") ?? 50);
const UCB_C = arg("c") ? Number(arg("c")) : undefined;
const ESTIMATORS: EstimatorName[] = ["full", "ucb", "filter"];
const t0 = performance.now();
const machine0 = machine();

interface Row {
  task: string;
  candidates: number;
  calls: Record<EstimatorName, number>;
  test: Record<EstimatorName, number>;
  trueBest: number;
}
const rows: Row[] = [];
for (const name of tasks) {
  const task = loadTask(name);
  const sim = await startSimulatedServer([...task.promptGen, ...task.validation, ...task.test], { salt: name });
  const lm = createOpenAIModel({ baseUrl: sim.baseUrl, model: "simulated", retries: 0 });
  const row: Row = { task: name, candidates: 0, calls: {} as Row["calls"], test: {} as Row["test"], trueBest: 0 };
  const tester = new InstructionScorer(lm, task.metric, task.promptGen, new CallLedger());
  const testSet = task.test.slice(0, 100);
  for (const estimator of ESTIMATORS) {
    const r = await apeSearch({
      task,
      proposer: lm,
      scorer: lm,
      propose: { candidates },
      estimator,
      noTest: true,
      concurrency: 8,
      estimatorOptions: {
        ...(UCB_C ? { c: UCB_C } : {}),
        ...(arg("spr") ? { samplesPerRound: Number(arg("spr")) } : {}),
        ...(arg("confirm") ? { confirm: Number(arg("confirm")) } : {}),
      },
    });
    row.candidates = r.candidates.length;
    row.calls[estimator] = r.budget.calls - candidates; // scoring calls only (proposals are the same for all)
    let sum = 0;
    for (let i = 0; i < testSet.length; i++) sum += await tester.execScore(r.best.instruction, testSet[i]!, `test:${i}`);
    row.test[estimator] = sum / testSet.length;
    row.trueBest = Math.max(...r.candidates.map((c) => sim.accuracy.get(c.instruction) ?? 0));
  }
  rows.push(row);
  await sim.close();
  process.stderr.write(`${name}: full ${row.test.full.toFixed(2)}, ucb ${row.test.ucb.toFixed(2)}, filter ${row.test.filter.toFixed(2)}\n`);
}

// The call cache: a repeated search sends nothing.
const task = loadTask("antonyms");
const sim = await startSimulatedServer([...task.promptGen, ...task.validation, ...task.test], { salt: "cache" });
const lm = createOpenAIModel({ baseUrl: sim.baseUrl, model: "simulated", retries: 0 });
const cacheFile = join(await mkdtemp(join(tmpdir(), "ape-bench-")), "calls.jsonl");
const timed = async (concurrency: number, cache: boolean) => {
  const s = performance.now();
  const r = await apeSearch({
    task,
    proposer: lm,
    scorer: lm,
    propose: { candidates },
    concurrency,
    ...(cache ? { ledger: { cacheFile } } : {}),
  });
  return { seconds: (performance.now() - s) / 1000, calls: r.budget.calls, cached: r.budget.cachedCalls };
};
const serial = await timed(1, false);
const concurrent = await timed(8, false);
await timed(8, true); // fills the cache
const repeated = await timed(8, true);
await sim.close();

const within = (e: EstimatorName) => rows.filter((r) => r.test[e] >= r.test.full - 0.02).length;
const share = (e: EstimatorName) => rows.reduce((s, r) => s + r.calls[e], 0) / rows.reduce((s, r) => s + r.calls.full, 0);
const maxShare = (e: EstimatorName) => Math.max(...rows.map((r) => r.calls[e] / r.calls.full));
const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
const table = markdownTable(
  ["task", "candidates", "full: calls / test", "ucb: calls / test", "filter: calls / test"],
  rows.map((r) => [
    r.task,
    r.candidates,
    `${r.calls.full} / ${r.test.full.toFixed(2)}`,
    `${r.calls.ucb} (${pct(r.calls.ucb / r.calls.full)}) / ${r.test.ucb.toFixed(2)}`,
    `${r.calls.filter} (${pct(r.calls.filter / r.calls.full)}) / ${r.test.filter.toFixed(2)}`,
  ]),
);
const seconds = (performance.now() - t0) / 1000;
const summary = [
  `- UCB bandit: ${pct(share("ucb"))} of the exhaustive search's scoring calls over the ${rows.length} tasks (at most ${pct(maxShare("ucb"))} on one task); winner's test score within 0.02 of the exhaustive winner's (or better) on ${within("ucb")}/${rows.length} tasks.`,
  `- Adaptive filtering: ${pct(share("filter"))} of the calls (at most ${pct(maxShare("filter"))}); within 0.02 on ${within("filter")}/${rows.length} tasks.`,
  `- Call cache: a repeated search sent ${repeated.calls} calls (${repeated.cached} answered from the cache) and took ${repeated.seconds.toFixed(2)} s, against ${concurrent.seconds.toFixed(2)} s uncached.`,
  `- Concurrency: 8 requests in flight took ${concurrent.seconds.toFixed(2)} s against ${serial.seconds.toFixed(2)} s one at a time for the same ${serial.calls} calls (${(serial.seconds / concurrent.seconds).toFixed(2)}×; a local simulated server, so this is client overhead, not model time).`,
];
const section = `${generatedNote("npx tsx bench/ape.bench.ts", `${candidates} proposals per task, deterministic simulated scorer, ${seconds.toFixed(0)} s`)}

${summary.join("\n")}

${table}`;
await spliceDocSection("docs/ape.md", "bench:ape", section, "bench/ape.bench.ts");
await writeJsonAtomic("bench/results/ape.json", {
  machine: machine0,
  candidates,
  rows,
  shares: { ucb: share("ucb"), filter: share("filter") },
  within: { ucb: within("ucb"), filter: within("filter") },
  cache: { serial, concurrent, repeated },
});
console.log(machineLine(machine0));
console.log(summary.join("\n"));
