/**
 * Monte-Carlo tree search for Go under Tromp-Taylor rules (UCT or PUCT selection, random or light
 * playouts, exact Tromp-Taylor values at two-pass terminals), and its adversarial variant A-MCTS: at
 * victim-to-move nodes the move comes from a {@link VictimModel} instead of the tree's own selection, so
 * the search plans against the victim as it really plays (passes included).
 * @module
 */
import { createRng, InvalidInputError, type Rng, throwIfAborted } from "../../core/index.js";
import { Board, type Color, opponent, PASS } from "./Board.js";
import type { Game } from "./Game.js";
import { type PlayoutPolicy, playoutRandom, runPlayout } from "./playout.js";
import { ownershipMap, quickMargin, scoreTrompTaylor } from "./scoring.js";

/**
 * When a searcher passes:
 * - `"tromp-taylor"`: at once when the opponent just passed and the Tromp-Taylor count wins now
 *   (go_attack's `PassingWrapper`); otherwise only if the search picks the pass move.
 * - `"search"`: only when the search picks the pass move.
 * - `"confident"`: also whenever the search's win rate reaches `confidence`: a victim that passes
 *   when it believes it has won, as GNU Go and friendly-pass KataGo do.
 * - `"never"`: not while any legal move that does not fill an own eye exists (hardened).
 */
export type PassingRule = "tromp-taylor" | "search" | "confident" | "never";

/** The victim as seen from inside the adversary's search. */
export interface VictimModel {
  /** Short label, e.g. `gtp:/usr/games/gnugo`. */
  readonly name: string;
  /** The victim's move for `game.toPlay` in `game`'s position ({@link PASS} for a pass). */
  move(game: Game, rng: Rng, signal?: AbortSignal): Promise<number>;
  /** Number of real queries made (cache misses). */
  readonly queries: number;
  close?(): Promise<void>;
}

/** Options of {@link Mcts}. */
export interface MctsOptions {
  /** Simulations per move. Defaults to `1000`. */
  visits?: number;
  /** Child selection at own nodes. Defaults to `"uct"`. */
  selection?: "uct" | "puct";
  /** Exploration constant. Defaults to `0.7` for UCT, `1.5` for PUCT. */
  exploration?: number;
  /** Leaf evaluation policy. Defaults to `"random"`. */
  playout?: PlayoutPolicy;
  /** Passing rule at the root. Defaults to `"tromp-taylor"`. */
  passing?: PassingRule;
  /** Win rate at which the `"confident"` rule passes. Defaults to `0.85`. */
  confidence?: number;
  /**
   * Harvest after a victim pass: when the opponent has just passed and the Tromp-Taylor count does not
   * win yet, plant a stone in the opponent's area (or on a neutral point) instead of searching, taking
   * the first candidate after which the victim model (if any) passes again. This is the behaviour the
   * paper's pass adversary learned; here it is a rule. Defaults to `false`.
   */
  harvest?: boolean;
  /**
   * Widening with `harvest`: when the opponent just passed and the count already wins, keep planting
   * while the margin (points, from the searcher's side) is below this and the victim model expects the
   * victim to pass again after the plant; pass otherwise. `0` passes at once. Defaults to `0`.
   */
  widenTo?: number;
  /**
   * Last-resort plants with `harvest`: when the opponent just passed, the count loses and no plant keeps
   * two liberties, plant on points where the stone has one liberty too. The victim may capture it, but
   * under area scoring that costs the planter nothing it had, while passing would lose for certain.
   * Defaults to `false`.
   */
  lastResortPlants?: boolean;
  /**
   * The model asked, for each candidate plant, whether the victim passes again after it (`harvest`).
   * A stronger model than the in-tree one pays off here: this is the decision that wins or loses the
   * game, and it is asked a handful of times per game. Defaults to `victim.model`.
   */
  passModel?: VictimModel;
  /**
   * The searcher's own move policy, standing in for the paper's trained policy network (e.g. a GTP
   * engine's `genmove` through a {@link VictimModel}-shaped source). When set, the searcher plays the
   * policy's move; the tree search runs only where the policy would pass, and passes and plants follow
   * the passing rule and `harvest`. Defaults to none.
   */
  policy?: VictimModel;
  /** Seed of the search's randomness. Defaults to `0`. */
  seed?: number | string;
  /**
   * Turns the search into A-MCTS: victim-to-move nodes up to `depth` victim plies below the root take
   * their move from `model` (deeper victim nodes use ordinary selection). Leaves are always
   * adversary-to-move. `depth` defaults to unlimited.
   */
  victim?: {
    model: VictimModel;
    depth?: number;
    /**
     * Victim-model budget: a modelled victim node consults the model from its `after`-th visit on
     * (before that it is an ordinary node). Right after a victim pass every modelled node consults it
     * at once, since that is where passing decides the game. Defaults to `1` (always, as in the paper).
     */
    after?: number;
  };
}

