/**
 * Adversarial Go bench: board speed (random playouts/s on 9x9 and 19x19 against a naive clone-per-move
 * board measured in the same run) and the attack matches against GNU Go (default level 9x9 komi 6.5,
 * then --capture-all-dead, --harden, other levels/rules, larger boards, and a plain MCTS adversary
 * without the pass exploit as the baseline). Writes bench/results/adversarial-go.json, per-condition
 * JSONL (resumable), SGFs under bench/results/adversarial-go-games/, figures under docs/figures/ and
 * the results section of docs/adversarial-go.md.
 *
 *   npx tsx bench/adversarial-go.bench.ts            # full run (20 games at the default level; ~40 min on a busy 2-core box)
 *   npx tsx bench/adversarial-go.bench.ts --quick    # 2 games per condition, speed only 1 s per size
 */
import { existsSync, readFileSync } from "node:fs";
import { JsonlAppender, writeFileAtomic, writeJsonAtomic } from "../src/core/index.js";
import { markdownTable } from "../src/report/index.js";
import {
  type AttackOptions,
  type AttackReport,
  measurePlayoutSpeed,
  parseSgf,
  runAttack,
  scoreTrompTaylor,
  sgfToGame,
  strandedStones,
} from "../src/systems/adversarial-go/index.js";
import { machine, spliceDocSection } from "./lib.js";

const GNUGO = "/usr/games/gnugo";
const quick = process.argv.includes("--quick");
const gamesArg = process.argv.indexOf("--games");
const mainGames = gamesArg > 0 ? Number(process.argv[gamesArg + 1]) : quick ? 2 : 20;
const sideGames = quick ? 2 : Math.max(2, Math.round(mainGames / 2.5));
const seed = 1;

// ---------- board speed ----------

/** A naive board for the baseline: plain arrays, cloned on every move, flood-fill liberty checks. */
function naivePlayouts(size: number, seconds: number): { playoutsPerSecond: number } {
  let s = 12345;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const nbrs = (i: number) => {
    const x = i % size;
    const y = (i / size) | 0;
    const out: number[] = [];
    if (x > 0) out.push(i - 1);
    if (x < size - 1) out.push(i + 1);
    if (y > 0) out.push(i - size);
    if (y < size - 1) out.push(i + size);
    return out;
  };
  const group = (b: number[], i: number) => {
    const c = b[i];
    const seen = new Set([i]);
    const st = [i];
    let libs = 0;
    while (st.length) {
      const q = st.pop() as number;
      for (const n of nbrs(q)) {
        if (b[n] === 0) libs++;
        else if (b[n] === c && !seen.has(n)) {
          seen.add(n);
          st.push(n);
        }
      }
    }
    return { stones: [...seen], libs };
  };
  const play = (b: number[], i: number, c: number): number[] | null => {
    const nb = b.slice();
    nb[i] = c;
    for (const n of nbrs(i)) if (nb[n] === 3 - c && group(nb, n).libs === 0) for (const q of group(nb, n).stones) nb[q] = 0;
    if (group(nb, i).libs === 0) return null;
    return nb;
  };
  const eye = (b: number[], i: number, c: number) => nbrs(i).every((n) => b[n] === c);
  let playouts = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    let b = new Array(size * size).fill(0);
    let c = 1;
    let passes = 0;
    let moves = 0;
    while (passes < 2 && moves < size * size * 3) {
      const empties = b.flatMap((v, i) => (v === 0 ? [i] : []));
      let played = false;
      while (empties.length) {
        const k = (rand() * empties.length) | 0;
        const i = empties[k] as number;
        empties.splice(k, 1);
        if (eye(b, i, c)) continue;
        const nb = play(b, i, c);
        if (nb) {
          b = nb;
          played = true;
          break;
        }
      }
      passes = played ? 0 : passes + 1;
      moves++;
      c = 3 - c;
    }
    playouts++;
  }
  return { playoutsPerSecond: playouts / ((performance.now() - t0) / 1000) };
}

