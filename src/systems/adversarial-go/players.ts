/**
 * Players a match can seat: a GTP engine ({@link GtpPlayer}), the same engine behind the pass-alive
 * defence ({@link HardenedPlayer}), and yomikai's own searcher ({@link SearchPlayer}, the adversary or a
 * home-made victim).
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { type Color, opponent, PASS } from "./Board.js";
import { colorLetter, fromVertex, type Game, type Move, toVertex } from "./Game.js";
import { GtpEngine, type GtpEngineOptions, GtpFailure } from "./GtpEngine.js";
import { Mcts, type MctsOptions, type SearchResult } from "./Mcts.js";
import { passAliveArea, strandedStones } from "./scoring.js";

/** A move answer: a point, {@link PASS}, or resignation. */
export type MoveAnswer = number | "resign";

/** One side of a match. */
export interface Player {
  /** Label for SGF and reports. */
  readonly name: string;
  /** Starts a new game (board size, komi, this player's colour). */
  newGame(size: number, komi: number, color: Color): Promise<void>;
  /** Tells the player the opponent's move. */
  observe(move: Move, game: Game): Promise<void>;
  /** The player's move for `game.toPlay`. */
  genmove(game: Game, signal?: AbortSignal): Promise<MoveAnswer>;
  /** The player's own count of the final position (GTP `final_score`), if it has one. */
  ownScore?(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Any GTP engine as a player. The process is (re)started when a game begins and it is not running. */
export class GtpPlayer implements Player {
  readonly name: string;
  engine: GtpEngine | null = null;
  constructor(
    readonly command: string,
    readonly options: GtpEngineOptions = {},
  ) {
    this.name = command;
  }
  async newGame(size: number, komi: number, _color?: Color): Promise<void> {
    if (!this.engine?.alive) this.engine = await GtpEngine.start(this.command, this.options);
    try {
      await this.engine.send(`boardsize ${size}`);
    } catch (err) {
      if (err instanceof GtpFailure && err.reason === "refused") {
        throw new InvalidInputError(`The engine "${this.command}" does not support a ${size}x${size} board.`);
      }
      throw err;
    }
    await this.engine.send("clear_board");
    await this.engine.send(`komi ${komi}`);
  }
  protected get live(): GtpEngine {
    if (!this.engine) throw new GtpFailure("crashed", "GTP engine not started.");
    return this.engine;
  }
  async observe(move: Move, game: Game): Promise<void> {
    await this.live.send(`play ${colorLetter(move.color)} ${toVertex(game.board, move.point)}`);
  }
  async genmove(game: Game): Promise<MoveAnswer> {
    const answer = (await this.live.send(`genmove ${colorLetter(game.toPlay)}`)).trim();
    return this.parseAnswer(game, answer);
  }
  protected parseAnswer(game: Game, answer: string): MoveAnswer {
    if (/^resign$/i.test(answer)) return "resign";
    let p: number;
    try {
      p = fromVertex(game.board, answer);
    } catch {
      throw new GtpFailure("protocol", `GTP engine answered "${answer}", which is not a vertex.`);
    }
    if (!game.isLegal(p))
      throw new GtpFailure(
        "illegal-move",
        `GTP engine played ${answer}, which is illegal under Tromp-Taylor rules (occupied, suicide or superko).`,
      );
    return p;
  }
  async ownScore(): Promise<string | undefined> {
    try {
      return (await this.live.send("final_score", 60_000)).trim() || undefined;
    } catch {
      return undefined;
    }
  }
  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = null;
  }
}

/**
 * The paper's pass-alive defence around any GTP engine: when the engine wants to pass while the opponent
 * still has stones inside its area that are not pass-alive (Benson), it takes the pass back (`undo`)
 * and plays on: the engine's `kgs-genmove_cleanup` move if it has one, else a move on a liberty of
 * the weakest such chain. "Inside its area" means the engine's own `final_status_list dead` where it
 * supports it, plus the {@link strandedStones} heuristic.
 */
export class HardenedPlayer extends GtpPlayer {
  /** How many passes the defence replaced by a move. */
  suppressedPasses = 0;
  constructor(command: string, options: GtpEngineOptions = {}) {
    super(command, options);
    (this as { name: string }).name = `harden(${command})`;
  }
  override async genmove(game: Game): Promise<MoveAnswer> {
    const first = await super.genmove(game);
    if (first !== PASS) return first;
    const me = game.toPlay;
    const engine = this.live;
    const stranded = new Set(strandedStones(game.board, me));
    // The engine's own verdict, where it has one: opponent stones it calls dead are exactly the stones
    // it is leaving in its area. Pass-alive stones can never be captured, so they do not count.
    if (await engine.supports("final_status_list")) {
      const oppAlive = passAliveArea(game.board, opponent(me));
      for (const v of (await engine.send("final_status_list dead")).split(/\s+/).filter(Boolean)) {
        const p = fromVertex(game.board, v);
        if (game.board.color[p] === opponent(me) && !oppAlive[p]) stranded.add(p);
      }
    }
    if (stranded.size === 0) return PASS;
    await engine.send("undo");
    if (await engine.supports("kgs-genmove_cleanup")) {
      const ans = this.parseAnswer(game, (await engine.send(`kgs-genmove_cleanup ${colorLetter(me)}`)).trim());
      if (ans !== PASS) {
        this.suppressedPasses++;
        return ans;
      }
      await engine.send("undo");
    }
    const attack = this.attackMove(game, [...stranded]);
    await engine.send(`play ${colorLetter(me)} ${toVertex(game.board, attack)}`);
    if (attack !== PASS) this.suppressedPasses++;
    return attack;
  }
  /** A legal move on a liberty of the stranded chain with the fewest liberties, not filling an own eye. */
  private attackMove(game: Game, stranded: number[]): number {
    const b = game.board;
    const me = game.toPlay;
    const own = passAliveArea(b, me);
    const chains = [...new Set(stranded.map((p) => b.head[p] as number))].sort((x, y) => b.liberties(x) - b.liberties(y));
    for (const h of chains) {
      for (const lib of b.libertyPoints(h)) {
        if (own[lib] || b.isEye(lib, me) || !game.isLegal(lib)) continue;
        const trial = game.clone();
        trial.play(lib);
        // Avoid a self-atari unless it captures.
        if (trial.board.color[lib] === me && trial.board.liberties(lib) < 2 && trial.board.color[h] !== 0) continue;
        return lib;
      }
    }
    return PASS;
  }
}

/** Options of {@link SearchPlayer}. */
export interface SearchPlayerOptions extends MctsOptions {
  /** Label. Defaults to a description of the search. */
  name?: string;
}

/** yomikai's searcher (MCTS or A-MCTS) as a player. */
export class SearchPlayer implements Player {
  readonly name: string;
  readonly mcts: Mcts;
  /** The last search's result (for comments and the web page). */
  lastSearch: SearchResult | null = null;
  constructor(options: SearchPlayerOptions = {}) {
    this.mcts = new Mcts(options);
    const o = this.mcts.options;
    this.name = options.name ?? `yomikai ${o.victim ? "a-mcts" : "mcts"} ${o.selection} ${o.visits} visits`;
  }
  async newGame(): Promise<void> {}
  async observe(): Promise<void> {}
  async genmove(game: Game, signal?: AbortSignal): Promise<MoveAnswer> {
    this.lastSearch = await this.mcts.search(game, signal);
    return this.lastSearch.move;
  }
  async close(): Promise<void> {
    await this.mcts.options.victim?.model.close?.();
  }
}