/** What one search found. */
export interface SearchResult {
  /** Chosen point or {@link PASS}. */
  move: number;
  /** Estimated win probability for the player to move. */
  winrate: number;
  visits: number;
  /** Why it passed without search, if it did (`"tromp-taylor-win"`, `"confident"`, `"no-moves"`). */
  reason?: string;
  /** Root children, most visited first (at most 10). */
  top: { move: number; visits: number; winrate: number }[];
}

class Node {
  children: Node[] | null = null;
  n = 0;
  w = 0;
  constructor(
    readonly move: number,
    /** Colour that played `move` into this node. */
    readonly mover: Color,
  ) {}
}

/** A Monte-Carlo tree searcher. Create one per player; it keeps its own seeded randomness. */
export class Mcts {
  readonly options: Required<Omit<MctsOptions, "victim" | "policy" | "passModel">> & Pick<MctsOptions, "victim" | "policy" | "passModel">;
  private readonly rng: Rng;
  private readonly rand: () => number;
  private board: Board | null = null;
  private scratch: Board | null = null;

  constructor(options: MctsOptions = {}) {
    const visits = options.visits ?? 1000;
    if (!Number.isInteger(visits) || visits < 1) throw new InvalidInputError(`visits must be a positive integer, got ${visits}.`);
    const selection = options.selection ?? "uct";
    this.options = {
      visits,
      selection,
      exploration: options.exploration ?? (selection === "uct" ? 0.7 : 1.5),
      playout: options.playout ?? "random",
      passing: options.passing ?? "tromp-taylor",
      confidence: options.confidence ?? 0.85,
      harvest: options.harvest ?? false,
      widenTo: options.widenTo ?? 0,
      lastResortPlants: options.lastResortPlants ?? false,
      policy: options.policy,
      passModel: options.passModel,
      seed: options.seed ?? 0,
      victim: options.victim,
    };
    this.rng = createRng(this.options.seed);
    this.rand = playoutRandom(this.rng.nextUint32());
  }

