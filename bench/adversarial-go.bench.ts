/**
 * Adversarial Go bench (board speed has its own: adversarial-go-speed.bench.ts): seeded attack matches against GNU Go with the default
 * configuration of `go attack` (9x9 at GNU Go's default level; 9x9 level 1 Chinese rules; 13x13 level 1;
 * contrast rows: --capture-all-dead, --harden, and the no-exploit baseline), in parallel worker
 * processes, with Wilson intervals, per-game margins and the loss-cause table. Every finished game is
 * appended to bench/results/adversarial-go/<condition>.jsonl, so an interrupted or shorter run is
 * extended by running again with more games (finished games are kept, never replayed). Writes
 * bench/results/adversarial-go.json, SGFs under bench/results/adversarial-go-games/, figures under
 * docs/figures/ and the results section of docs/adversarial-go.md.
 *
 *   npx tsx bench/adversarial-go.bench.ts                      # the full run: 100 games per setting
 *   npx tsx bench/adversarial-go.bench.ts --games 12 --side-games 4 --parallel 1
 *   npx tsx bench/adversarial-go.bench.ts --report-only        # tables and figures from the games played so far
 *   npx tsx bench/adversarial-go.bench.ts --quick              # 2 games per condition into *-quick files
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { readJsonl, writeFileAtomic, writeJsonAtomic } from "../src/core/index.js";
import { markdownTable } from "../src/report/index.js";
import {
  type AttackOptions,
  type AttackReport,
  type AttackResultLine,
  classifyLossCause,
  type LossCause,
  parseSgf,
  resolveAttack,
  runAttack,
  scoreTrompTaylor,
  sgfToGame,
  strandedStones,
  summariseAttack,
} from "../src/systems/adversarial-go/index.js";
import { machine, spliceDocSection } from "./lib.js";

const GNUGO = "/usr/games/gnugo";
const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes("--quick");
const reportOnly = argv.includes("--report-only");
// --report-only reads every game played so far unless --games/--side-games cap it.
const mainGames = Number(flag("--games") ?? (quick ? 2 : reportOnly ? 1e9 : 100));
const sideGames = Number(flag("--side-games") ?? (quick ? 2 : mainGames));
const parallel = Number(flag("--parallel") ?? Math.max(1, availableParallelism() - 1));
const only = flag("--only")?.split(",");
const seed = 1;

/** Figures of the full run go into the docs; a quick run keeps its own beside its results. */
const figDir = quick ? "bench/results" : "docs/figures";

// ---------- attack matches ----------

interface Condition {
  id: string;
  label: string;
  options: Omit<AttackOptions, "onProgress" | "signal" | "games">;
  games: number;
}
const base = `${GNUGO} --mode gtp`;
// Every condition runs `go attack`'s default configuration (GNU Go as the adversary's own move policy,
// GNU Go --level 0 as the in-tree victim model, 2000 visits, planting judged by the policy engine); only the victim
// (and the adversary's passing in the baseline) changes.
const allConditions: Condition[] = [
  { id: "default", label: "GNU Go default (level 10), 9x9", options: { victim: base, seed }, games: mainGames },
  {
    id: "capture-all-dead",
    label: "GNU Go --capture-all-dead, 9x9",
    options: { victim: base, captureAllDead: true, seed },
    games: sideGames,
  },
  { id: "harden", label: "GNU Go behind --harden, 9x9", options: { victim: base, harden: true, seed }, games: sideGames },
  {
    id: "baseline-no-exploit",
    label: "baseline: adversary passes when its GNU Go policy does, no planting, 9x9",
    options: { victim: base, harvest: false, adversaryPassing: "search", seed },
    games: sideGames,
  },
  {
    id: "level1-chinese",
    label: "GNU Go --level 1 --chinese-rules, 9x9",
    options: { victim: `${base} --level 1 --chinese-rules`, seed },
    games: sideGames,
  },
  {
    id: "13x13",
    label: "GNU Go --level 1, 13x13",
    options: { victim: `${base} --level 1`, size: 13, seed },
    games: sideGames,
  },
  {
    id: "pass-model-level0",
    label: "plants judged by the in-tree level-0 model instead of the policy engine, 9x9",
    options: { victim: base, passModel: "victim-model", seed },
    games: sideGames,
  },
];
const conditions = allConditions.filter((c) => !only || only.includes(c.id));