const speedSeconds = quick ? 1 : 3;
/** Figures of the full run go into the docs; a quick run keeps its own beside its results. */
const figDir = quick ? "bench/results" : "docs/figures";
const speed = [9, 19].map((size) => {
  const ours = measurePlayoutSpeed(size, speedSeconds, seed);
  const naive = naivePlayouts(size, speedSeconds);
  const ratio = ours.playoutsPerSecond / naive.playoutsPerSecond;
  console.log(
    `${size}x${size}: ${Math.round(ours.playoutsPerSecond)} playouts/s (naive clone-per-move board: ${Math.round(naive.playoutsPerSecond)}/s, ratio ${ratio.toFixed(1)}x)`,
  );
  return { ...ours, naivePlayoutsPerSecond: naive.playoutsPerSecond, ratio };
});

// ---------- attack matches ----------

interface Condition {
  id: string;
  label: string;
  options: Omit<AttackOptions, "onProgress" | "signal">;
}
const base = `${GNUGO} --mode gtp`;
const model = `${GNUGO} --mode gtp --level 0`;
// The adversary: A-MCTS-S whose own move policy is GNU Go itself (standing in for the paper's trained
// policy net), with the victim model queried inside the tree, the Tromp-Taylor passing rule and harvest.
const adversary = {
  adversary: "a-mcts-s" as const,
  visits: 2000,
  playout: "light" as const,
  victimModel: model,
  victimModelAfter: 30,
  seed,
};
const side = sideGames;
const conditions: Condition[] = [
  {
    id: "default",
    label: "GNU Go default (level 10), 9x9",
    options: { victim: base, games: mainGames, ...adversary, adversaryPolicy: base },
  },
  {
    id: "capture-all-dead",
    label: "GNU Go --capture-all-dead, 9x9",
    options: {
      victim: base,
      captureAllDead: true,
      games: side,
      ...adversary,
      adversaryPolicy: base,
      victimModel: `${model} --capture-all-dead`,
    },
  },
  {
    id: "harden",
    label: "GNU Go behind --harden, 9x9",
    options: { victim: base, harden: true, games: side, ...adversary, adversaryPolicy: base },
  },
  {
    id: "no-harvest",
    label: "same adversary without harvest, 9x9",
    options: { victim: base, games: side, ...adversary, adversaryPolicy: base, harvest: false },
  },
  {
    id: "baseline-no-exploit",
    label: "baseline: passes when GNU Go does, no harvest, 9x9",
    options: { victim: base, games: side, ...adversary, adversaryPolicy: base, harvest: false, adversaryPassing: "search" },
  },
  {
    id: "chinese",
    label: "GNU Go --chinese-rules --positional-superko --allow-suicide, 9x9",
    options: {
      victim: `${base} --chinese-rules --positional-superko --allow-suicide`,
      games: side,
      ...adversary,
      adversaryPolicy: base,
      victimModel: `${model} --chinese-rules`,
    },
  },
  {
    id: "level1",
    label: "GNU Go --level 1, 9x9",
    options: { victim: `${base} --level 1`, games: side, ...adversary, adversaryPolicy: `${base} --level 1` },
  },
  {
    id: "13x13",
    label: "GNU Go --level 1, 13x13",
    options: {
      victim: `${base} --level 1`,
      size: 13,
      games: quick ? 2 : 4,
      ...adversary,
      visits: 1000,
      adversaryPolicy: `${base} --level 1`,
    },
  },
  {
    id: "19x19",
    label: "GNU Go --level 1, 19x19",
    options: { victim: `${base} --level 1`, size: 19, games: 2, ...adversary, visits: 500, adversaryPolicy: `${base} --level 1` },
  },
];

