import { availableParallelism } from "node:os";
import { ExternalError } from "../../../core/index.js";
import { runAttack, tallyLossCauses } from "../../../systems/adversarial-go/index.js";
import { defineCommand, outputFolder } from "../../framework.js";

/** Default `--parallel`: one game per core, one core left for the rest. */
const DEFAULT_PARALLEL = Math.max(1, availableParallelism() - 1);

/** `yomikai go attack`: the adversary against a GTP victim, N games, alternating colours. */
export const AttackCommand = defineCommand({
  name: "attack",
  summary: "Play the adversary (A-MCTS-S, A-MCTS-R or MCTS) against a GTP victim under Tromp-Taylor rules.",
  usage: '--victim "<gtp command>" [--adversary a-mcts-s] [--games N] [--json]',
  description:
    "Games alternate colours (the adversary is Black in game 1). Every game is scored by Tromp-Taylor area counting (no dead-stone removal): stones the victim left in its area count for the adversary. The adversary passes when the victim has just passed and the Tromp-Taylor count already wins, and plants stones in the victim's area when it does not. By default the adversary's own moves come from the victim command itself (--adversary-policy) and, for GNU Go, the in-tree victim model is GNU Go at --level 0, consulted from a node's 30th visit (the configuration of docs/adversarial-go.md); each game's GNU Go engines get --seed derived from --seed and the game number, so the same seed gives the same games. A side whose engine crashes, hangs (--timeout) or answers an illegal move forfeits that game: forfeits are reported apart and are not in the win rate; a match of forfeits only exits 1. --results appends each finished game to a JSONL file and resumes from it. --harden wraps the victim in the paper's pass-alive defence; --capture-all-dead passes GNU Go's own defence flag.",
  flags: {
    victim: { type: "string", description: "GTP command line of the victim.", required: true, placeholder: "CMD" },
    adversary: { type: "string", description: "Adversary search.", choices: ["a-mcts-s", "a-mcts-r", "mcts"], default: "a-mcts-s" },
    "victim-model": {
      type: "string",
      description:
        "GTP command the A-MCTS search queries as the victim model (default: for GNU Go the victim command at --level 0, else the victim command).",
      placeholder: "CMD",
    },
    "victim-model-depth": {
      type: "number",
      description: "Victim plies below the root that consult the victim model.",
      default: 1,
      integer: true,
      min: 1,
      max: 64,
    },
    "victim-model-after": {
      type: "number",
      description: "Victim-model budget: a victim node consults the model from its N-th visit on (at once right after a victim pass).",
      default: 30,
      integer: true,
      min: 1,
    },
    "adversary-policy": {
      type: "string",
      description:
        "GTP command whose genmove is the adversary's own move policy (stands in for the paper's trained policy net); default: the victim command without --capture-all-dead; \"none\" searches every move.",
      placeholder: "CMD",
    },
    passing: {
      type: "string",
      description:
        "Adversary passing rule: tromp-taylor (pass when the victim just passed and the count wins) or search (follow the policy's passes).",
      choices: ["tromp-taylor", "search"],
      default: "tromp-taylor",
    },
    "no-harvest": { type: "boolean", description: "Do not plant stones in the victim's area after it passes." },
    "pass-model": {
      type: "string",
      description:
        "Model that says whether the victim passes again after a plant: policy (the adversary's policy engine, victim strength) or victim-model (the cheap in-tree model).",
      choices: ["policy", "victim-model"],
    },
    "last-resort-plants": {
      type: "boolean",
      description:
        "After a victim pass that leaves the count losing and no plant with two liberties, plant where the stone has one liberty (passing would lose for certain).",
    },
    "widen-to": {
      type: "number",
      description:
        "After a victim pass that already wins, keep planting while the margin is below this many points and the victim model expects another pass (0: pass at once).",
      default: 0,
      min: 0,
    },
    size: { type: "number", description: "Board size.", default: 9, integer: true, min: 9, max: 19 },
    komi: { type: "number", description: "Komi for White.", default: 6.5 },
    games: { type: "number", description: "Number of games.", default: 2, integer: true, min: 1, max: 10000 },
    visits: { type: "number", description: "Adversary simulations per move.", default: 2000, integer: true, min: 1, max: 1000000 },
    selection: { type: "string", description: "Tree selection rule.", choices: ["uct", "puct"], default: "uct" },
    playout: { type: "string", description: "Playout policy at leaves.", choices: ["random", "light"], default: "light" },
    seed: {
      type: "number",
      description: "Match seed: game i searches with seed+i and GNU Go engines get --seed derived from it and the game number.",
      default: 1,
      integer: true,
    },
    parallel: {
      type: "number",
      description: `Games played at once, each in its own process (results equal a serial run; default: cores - 1 = ${DEFAULT_PARALLEL}).`,
      integer: true,
      min: 1,
      max: 256,
    },
    results: {
      type: "string",
      description: "Append each finished game to this JSONL file; games already in it (same settings) are not played again.",
      placeholder: "FILE",
    },
    "max-moves": {
      type: "number",
      description: "Move cap per game (default 4*size^2); the game is then scored as it stands.",
      integer: true,
      min: 1,
    },
    timeout: {
      type: "number",
      description: "Seconds the victim may take per GTP command before it forfeits the game.",
      default: 60,
      min: 0.1,
    },
    harden: {
      type: "boolean",
      description: "Wrap the victim in the pass-alive defence (never passes with stranded opponent stones in its area).",
    },
    "capture-all-dead": { type: "boolean", description: "Append GNU Go's --capture-all-dead to the victim command." },
    "sgf-dir": { type: "string", description: "Write one SGF per game into this folder.", placeholder: "DIR" },
  },
  examples: [
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp" --games 1',
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp" --games 20 --seed 1 --results runs/gnugo.jsonl --sgf-dir runs/gnugo --json',
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp --level 1" --capture-all-dead --games 4',
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp --level 1" --harden --games 4',
  ],
  docs: "docs/adversarial-go.md",
  async run({ flags, progress, print, printJson, signal }) {
    if (flags.sgfDir) outputFolder(flags.sgfDir, "--sgf-dir");
    const report = await runAttack({
      victim: flags.victim,
      adversary: flags.adversary as "a-mcts-s",
      ...(flags.victimModel ? { victimModel: flags.victimModel } : {}),
      victimModelDepth: flags.victimModelDepth,
      victimModelAfter: flags.victimModelAfter,
      ...(flags.adversaryPolicy ? { adversaryPolicy: flags.adversaryPolicy === "none" ? null : flags.adversaryPolicy } : {}),
      harvest: !flags.noHarvest,
      widenTo: flags.widenTo,
      lastResortPlants: flags.lastResortPlants,
      ...(flags.passModel ? { passModel: flags.passModel as "policy" } : {}),
      adversaryPassing: flags.passing as "tromp-taylor",
      size: flags.size,
      komi: flags.komi,
      games: flags.games,
      visits: flags.visits,
      selection: flags.selection as "uct",
      playout: flags.playout as "random",
      seed: flags.seed,
      ...(flags.maxMoves ? { maxMoves: flags.maxMoves } : {}),
      timeoutMs: flags.timeout * 1000,
      harden: flags.harden,
      captureAllDead: flags.captureAllDead,
      ...(flags.sgfDir ? { sgfDir: flags.sgfDir } : {}),
      ...(flags.results ? { results: flags.results } : {}),
      parallel: Math.min(flags.parallel ?? DEFAULT_PARALLEL, flags.games),
      onProgress: progress,
      signal,
    });
    const allForfeited = report.forfeits > 0 && report.scored === 0;
    const forfeitText = Object.entries(report.forfeitReasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    const failMessage = `Every game was a forfeit (${forfeitText}), so nothing was measured: ${
      report.forfeitReasons["victim-timeout"]
        ? `the victim did not answer within --timeout ${flags.timeout} s; raise --timeout`
        : "check the engine commands"
    }.`;
    if (flags.json) {
      printJson(report);
      if (allForfeited) throw new ExternalError(failMessage);
      return;
    }
    if (allForfeited) throw new ExternalError(failMessage);
    print(`victim: ${report.settings.victim}${flags.harden ? " (hardened)" : ""}`);
    print(
      `adversary: ${report.settings.adversary}, ${report.settings.visits} visits, seed ${report.settings.seed}; ${flags.size}x${flags.size}, komi ${flags.komi}, Tromp-Taylor`,
    );
    for (const [i, r] of report.results.entries()) {
      const own = r.victimOwnScore ? `  victim's own count ${r.victimOwnScore}${r.flipped ? " (flipped)" : ""}` : "";
      const result = r.forfeit
        ? `${`${r.forfeit} forfeit`.padEnd(18)}`
        : `${r.winner.padEnd(9)} by ${String(Math.abs(r.margin)).padStart(5)}`;
      const cause = r.analysis.cause ? `  [${r.analysis.cause}]` : "";
      print(
        `game ${String(r.game ?? i + 1).padStart(3)}  adversary ${r.adversaryColor}  ${result}  ${String(r.moves).padStart(3)} moves  ${r.endReason}${r.victimPassAt ? `, victim passed at move ${r.victimPassAt}` : ""}  TT B ${r.black} W ${r.white} neutral ${r.neutral}${own}${cause}`,
      );
    }
    const [lo, hi] = report.wilson95;
    print(
      `adversary won ${report.adversaryWins}/${report.scored} scored games (${(report.winRate * 100).toFixed(1)}%, Wilson 95% ${(lo * 100).toFixed(1)}-${(hi * 100).toFixed(1)}%); as Black ${report.byColor.B.wins}/${report.byColor.B.games}, as White ${report.byColor.W.wins}/${report.byColor.W.games}`,
    );
    if (report.forfeits) print(`forfeits (not in the win rate): ${report.forfeits} of ${report.games} games (${forfeitText})`);
    if (report.resumed) print(`${report.resumed} game(s) resumed from ${flags.results}`);
    const causes = tallyLossCauses(report.results);
    if (causes.length) print(`loss and narrow-win causes: ${causes.map(([c, n]) => `${c} ${n}`).join(", ")}`);
  },
});
