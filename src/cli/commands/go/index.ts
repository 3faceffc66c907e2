/**
 * `yomikai go`: adversarial Go (paper 5). Subcommands attack, gtp, score, bench.
 * @module
 */
import { defineCommand } from "../../framework.js";
import { AttackCommand } from "./AttackCommand.js";
import { BenchCommand } from "./BenchCommand.js";
import { GtpCommand } from "./GtpCommand.js";
import { ScoreCommand } from "./ScoreCommand.js";

/** The `go` command group. */
export const GoCommand = defineCommand({
  name: "go",
  summary: "Adversarial Go: Tromp-Taylor engine, A-MCTS adversary, pass attack on GTP victims (paper 5).",
  subcommands: [AttackCommand, GtpCommand, ScoreCommand, BenchCommand],
  examples: [
    'yomikai go attack --victim "/usr/games/gnugo --mode gtp" --games 2',
    "yomikai go gtp",
    "yomikai go score game.sgf",
    "yomikai go bench",
  ],
  docs: "docs/adversarial-go.md",
});
