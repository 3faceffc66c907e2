/**
 * yomikai's own GTP engine: the adversary's search behind GTP v2, so Sabaki, gogui or `gogui-twogtp`
 * can play it. Tromp-Taylor rules; `final_score` is the Tromp-Taylor count.
 * @module
 */
import { YomikaiError } from "../../core/index.js";
import { MAX_SIZE, MIN_SIZE, PASS } from "./Board.js";
import { fromVertex, Game, parseColor, toVertex } from "./Game.js";
import { Mcts, type MctsOptions } from "./Mcts.js";

/** Options of {@link GtpServer}. */
export interface GtpServerOptions extends MctsOptions {
  /** Initial board size. Defaults to `9`. */
  size?: number;
  /** Initial komi. Defaults to `6.5`. */
  komi?: number;
}

const COMMANDS = [
  "protocol_version",
  "name",
  "version",
  "known_command",
  "list_commands",
  "boardsize",
  "clear_board",
  "komi",
  "play",
  "genmove",
  "undo",
  "showboard",
  "final_score",
  "quit",
] as const;

/** A GTP session: feed it lines with {@link GtpServer.handle}; it answers with full GTP responses. */
export class GtpServer {
  game: Game;
  /** True once `quit` was received. */
  done = false;
  private readonly mcts: Mcts;
  constructor(readonly options: GtpServerOptions = {}) {
    this.game = new Game(options.size ?? 9, options.komi ?? 6.5);
    this.mcts = new Mcts(options);
  }

  /** Handles one input line; returns the response text (`"= ...\n\n"` or `"? ...\n\n"`), or `""` for blank/comment lines. */
  async handle(line: string): Promise<string> {
    const clean = line
      .replace(/#.*/, "")
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "")
      .trim();
    if (!clean) return "";
    const words = clean.split(/\s+/);
    let id = "";
    if (/^\d+$/.test(words[0] as string)) id = words.shift() as string;
    const [cmd = "", ...args] = words;
    try {
      const out = await this.run(cmd, args);
      return `=${id} ${out}\n\n`;
    } catch (err) {
      if (err instanceof YomikaiError || err instanceof GtpCommandError) return `?${id} ${err.message}\n\n`;
      throw err;
    }
  }

  private async run(cmd: string, args: string[]): Promise<string> {
    const g = this.game;
    switch (cmd) {
      case "protocol_version":
        return "2";
      case "name":
        return "yomikai";
      case "version":
        return "0.1.0";
      case "known_command":
        return (COMMANDS as readonly string[]).includes(args[0] ?? "") ? "true" : "false";
      case "list_commands":
        return COMMANDS.join("\n");
      case "boardsize": {
        const n = Number(args[0]);
        if (!Number.isInteger(n) || n < MIN_SIZE || n > MAX_SIZE) throw new GtpCommandError("unacceptable size");
        this.game = new Game(n, g.komi);
        return "";
      }
      case "clear_board":
        this.game = new Game(g.size, g.komi);
        return "";
      case "komi": {
        const k = Number(args[0]);
        if (args[0] === undefined || !Number.isFinite(k)) throw new GtpCommandError("syntax error");
        g.komi = k;
        return "";
      }
      case "play": {
        if (args.length < 2) throw new GtpCommandError("syntax error");
        const color = parseColor(args[0] as string);
        const p = fromVertex(g.board, args[1] as string);
        if (!g.isLegal(p, color)) throw new GtpCommandError("illegal move");
        g.play(p, color);
        return "";
      }
      case "genmove": {
        if (args.length < 1) throw new GtpCommandError("syntax error");
        g.toPlay = parseColor(args[0] as string);
        const res = await this.mcts.search(g);
        g.play(res.move, g.toPlay);
        return toVertex(g.board, res.move);
      }
      case "undo": {
        if (g.moves.length === 0) throw new GtpCommandError("cannot undo");
        this.game = Game.replay(g.size, g.komi, g.moves.slice(0, -1));
        return "";
      }
      case "showboard":
        return `\n${g.render()}`;
      case "final_score": {
        const s = g.score();
        return s.winner === "0" ? "0" : `${s.winner}+${Math.abs(s.margin)}`;
      }
      case "quit":
        this.done = true;
        return "";
      default:
        throw new GtpCommandError("unknown command");
    }
  }
}

/** A GTP-level error: its message is the text after `?`. */
class GtpCommandError extends Error {}

export { PASS };
