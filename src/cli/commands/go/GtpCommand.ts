import { createInterface } from "node:readline";
import { GtpServer } from "../../../systems/adversarial-go/index.js";
import { defineCommand } from "../../framework.js";

/** `yomikai go gtp`: the adversary's search as a GTP engine on stdin/stdout. */
export const GtpCommand = defineCommand({
  name: "gtp",
  summary: "Run yomikai's Tromp-Taylor MCTS as a GTP engine on stdin/stdout (for Sabaki, gogui, gogui-twogtp).",
  description:
    "Speaks GTP v2: protocol_version, name, version, known_command, list_commands, boardsize, clear_board, komi, play, genmove, undo, showboard, final_score (Tromp-Taylor count), quit. It passes when the opponent has just passed and the Tromp-Taylor count wins.",
  flags: {
    visits: { type: "number", description: "Simulations per move.", default: 2000, integer: true, min: 1, max: 1000000 },
    selection: { type: "string", description: "Tree selection rule.", choices: ["uct", "puct"], default: "uct" },
    playout: { type: "string", description: "Playout policy.", choices: ["random", "light"], default: "random" },
    passing: {
      type: "string",
      description: "Passing rule.",
      choices: ["tromp-taylor", "search", "confident", "never"],
      default: "tromp-taylor",
    },
    seed: { type: "number", description: "Seed of the search.", default: 1, integer: true },
  },
  examples: [
    "yomikai go gtp",
    "yomikai go gtp --visits 5000",
    'gogui-twogtp -black "yomikai go gtp" -white "/usr/games/gnugo --mode gtp" -size 9 -komi 6.5 -games 10 -alternate -auto',
  ],
  docs: "docs/adversarial-go.md",
  async run({ flags }) {
    const server = new GtpServer({
      visits: flags.visits,
      selection: flags.selection as "uct",
      playout: flags.playout as "random",
      passing: flags.passing as "tromp-taylor",
      seed: flags.seed,
    });
    const rl = createInterface({ input: process.stdin, terminal: false });
    for await (const line of rl) {
      const out = await server.handle(line);
      if (out) process.stdout.write(out);
      if (server.done) break;
    }
    rl.close();
  },
});