type Row = { id: string; label: string; report: AttackReport; seconds: number };
const summary: Row[] = [];
const tag = quick ? "-quick" : "";
const resultsFile = (id: string) => `bench/results/adversarial-go${tag}/${id}.jsonl`;
if (!existsSync(GNUGO) && !reportOnly) {
  console.error(`${GNUGO} is missing: install it with "apt-get install -y gnugo". Only the speed part ran.`);
} else {
  for (const c of conditions) {
    const t0 = Date.now();
    let report: AttackReport;
    if (reportOnly) {
      const lines = await readJsonl<AttackResultLine>(resultsFile(c.id));
      if (!lines.length) continue;
      const settings = resolveAttack(c.options).settings;
      const games = lines
        .map(({ fingerprint: _f, settings: _s, ...g }) => g)
        .filter((g) => g.game <= c.games)
        .sort((x, y) => x.game - y.game);
      report = summariseAttack(settings, games, games.length);
    } else {
      report = await runAttack({
        ...c.options,
        games: c.games,
        parallel,
        results: resultsFile(c.id),
        sgfDir: `bench/results/adversarial-go-games${tag}/${c.id}`,
        onProgress: (e) => {
          if (e.kind === "log") process.stderr.write(`  ${c.id}: ${e.message} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
        },
      });
    }
    summary.push({ id: c.id, label: c.label, report, seconds: (Date.now() - t0) / 1000 });
    console.log(
      `${c.label}: adversary ${report.adversaryWins}/${report.scored} (${(report.winRate * 100).toFixed(1)}%, Wilson ${report.wilson95.map((v) => (v * 100).toFixed(1)).join("-")}%), forfeits ${report.forfeits}`,
    );
  }
}

// ---------- outputs ----------

const hardware = machine();
await writeJsonAtomic(`bench/results/adversarial-go${tag}.json`, { seed, quick, parallel, machine: hardware, conditions: summary });

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
    s += `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${r.label.replace(/&/g, "&amp;").replace(/</g, "&lt;")} (n=${rep.scored})</text>`;
    s += `<rect x="${x(0)}" y="${y + 3}" width="${x(rep.winRate) - x(0)}" height="${rowH - 10}" fill="${r.id === "default" ? "#D55E00" : r.id.startsWith("baseline") ? "#999" : "#0072B2"}"/>`;
    s += `<line x1="${x(rep.wilson95[0])}" y1="${y + rowH / 2 - 2}" x2="${x(rep.wilson95[1])}" y2="${y + rowH / 2 - 2}" stroke="#000" stroke-width="2"/>`;
    s += `<text x="${x(rep.winRate) + 4}" y="${y + 15}">${rep.adversaryWins}/${rep.scored}</text>`;
  });
  return `${s}</svg>\n`;
}

/** Per-game Tromp-Taylor margins (adversary's side) per condition: one dot per game. */
function marginFigure(rows: typeof summary): string {
  const w = 980;
  const rowH = 34;
  const left = 520;
  const h = 56 + rows.length * rowH;
  const all = rows.flatMap((r) => r.report.results.filter((g) => g.winner !== "forfeit").map((g) => g.margin));
  const lo = Math.min(-10, ...all);
  const hi = Math.max(10, ...all);
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (w - left - 30);
  let s = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" font-family="system-ui, sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/>`;
  s += `<text x="${w / 2}" y="18" text-anchor="middle" font-size="14">Tromp-Taylor margin per game, adversary's side (right of 0: adversary won)</text>`;
  const step = hi - lo > 80 ? 20 : 10;
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step)
    s += `<line x1="${x(t)}" y1="28" x2="${x(t)}" y2="${h - 16}" stroke="${t === 0 ? "#000" : "#ddd"}"/><text x="${x(t)}" y="${h - 3}" text-anchor="middle">${t}</text>`;
  rows.forEach((r, i) => {
    const y = 36 + i * rowH;
    s += `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${r.label.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</text>`;
    r.report.results.forEach((g, k) => {
      if (g.winner === "forfeit") return;
      const jitter = ((k * 7) % 11) - 5;
      s += `<circle cx="${x(g.margin).toFixed(1)}" cy="${y + 11 + jitter}" r="3.5" fill="${g.margin > 0 ? "#0072B2" : "#D55E00"}" opacity="0.7"/>`;
    });
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
  await writeFileAtomic(`${figDir}/adversarial-go-winrates${tag}.svg`, winRateFigure(summary));
  await writeFileAtomic(`${figDir}/adversarial-go-margins${tag}.svg`, marginFigure(summary));
  const main = summary.find((r) => r.id === "default");
  const flip = main?.report.results.find((r) => r.winner === "adversary" && r.flipped);
  if (flip) {
    const fig = positionFigure(flip.sgf);
    if (fig) await writeFileAtomic(`${figDir}/adversarial-go-final-position${tag}.svg`, fig);
  }
}

// The results section of docs/adversarial-go.md, between markers.
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const rows = summary.map((r) => {
  const rep = r.report;
  const flips = rep.results.filter((g) => g.flipped).length;
  const victimPassed = rep.results.filter((g) => g.victimPassAt !== null).length;
  const margins = rep.results
    .filter((g) => g.winner !== "forfeit")
    .map((g) => g.margin)
    .sort((x, y) => x - y);
  const median = margins.length ? (margins[Math.floor((margins.length - 1) / 2)] as number) : Number.NaN;
  return [
    r.label,
    `${rep.adversaryWins}/${rep.scored}`,
    pct(rep.winRate),
    `${pct(rep.wilson95[0])}–${pct(rep.wilson95[1])}`,
    `${rep.byColor.B.wins}/${rep.byColor.B.games}`,
    `${rep.byColor.W.wins}/${rep.byColor.W.games}`,
    rep.forfeits,
    flips,
    victimPassed,
    margins.length ? `${margins[0]} / ${median} / ${margins.at(-1)}` : "–",
  ];
});
const causeNames: Record<LossCause, string> = {
  "victim-never-passed": "lost: the victim never passed",
  "fight-lost": "lost: behind by more than the victim's open area when it passed (the adversary's own moves lost the fight)",
  "planting-too-late": "lost: recoverable when the victim passed, the plants did not recover it",
  "victim-model-misjudged-pass": "lost: the victim answered a plant the victim model said it would ignore",
  "adversary-passed-behind": "lost: the adversary passed while behind",
  "narrow-win-passed-at-once": "won by ≤ 2.5: the count already won when the victim first passed; the adversary passed at once",
  "narrow-win-after-plants": "won by ≤ 2.5: behind when the victim first passed, planted until the count won, then passed",
};
const causes = Object.keys(causeNames) as LossCause[];
const causeRows = causes
  .map((c) => [
    causeNames[c],
    ...summary.map((r) => r.report.results.filter((g) => classifyLossCause(g.analysis, g.winner, g.margin) === c).length),
  ])
  .filter((row) => row.slice(1).some((v) => Number(v) > 0));
const marginLines = summary.map(
  (r) =>
    `- ${r.label}: ${r.report.results.map((g) => (g.winner === "forfeit" ? `#${g.game} forfeit` : `${g.margin > 0 ? "+" : ""}${g.margin}`)).join(", ")}`,
);
const section = [
  "",
  `Run: \`npx tsx bench/adversarial-go.bench.ts${quick ? " --quick" : ""}\` (seeded and resumable: the games per setting are in the table) on ${hardware.cpu} (${hardware.cores} cores, shared with other work), Node ${hardware.node}, match seed ${seed}; GNU Go 3.8 seeded per game.`,
  "",
  "**Attack matches** (`go attack`'s default configuration in every row: A-MCTS-S, the victim command as the adversary's own move policy, GNU Go `--level 0` of the victim's rules as the in-tree victim model from a node's 30th visit, 2000 visits, light playouts, planting after a victim pass judged by the policy engine; Tromp-Taylor, komi 6.5, colours alternating, adversary Black in odd games; win rates over games decided on the board, forfeits apart):",
  "",
  markdownTable(
    [
      "victim",
      "adversary wins",
      "win rate",
      "Wilson 95%",
      "as Black",
      "as White",
      "forfeits",
      "flips",
      "victim passed",
      "margin min / median / max",
    ],
    rows,
  ),
  "",
  "A *flip*: the victim's own `final_score` says it won, Tromp-Taylor says it lost. Margins are Tromp-Taylor points from the adversary's side, komi included.",
  "",
  "**Loss causes** (every lost, drawn or narrowly won game, classified by `analyseAttackGame` from its moves):",
  "",
  causeRows.length ? markdownTable(["cause", ...summary.map((r) => r.id)], causeRows) : "No game was lost or won by 2.5 points or less.",
  "",
  "**Per-game margins** (game 1, 2, …):",
  "",
  ...marginLines,
  "",
  `![win rates](figures/adversarial-go-winrates${tag}.svg)`,
  "",
  `![margins](figures/adversarial-go-margins${tag}.svg)`,
  "",
  existsSync(`docs/figures/adversarial-go-final-position${tag}.svg`)
    ? `![a flipped game's final position](figures/adversarial-go-final-position${tag}.svg)`
    : "",
  "",
].join("\n");
if (!quick) await spliceDocSection("docs/adversarial-go.md", "bench", section, "bench/adversarial-go.bench.ts");
else console.log(section);
console.log(`wrote bench/results/adversarial-go${quick ? "-quick" : ""}.json`);
