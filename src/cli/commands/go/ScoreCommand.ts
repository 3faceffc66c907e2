import { readFileOrThrow } from "../../../core/index.js";
import { GO_LIMITS, parseSgf, scoreTrompTaylor, sgfToGame, strandedStones, toVertex } from "../../../systems/adversarial-go/index.js";
import { defineCommand } from "../../framework.js";

/** `yomikai go score`: Tromp-Taylor count of an SGF game's final position. */
export const ScoreCommand = defineCommand({
  name: "score",
  summary: "Replay an SGF under Tromp-Taylor rules and count its final position (no dead-stone removal).",
  positionals: [{ name: "sgf", description: "SGF file to score.", required: true }],
  flags: {
    komi: { type: "number", description: "Override the SGF's komi.", ...GO_LIMITS.komi },
  },
  examples: ["yomikai go score runs/gnugo/game-001-advB.sgf", "yomikai go score game.sgf --komi 7 --json"],
  docs: "docs/adversarial-go.md",
  async run({ flags, args, print, printJson }) {
    const path = args[0] as string;
    const text = await readFileOrThrow(path, "SGF file");
    const sgf = parseSgf(text.toString("utf8"), path);
    if (flags.komi !== undefined) sgf.komi = flags.komi;
    const game = sgfToGame(sgf, path);
    const s = scoreTrompTaylor(game.board, game.komi);
    const stranded = {
      B: strandedStones(game.board, 2).map((p) => toVertex(game.board, p)),
      W: strandedStones(game.board, 1).map((p) => toVertex(game.board, p)),
    };
    const result = {
      size: sgf.size,
      komi: game.komi,
      moves: game.moves.length,
      black: s.black,
      white: s.white,
      neutral: s.neutral,
      margin: s.margin,
      winner: s.winner,
      recordedResult: sgf.result ?? null,
      strandedStones: stranded,
    };
    if (flags.json) {
      printJson(result);
      return;
    }
    print(game.render());
    print(
      `Tromp-Taylor: Black ${s.black}, White ${s.white} + komi ${game.komi}, neutral ${s.neutral} → ${s.winner === "0" ? "jigo" : `${s.winner}+${Math.abs(s.margin)}`}${sgf.result ? ` (SGF says ${sgf.result})` : ""}`,
    );
    if (stranded.B.length) print(`Black stones stranded in White's area: ${stranded.B.join(" ")}`);
    if (stranded.W.length) print(`White stones stranded in Black's area: ${stranded.W.join(" ")}`);
  },
});