  /** Candidate moves at a node: empty points that neither fill an own eye nor commit suicide, plus pass. */
  private candidates(board: Board, c: Color, withPass: boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < board.emptyCount; i++) {
      const p = board.empties[i] as number;
      if (!board.isEye(p, c) && board.suicideKind(p, c) === 0) out.push(p);
    }
    this.rng.shuffle(out);
    // After a pass, passing ends the game with an exact value: try it first.
    if (withPass || out.length === 0) out.unshift(PASS);
    return out;
  }

  /** Searches `game` for the player to move. */
  async search(game: Game, signal?: AbortSignal): Promise<SearchResult> {
    const me = game.toPlay;
    const o = this.options;
    const last = game.moves[game.moves.length - 1];
    if (o.passing === "tromp-taylor" && last?.point === PASS && last.color !== me) {
      const s = scoreTrompTaylor(game.board, game.komi);
      const mine = me === 1 ? s.margin : -s.margin;
      if (mine > 0) {
        if (o.harvest && (o.passModel ?? o.victim) && mine < o.widenTo) {
          const plant = await this.harvestMove(game, signal);
          if (plant?.confirmed) return { move: plant.point, winrate: 1, visits: 0, reason: "harvest-widen", top: [] };
        }
        return { move: PASS, winrate: 1, visits: 0, reason: "tromp-taylor-win", top: [] };
      }
    }
    if (o.harvest && last?.point === PASS && last.color !== me) {
      const plant = await this.harvestMove(game, signal, o.lastResortPlants);
      if (plant !== null)
        return { move: plant.point, winrate: 0.5, visits: 0, reason: plant.confirmed ? "harvest" : "harvest-unconfirmed", top: [] };
    }
    if (o.policy) {
      const pm = await o.policy.move(game, this.rng, signal);
      if (pm !== PASS && game.isLegal(pm)) return { move: pm, winrate: 0.5, visits: 0, reason: "policy", top: [] };
      // Under the "search" rule a policy's pass is followed as it is (the policy decides when to stop).
      if (pm === PASS && o.passing === "search") return { move: PASS, winrate: 0.5, visits: 0, reason: "policy", top: [] };
    }
    if (!this.board || this.board.size !== game.size) {
      this.board = new Board(game.size);
      this.scratch = new Board(game.size);
    }
    const board = this.board;
    const scratch = this.scratch as Board;
    const root = new Node(PASS, opponent(me));
    const victim = o.victim;
    const victimColor = opponent(me);
    const victimDepth = victim?.depth ?? Number.POSITIVE_INFINITY;
    const victimAfter = last?.point === PASS && last.color !== me ? 1 : Math.max(1, victim?.after ?? 1);
    const allowPass = o.passing !== "never";
    const pathKeys: number[] = [];
    const pathMoves: number[] = [];
    const maxMoves = game.size * game.size * 3;

    for (let sim = 0; sim < o.visits; sim++) {
      if ((sim & 63) === 0) throwIfAborted(signal);
      board.copyFrom(game.board);
      board.ko = -1;
      let toPlay = me;
      let passes = game.consecutivePasses;
      pathKeys.length = 0;
      pathMoves.length = 0;
      const path: Node[] = [root];
      let node = root;
      let victimPlies = 0;
      let blackValue = -1;
      for (;;) {
        if (passes >= 2) {
          const m = scoreTrompTaylor(board, game.komi).margin;
          blackValue = m > 0 ? 1 : m < 0 ? 0 : 0.5;
          break;
        }
        const modelled = victim !== undefined && toPlay === victimColor && victimPlies < victimDepth && node.n + 1 >= victimAfter;
        if (node.n === 0 && node !== root && !modelled) break; // leaf: evaluate by playout
        let child: Node | undefined;
        if (modelled && victim) {
          victimPlies++;
          const g = this.nodeGame(game, pathMoves);
          let mv = await victim.model.move(g, this.rng, signal);
          if (mv !== PASS && !g.isLegal(mv)) mv = PASS;
          node.children ??= [];
          child = node.children.find((c) => c.move === mv);
          if (!child) {
            child = new Node(mv, toPlay);
            node.children.push(child);
          }
        } else {
          if (toPlay === victimColor) victimPlies++;
          // The searcher itself only considers passing right after a pass (the game can end there);
          // the opponent may always pass.
          const prevPass = pathMoves.length ? pathMoves[pathMoves.length - 1] === PASS : last?.point === PASS;
          node.children ??= this.candidates(board, toPlay, toPlay !== me || (allowPass && prevPass)).map((p) => new Node(p, toPlay));
          for (;;) {
            child = this.select(node);
            if (!child) break;
            if (child.move === PASS) break;
            scratch.copyFrom(board);
            scratch.play(child.move, toPlay, true);
            const key = scratch.key;
            if (!game.history.has(key) && !pathKeys.includes(key)) break;
            node.children.splice(node.children.indexOf(child), 1); // superko: drop the child
          }
          if (!child) {
            child = new Node(PASS, toPlay);
            node.children.push(child);
          }
        }
        if (child.move === PASS) passes++;
        else {
          board.play(child.move, toPlay, true);
          board.ko = -1;
          pathKeys.push(board.key);
          passes = 0;
        }
        pathMoves.push(child.move);
        toPlay = opponent(toPlay);
        node = child;
        path.push(node);
      }
      if (blackValue < 0) {
        runPlayout(board, toPlay, o.playout, this.rand, pathMoves[pathMoves.length - 1] ?? PASS, maxMoves);
        const m = quickMargin(board, game.komi);
        blackValue = m > 0 ? 1 : m < 0 ? 0 : 0.5;
      }
      for (const n of path) {
        n.n++;
        n.w += n.mover === 1 ? blackValue : 1 - blackValue;
      }
    }
    const kids = [...(root.children ?? [])].sort((a, b) => b.n - a.n);
    const best = kids[0];
    const winrate = best && best.n > 0 ? best.w / best.n : 0.5;
    const top = kids.slice(0, 10).map((k) => ({ move: k.move, visits: k.n, winrate: k.n ? k.w / k.n : 0 }));
    if (!best) return { move: PASS, winrate, visits: o.visits, reason: "no-moves", top };
    if (o.passing === "confident" && winrate >= o.confidence) return { move: PASS, winrate, visits: o.visits, reason: "confident", top };
    return { move: best.move, winrate, visits: o.visits, top };
  }

  /**
   * Candidate plants, best first: legal points that keep at least two liberties, scored by the opponent
   * area they neutralise (the whole region for the first stone in an opponent-owned region) plus one
   * for the stone itself, preferring points far from opponent stones.
   */
  plantCandidates(game: Game, minLiberties = 2): number[] {
    const me = game.toPlay;
    const b = game.board;
    const owner = ownershipMap(b);
    const regionSize = new Map<number, number>();
    const regionOf = new Int32Array(b.area).fill(-1);
    // Label empty regions to know their sizes.
    for (const p of b.points()) {
      if (b.color[p] !== 0 || regionOf[p] !== -1) continue;
      const stack = [p];
      regionOf[p] = p;
      let n = 0;
      while (stack.length) {
        const q = stack.pop() as number;
        n++;
        for (let d = 0; d < 4; d++) {
          const m = q + (b.dirs[d] as number);
          if (b.color[m] === 0 && regionOf[m] === -1) {
            regionOf[m] = p;
            stack.push(m);
          }
        }
      }
      regionSize.set(p, n);
    }
    const scored: [number, number][] = [];
    const them = opponent(me);
    for (const p of b.points()) {
      if (b.color[p] !== 0 || owner[p] === me || b.isEye(p, me) || !game.isLegal(p, me)) continue;
      const t = game.clone();
      t.play(p, me);
      if (t.board.color[p] !== me || t.board.liberties(p) < minLiberties) continue;
      let near = 0;
      for (let d = 0; d < 4; d++) if (b.color[p + (b.dirs[d] as number)] === them) near++;
      const gain = (owner[p] === them ? (regionSize.get(regionOf[p] as number) ?? 1) : 0) + 1;
      scored.push([p, gain * 10 - near * 3 + t.board.liberties(p)]);
    }
    scored.sort((x, y) => y[1] - x[1]);
    return scored.map((x) => x[0]);
  }

  /**
   * The plant to play after a victim pass, and whether the victim model expects the victim to pass
   * again after it (`confirmed`); null when there is nothing to plant.
   */
  private async harvestMove(game: Game, signal?: AbortSignal, lastResort = false): Promise<{ point: number; confirmed: boolean } | null> {
    let cands = this.plantCandidates(game).slice(0, 6);
    if (cands.length === 0 && lastResort) cands = this.plantCandidates(game, 1).slice(0, 6);
    const model = this.options.passModel ?? this.options.victim?.model;
    const first = cands[0];
    if (first === undefined) return null;
    if (!model) return { point: first, confirmed: false };
    for (const p of cands) {
      const g = game.clone();
      g.play(p);
      if ((await model.move(g, this.rng, signal)) === PASS) return { point: p, confirmed: true };
    }
    // No plant that the model expects to be ignored: plant the best one anyway (a stone that the victim
    // answers costs it nothing under area scoring, and one it ignores counts).
    return { point: first, confirmed: false };
  }

  private select(node: Node): Node | undefined {
    const kids = node.children as Node[];
    let best: Node | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    const o = this.options;
    if (o.selection === "uct") {
      const logN = Math.log(Math.max(1, node.n));
      // First-play urgency: an unvisited child is valued at its parent's mean, as if visited once, so a
      // child already known to win (a terminal pass) is exploited before every sibling is tried.
      const fpu = node.n > 0 ? 1 - node.w / node.n : 1;
      for (const k of kids) {
        const s = (k.n > 0 ? k.w / k.n : fpu) + o.exploration * Math.sqrt(logN / Math.max(1, k.n));
        if (s > bestScore) {
          bestScore = s;
          best = k;
        }
      }
      return best;
    }
    const prior = 1 / Math.max(1, kids.length);
    const sqrtN = Math.sqrt(Math.max(1, node.n));
    const fpu = node.n > 0 ? 1 - node.w / node.n - 0.2 : 0.5;
    for (const k of kids) {
      const q = k.n > 0 ? k.w / k.n : fpu;
      const s = q + (o.exploration * prior * sqrtN) / (1 + k.n);
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    return best;
  }

  /** The game at a tree node (root game plus the path), for victim-model queries. */
  private nodeGame(game: Game, pathMoves: readonly number[]): Game {
    if (pathMoves.length === 0) return game;
    const g = game.clone();
    for (const mv of pathMoves) g.play(mv);
    return g;
  }
}
