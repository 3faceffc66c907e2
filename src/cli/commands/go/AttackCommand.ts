import { runAttack } from "../../../systems/adversarial-go/index.js";
import { defineCommand, outputFolder } from "../../framework.js";

/** `yomikai go attack`: the adversary against a GTP victim, N games, alternating colours. */
export const AttackCommand = defineCommand({
  name: "attack",
  summary: "Play the adversary (A-MCTS-S, A-MCTS-R or MCTS) against a GTP victim under Tromp-Taylor rules.",
  usage: '--victim "<gtp command>" [--adversary a-mcts-s] [--games N] [--json]',
  description:
    "Games alternate colours (the adversary is Black in game 1). Every game is scored by Tromp-Taylor area counting (no dead-stone removal): stones the victim left in its area count for the adversary. The adversary passes when the victim has just passed and the Tromp-Taylor count already wins. A victim that crashes, hangs (--timeout) or answers an illegal move loses that game; the match goes on. --harden wraps the victim in the paper's pass-alive defence; --capture-all-dead passes GNU Go's own defence flag.",
  flags: {
    victim: { type: "string", description: "GTP command line of the victim.", required: true, placeholder: "CMD" },
    adversary: { type: "string", description: "Adversary search.", choices: ["a-mcts-s", "a-mcts-r", "mcts"], default: "a-mcts-s" },
    "victim-model": {
      type: "string",
      description: "GTP command the A-MCTS search queries as the victim model (default: the victim command).",
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
      default: 1,
      integer: true,
      min: 1,
    },
    "adversary-policy": {
      type: "string",
      description: "GTP command whose genmove is the adversary's own move policy (stands in for the paper's trained policy net).",
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
    size: { type: "number", description: "Board size.", default: 9, integer: true, min: 9, max: 19 },
    komi: { type: "number", description: "Komi for White.", default: 6.5 },
    games: { type: "number", description: "Number of games.", default: 2, integer: true, min: 1, max: 10000 },
    visits: { type: "number", description: "Adversary simulations per move.", default: 600, integer: true, min: 1, max: 1000000 },
    selection: { type: "string", description: "Tree selection rule.", choices: ["uct", "puct"], default: "uct" },
    playout: { type: "string", description: "Playout policy at leaves.", choices: ["random", "light"], default: "random" },
    seed: { type: "number", description: "Seed of the adversary's search (game i uses seed+i).", default: 1, integer: true },
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
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp" --games 2',
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp" --adversary-policy "/usr/games/gnugo --mode gtp" --victim-model "/usr/games/gnugo --mode gtp --level 0" --victim-model-after 30 --games 20 --sgf-dir runs/gnugo --json',
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp" --capture-all-dead --games 4',
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp --level 1" --harden --games 4 --adversary mcts',
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
      ...(flags.adversaryPolicy ? { adversaryPolicy: flags.adversaryPolicy } : {}),
      harvest: !flags.noHarvest,
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
      onProgress: progress,
      signal,
    });
    if (flags.json) {
      printJson(report);
      return;
    }
    print(`victim: ${report.settings.victim}${flags.harden ? " (hardened)" : ""}`);
    print(
      `adversary: ${report.settings.adversary}, ${report.settings.visits} visits, seed ${report.settings.seed}; ${flags.size}x${flags.size}, komi ${flags.komi}, Tromp-Taylor`,
    );
    for (const [i, r] of report.results.entries()) {
      const own = r.victimOwnScore ? `  victim's own count ${r.victimOwnScore}${r.flipped ? " (flipped)" : ""}` : "";
      print(
        `game ${String(i + 1).padStart(3)}  adversary ${r.adversaryColor}  ${r.winner.padEnd(9)} by ${String(Math.abs(r.margin)).padStart(5)}  ${String(r.moves).padStart(3)} moves  ${r.endReason}${r.victimPassAt ? `, victim passed at move ${r.victimPassAt}` : ""}  TT B ${r.black} W ${r.white} neutral ${r.neutral}${own}`,
      );
    }
    const [lo, hi] = report.wilson95;
    print(
      `adversary won ${report.adversaryWins}/${report.games} (${(report.winRate * 100).toFixed(1)}%, Wilson 95% ${(lo * 100).toFixed(1)}-${(hi * 100).toFixed(1)}%); as Black ${report.byColor.B.wins}/${report.byColor.B.games}, as White ${report.byColor.W.wins}/${report.byColor.W.games}`,
    );
  },
});