const summary: {
  id: string;
  label: string;
  report: Omit<AttackReport, "results"> & { results: Omit<AttackReport["results"][number], "sgf">[] };
}[] = [];
const store = await JsonlAppender.open<(typeof summary)[number]>(`bench/results/adversarial-go-${quick ? "quick" : "full"}.jsonl`);
const done = new Map(store.records.map((r) => [r.id, r]));
if (!existsSync(GNUGO)) {
  console.error(`${GNUGO} is missing: install it with "apt-get install -y gnugo". Only the speed part ran.`);
} else {
  for (const c of conditions) {
    const prev = done.get(c.id);
    if (prev && prev.report.games === c.options.games) {
      summary.push(prev);
      console.log(`${c.label}: ${prev.report.adversaryWins}/${prev.report.games} (resumed)`);
      continue;
    }
    const t0 = Date.now();
    const report = await runAttack({
      ...c.options,
      sgfDir: `bench/results/adversarial-go-games${quick ? "-quick" : ""}/${c.id}`,
      onProgress: (e) => {
        if (e.kind === "step")
          process.stderr.write(`  ${c.id}: game ${e.done}/${e.total} ${e.detail ?? ""} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
      },
    });
    const rec = {
      id: c.id,
      label: c.label,
      report: { ...report, results: report.results.map(({ sgf: _sgf, ...r }) => r) },
      seconds: (Date.now() - t0) / 1000,
    };
    await store.append(rec);
    summary.push(rec);
    console.log(
      `${c.label}: adversary ${report.adversaryWins}/${report.games} (${(report.winRate * 100).toFixed(1)}%, Wilson ${report.wilson95.map((v) => (v * 100).toFixed(1)).join("-")}%)`,
    );
  }
}

// ---------- outputs ----------

const hardware = machine();
await writeJsonAtomic(`bench/results/adversarial-go${quick ? "-quick" : ""}.json`, {
  seed,
  quick,
  machine: hardware,
  speed,
  conditions: summary,
});

function winRateFigure(rows: typeof summary): string {
  const w = 980;
  const rowH = 30;
  const left = 520;
  const h = 50 + rows.length * rowH;
  const x = (v: number) => left + v * (w - left - 60);
  let s = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/>`;
  s += `<text x="${w / 2}" y="18" text-anchor="middle" font-size="14">Adversary win rate under Tromp-Taylor (bars) with Wilson 95% intervals</text>`;
  for (const t of [0, 0.25, 0.5, 0.75, 1])
    s += `<line x1="${x(t)}" y1="28" x2="${x(t)}" y2="${h - 14}" stroke="#ddd"/><text x="${x(t)}" y="${h - 2}" text-anchor="middle">${t * 100}%</text>`;
  rows.forEach((r, i) => {
    const y = 34 + i * rowH;
    const rep = r.report;
    s += `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${r.label.replace(/&/g, "&amp;").replace(/</g, "&lt;")} (n=${rep.games})</text>`;
    s += `<rect x="${x(0)}" y="${y + 3}" width="${x(rep.winRate) - x(0)}" height="${rowH - 10}" fill="${r.id === "default" ? "#D55E00" : r.id.startsWith("baseline") ? "#999" : "#0072B2"}"/>`;
    s += `<line x1="${x(rep.wilson95[0])}" y1="${y + rowH / 2 - 2}" x2="${x(rep.wilson95[1])}" y2="${y + rowH / 2 - 2}" stroke="#000" stroke-width="2"/>`;
    s += `<text x="${x(rep.winRate) + 4}" y="${y + 15}">${rep.adversaryWins}/${rep.games}</text>`;
  });
  return `${s}</svg>\n`;
}

/** The final position of a won game: stones, Tromp-Taylor ownership, stranded adversary stones. */
function positionFigure(sgfPath: string): string | null {
  if (!existsSync(sgfPath)) return null;
  const sgf = parseSgf(readFileSync(sgfPath, "utf8"), sgfPath);
  const g = sgfToGame(sgf);
  const n = g.size;
  const c = 30;
  const pad = 24;
  const w = pad * 2 + c * (n - 1);
  const sc = scoreTrompTaylor(g.board, g.komi);
  const victimColor = (sgf.playerBlack ?? "").startsWith("yomikai") ? 2 : 1;
  const stranded = new Set(strandedStones(g.board, victimColor));
  let s = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${w + 40}" font-family="system-ui, sans-serif" font-size="12"><rect width="100%" height="100%" fill="#dcb35c"/>`;
  for (let i = 0; i < n; i++) {
    s += `<line x1="${pad}" y1="${pad + i * c}" x2="${pad + (n - 1) * c}" y2="${pad + i * c}" stroke="#333"/><line x1="${pad + i * c}" y1="${pad}" x2="${pad + i * c}" y2="${pad + (n - 1) * c}" stroke="#333"/>`;
  }
  g.board.points().forEach((p, i) => {
    const [px, py] = [pad + (i % n) * c, pad + Math.floor(i / n) * c];
    const own = sc.ownership[i];
    if (own !== 0) s += `<rect x="${px - 9}" y="${py - 9}" width="18" height="18" fill="${own === 1 ? "#000" : "#fff"}" opacity="0.35"/>`;
    const col = g.board.color[p];
    if (col === 1 || col === 2)
      s += `<circle cx="${px}" cy="${py}" r="${c / 2 - 1}" fill="${col === 1 ? "#111" : "#f4f4f4"}" stroke="#000"/>`;
    if (stranded.has(p)) s += `<circle cx="${px}" cy="${py}" r="5" fill="#d22"/>`;
  });
  s += `<text x="${w / 2}" y="${w + 14}" text-anchor="middle">Tromp-Taylor: Black ${sc.black}, White ${sc.white} + ${g.komi}, neutral ${sc.neutral}</text>`;
  s += `<text x="${w / 2}" y="${w + 30}" text-anchor="middle">red dots: adversary stones left in the victim's area (squares: ownership)</text>`;
  return `${s}</svg>\n`;
}

if (summary.length) {
  await writeFileAtomic(`${figDir}/adversarial-go-winrates${quick ? "-quick" : ""}.svg`, winRateFigure(summary));
  const main = summary.find((r) => r.id === "default");
  const flipGame = main?.report.results.findIndex((r) => r.winner === "adversary" && r.flipped);
  if (main && flipGame !== undefined && flipGame >= 0) {
    const r = main.report.results[flipGame];
    const fig = positionFigure(
      `bench/results/adversarial-go-games/default/game-${String(flipGame + 1).padStart(3, "0")}-adv${r?.adversaryColor}.sgf`,
    );
    if (fig) await writeFileAtomic(`${figDir}/adversarial-go-final-position${quick ? "-quick" : ""}.svg`, fig);
  }
}

// The results section of docs/adversarial-go.md, between markers.
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const rows = summary.map((r) => {
  const rep = r.report;
  const flips = rep.results.filter((g) => g.flipped).length;
  const victimPassed = rep.results.filter((g) => g.victimPassAt !== null).length;
  return [
    r.label,
    `${rep.adversaryWins}/${rep.games}`,
    pct(rep.winRate),
    `${pct(rep.wilson95[0])}–${pct(rep.wilson95[1])}`,
    `${rep.byColor.B.wins}/${rep.byColor.B.games}`,
    `${rep.byColor.W.wins}/${rep.byColor.W.games}`,
    flips,
    victimPassed,
  ];
});
const section = [
  "",
  `Run: \`npx tsx bench/adversarial-go.bench.ts${quick ? " --quick" : ""}\` on ${hardware.cpu} (${hardware.cores} cores, shared), Node ${hardware.node}, seed ${seed}.`,
  "",
  "**Board speed** (random playouts from the empty board with Tromp-Taylor counting, one thread; baseline: a naive clone-per-move array board measured in the same run):",
  "",
  markdownTable(
    ["board", "playouts/s", "moves/playout", "naive board playouts/s", "ratio"],
    speed.map((r) => [
      `${r.size}x${r.size}`,
      Math.round(r.playoutsPerSecond),
      r.movesPerPlayout.toFixed(1),
      Math.round(r.naivePlayoutsPerSecond),
      `${r.ratio.toFixed(1)}x`,
    ]),
  ),
  "",
  `**Attack matches** (adversary: A-MCTS-S with GNU Go of the victim's level as its own move policy (\`--adversary-policy\`), ${adversary.visits} visits (fewer on 13x13/19x19), light playouts, victim model \`${model}\` consulted from the ${adversary.victimModelAfter}th visit of a victim node and at once after a victim pass, harvest on unless noted; Tromp-Taylor, komi 6.5, colours alternating, adversary Black in odd games):`,
  "",
  markdownTable(
    ["victim", "adversary wins", "win rate", "Wilson 95%", "as Black", "as White", "flips", "games where the victim passed"],
    rows,
  ),
  "",
  "A *flip*: the victim's own `final_score` says it won, Tromp-Taylor says it lost.",
  "",
  `![win rates](figures/adversarial-go-winrates${quick ? "-quick" : ""}.svg)`,
  "",
  existsSync(`docs/figures/adversarial-go-final-position${quick ? "-quick" : ""}.svg`)
    ? `![a flipped game's final position](figures/adversarial-go-final-position${quick ? "-quick" : ""}.svg)`
    : "",
  "",
].join("\n");
if (!quick) await spliceDocSection("docs/adversarial-go.md", "bench", section, "bench/adversarial-go.bench.ts");
else console.log(section);
console.log(`wrote bench/results/adversarial-go${quick ? "-quick" : ""}.json`);
