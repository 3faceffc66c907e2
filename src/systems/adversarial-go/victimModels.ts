/**
 * Victim models for A-MCTS: a GTP engine queried in the node's position (cached by position hash),
 * and yomikai's own MCTS with a configurable passing rule.
 * @module
 */
import type { Rng } from "../../core/index.js";
import { PASS } from "./Board.js";
import { colorLetter, fromVertex, type Game, type Move, toVertex } from "./Game.js";
import { GtpEngine, type GtpEngineOptions, GtpFailure } from "./GtpEngine.js";
import { Mcts, type MctsOptions, type VictimModel } from "./Mcts.js";

/** How a GTP victim model reads the victim's move. */
export type GtpModelMode = "genmove" | "top-moves";

/** Cache key of a position: stones, player to move, and whether the last move was a pass. */
function positionKey(game: Game): string {
  const last = game.moves[game.moves.length - 1];
  return `${game.board.key}:${game.toPlay}:${last?.point === PASS ? 1 : 0}`;
}

/**
 * A GTP engine as the victim model. The engine is moved to each queried position with `undo` and `play`
 * (falling back to `clear_board` and a replay), then asked `genmove` (mode `"genmove"`, the A-MCTS-R
 * reading: the victim's full move choice) or `top_moves_<color>` (mode `"top-moves"`, GNU Go's move
 * values sampled as a policy: the A-MCTS-S reading; an empty list means the victim would pass).
 * Answers are cached by position hash.
 */
export class GtpVictimModel implements VictimModel {
  readonly name: string;
  queries = 0;
  private engine: GtpEngine | null = null;
  private synced: Move[] = [];
  private size = 0;
  private komi = Number.NaN;
  private readonly cache = new Map<string, number | { moves: number[]; weights: number[] }>();
  constructor(
    readonly command: string,
    readonly mode: GtpModelMode = "genmove",
    readonly options: GtpEngineOptions & { temperature?: number } = {},
  ) {
    this.name = `gtp(${mode}):${command}`;
  }

  /** Starts the engine now (it otherwise starts at the first query), so a wrong command fails early. */
  async start(): Promise<void> {
    if (!this.engine?.alive) {
      this.engine = await GtpEngine.start(this.command, this.options);
      this.size = 0;
    }
  }

  private async sync(game: Game): Promise<GtpEngine> {
    if (!this.engine?.alive) {
      this.engine = await GtpEngine.start(this.command, this.options);
      this.size = 0;
    }
    const e = this.engine;
    if (this.size !== game.size || this.komi !== game.komi) {
      await e.send(`boardsize ${game.size}`);
      await e.send("clear_board");
      await e.send(`komi ${game.komi}`);
      this.size = game.size;
      this.komi = game.komi;
      this.synced = [];
    }
    const target = game.moves;
    let k = 0;
    while (
      k < this.synced.length &&
      k < target.length &&
      this.synced[k]?.point === target[k]?.point &&
      this.synced[k]?.color === target[k]?.color
    )
      k++;
    try {
      while (this.synced.length > k) {
        await e.send("undo");
        this.synced.pop();
      }
    } catch (err) {
      if (!(err instanceof GtpFailure && err.reason === "refused")) throw err;
      await e.send("clear_board");
      this.synced = [];
      k = 0;
    }
    for (const m of target.slice(this.synced.length)) {
      await e.send(`play ${colorLetter(m.color)} ${toVertex(game.board, m.point)}`);
      this.synced.push(m);
    }
    return e;
  }

  async move(game: Game, rng: Rng): Promise<number> {
    const key = positionKey(game);
    let hit = this.cache.get(key);
    if (hit === undefined) {
      this.queries++;
      const e = await this.sync(game);
      const color = colorLetter(game.toPlay);
      if (this.mode === "top-moves" && (await e.supports(`top_moves_${color === "B" ? "black" : "white"}`))) {
        const words = (await e.send(`top_moves_${color === "B" ? "black" : "white"}`)).split(/\s+/).filter(Boolean);
        const moves: number[] = [];
        const weights: number[] = [];
        const t = this.options.temperature ?? 1;
        for (let i = 0; i + 1 < words.length; i += 2) {
          moves.push(fromVertex(game.board, words[i] as string));
          weights.push(Math.max(1e-6, Number(words[i + 1])) ** (1 / t));
        }
        hit = moves.length ? { moves, weights } : PASS;
      } else {
        const ans = (await e.send(`genmove ${color}`)).trim();
        hit = /^resign$/i.test(ans) ? PASS : fromVertex(game.board, ans);
        this.synced.push({ color: game.toPlay, point: hit });
      }
      this.cache.set(key, hit);
    }
    if (typeof hit === "number") return hit;
    return hit.moves[rng.weighted(hit.weights)] as number;
  }

  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = null;
  }
}

/**
 * yomikai's own MCTS as the victim model (the victim is then a {@link Mcts} with the same options):
 * mode `"policy"` runs it with `policyVisits` simulations (A-MCTS-S: the victim's cheap reading),
 * mode `"search"` with its full visit count (A-MCTS-R). Its passing rule is the victim's.
 */
export class MctsVictimModel implements VictimModel {
  readonly name: string;
  queries = 0;
  private readonly mcts: Mcts;
  constructor(
    victim: MctsOptions,
    readonly mode: "policy" | "search" = "policy",
    policyVisits = 16,
  ) {
    this.mcts = new Mcts({
      ...victim,
      visits: mode === "policy" ? Math.min(policyVisits, victim.visits ?? 1000) : victim.visits,
      victim: undefined,
    });
    this.name = `mcts(${mode}, ${this.mcts.options.visits} visits, passing ${this.mcts.options.passing})`;
  }
  async move(game: Game, _rng: Rng, signal?: AbortSignal): Promise<number> {
    this.queries++;
    return (await this.mcts.search(game, signal)).move;
  }
}
