/**
 * Matches under Tromp-Taylor rules: {@link playGame} referees one game between two players (a crashed,
 * hung or illegal-answering engine ends that game with a recorded reason), and {@link runAttack} plays
 * the adversary against a GTP victim over N games with alternating colours and reports win rates with
 * Wilson intervals.
 * @module
 */
import { join } from "node:path";
import { InvalidInputError, makeFolder, type OnProgress, progressTask, throwIfAborted, writeFileAtomic } from "../../core/index.js";
import { BLACK, type Color, MAX_SIZE, MIN_SIZE, opponent, PASS, WHITE } from "./Board.js";
import { colorLetter, Game } from "./Game.js";
import { GtpEngine, GtpFailure } from "./GtpEngine.js";
import type { MctsOptions, PassingRule, VictimModel } from "./Mcts.js";
import { GtpPlayer, HardenedPlayer, type Player, SearchPlayer } from "./players.js";
import type { TrompTaylorScore } from "./scoring.js";
import { gameToSgf, writeSgf } from "./sgf.js";
import { GtpVictimModel } from "./victimModels.js";

/** How a game ended. */
export type EndReason =
  | "two-passes"
  | "resign"
  | "max-moves"
  | `${"black" | "white"}-${"crashed" | "timeout" | "illegal-move" | "refused" | "protocol" | "not-found"}`;

/** One refereed game. */
export interface PlayedGame {
  game: Game;
  endReason: EndReason;
  /** Winner colour (`"0"` for a tie). A resigning or failing side loses. */
  winner: "B" | "W" | "0";
  /** Tromp-Taylor count of the final position. */
  score: TrompTaylorScore;
  /** Indices (0-based, into `game.moves`) of every pass. */
  passes: number[];
  /** Comments per move index (search notes, defence notes). */
  comments: Map<number, string>;
}

/**
 * Referees one game. Both players are told the opponent's moves. A {@link GtpFailure} from either side
 * ends the game: that side loses and the reason is recorded.
 */
export async function playGame(
  black: Player,
  white: Player,
  size: number,
  komi: number,
  options: { maxMoves?: number; signal?: AbortSignal } = {},
): Promise<PlayedGame> {
  const game = new Game(size, komi);
  const players = { [BLACK]: black, [WHITE]: white } as Record<Color, Player>;
  const maxMoves = options.maxMoves ?? size * size * 4;
  const comments = new Map<number, string>();
  let endReason: EndReason = "two-passes";
  let loser: Color | null = null;
  for (const c of [BLACK, WHITE] as const) {
    try {
      await players[c].newGame(size, komi, c);
    } catch (err) {
      if (!(err instanceof GtpFailure) || err.reason === "not-found") throw err;
      endReason = `${c === BLACK ? "black" : "white"}-${err.reason}`;
      loser = c;
    }
  }
  while (loser === null && !game.over) {
    throwIfAborted(options.signal);
    if (game.moves.length >= maxMoves) {
      endReason = "max-moves";
      break;
    }
    const c = game.toPlay;
    const p = players[c];
    let failed: Color = c;
    try {
      const ans = await p.genmove(game, options.signal);
      if (ans === "resign") {
        endReason = "resign";
        loser = c;
        break;
      }
      game.play(ans, c);
      if (p instanceof SearchPlayer && p.lastSearch) {
        const s = p.lastSearch;
        comments.set(game.moves.length - 1, `${p.name}: win rate ${(s.winrate * 100).toFixed(1)}%${s.reason ? ` (${s.reason})` : ""}`);
      }
      failed = opponent(c);
      await players[opponent(c)].observe({ color: c, point: ans }, game);
    } catch (err) {
      if (!(err instanceof GtpFailure)) throw err;
      endReason = `${failed === BLACK ? "black" : "white"}-${err.reason}`;
      loser = failed;
      comments.set(Math.max(0, game.moves.length - 1), err.message);
    }
  }
  const score = game.score();
  const winner = loser !== null ? colorLetter(opponent(loser)) : score.winner;
  const passes = game.moves.flatMap((m, i) => (m.point === PASS ? [i] : []));
  return { game, endReason, winner, score, passes, comments };
}

/** Which search the adversary uses. */
export type AdversaryKind = "a-mcts-s" | "a-mcts-r" | "mcts";

/** Options of {@link runAttack}. */
export interface AttackOptions {
  /** The victim's GTP command line, e.g. `"/usr/games/gnugo --mode gtp"`. */
  victim: string;
  /** Adversary search. Defaults to `"a-mcts-s"`. */
  adversary?: AdversaryKind;
  /** GTP command of the victim model inside A-MCTS. Defaults to the victim command. */
  victimModel?: string;
  /** Victim plies below the root that consult the victim model. Defaults to `1`. */
  victimModelDepth?: number;
  /** Victim-model budget ({@link MctsOptions} `victim.after`). Defaults to `1`. */
  victimModelAfter?: number;
  /**
   * GTP command of the adversary's own move policy (stands in for the paper's trained policy network;
   * {@link MctsOptions} `policy`). Defaults to none: every move is searched.
   */
  adversaryPolicy?: string;
  /**
   * The adversary's passing rule ({@link PassingRule}). Defaults to `"tromp-taylor"` (pass when the
   * victim just passed and the count wins); `"search"` with an `adversaryPolicy` follows the policy's passes.
   */
  adversaryPassing?: PassingRule;
  /** Plant stones in the victim's area after it passes ({@link MctsOptions} `harvest`). Defaults to `true`. */
  harvest?: boolean;
  /** Wrap the victim in the pass-alive defence ({@link HardenedPlayer}). Defaults to `false`. */
  harden?: boolean;
  /** Append GNU Go's `--capture-all-dead` to the victim command. Defaults to `false`. */
  captureAllDead?: boolean;
  /** Board size, 9 to 19. Defaults to `9`. */
  size?: number;
  /** Komi. Defaults to `6.5`. */
  komi?: number;
  /** Number of games; colours alternate, adversary Black in game 1. Defaults to `2`. */
  games?: number;
  /** Adversary simulations per move. Defaults to `600`. */
  visits?: number;
  /** Adversary selection rule. Defaults to `"uct"`. */
  selection?: MctsOptions["selection"];
  /** Adversary playout policy. Defaults to `"random"`. */
  playout?: MctsOptions["playout"];
  /** Seed of the adversary's search (game i uses `seed + i`). Defaults to `1`. */
  seed?: number;
  /** Move cap per game; reaching it ends the game and scores it. Defaults to `4 * size^2`. */
  maxMoves?: number;
  /** Per-command GTP timeout in ms. Defaults to `60000`. */
  timeoutMs?: number;
  /** Folder to write one SGF per game into. */
  sgfDir?: string;
  /** Ask the victim for its own count (`final_score`) to flag flips. Defaults to `true`. */
  askVictimScore?: boolean;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** One attack game in the report. */
export interface AttackGame {
  winner: "adversary" | "victim" | "draw";
  /** Tromp-Taylor margin from the adversary's side (komi included); positive = adversary ahead. */
  margin: number;
  moves: number;
  adversaryColor: "B" | "W";
  endReason: EndReason;
  /** Move number (1-based) of the victim's first pass, or null. */
  victimPassAt: number | null;
  /** Tromp-Taylor counts of the final position. */
  black: number;
  white: number;
  neutral: number;
  /** The victim's own `final_score`, when it gave one (e.g. `"B+43.0"`). */
  victimOwnScore?: string;
  /** True when the victim's own count says it won but Tromp-Taylor says it lost. */
  flipped?: boolean;
  /** Path of the SGF file when `sgfDir` was given, else the SGF text. */
  sgf: string;
}

/** What {@link runAttack} returns (also the CLI's `--json`). */
export interface AttackReport {
  games: number;
  adversaryWins: number;
  victimWins: number;
  draws: number;
  winRate: number;
  /** Wilson 95% score interval of the adversary's win rate. */
  wilson95: [number, number];
  /** Adversary win rate per colour it played. */
  byColor: { B: { games: number; wins: number }; W: { games: number; wins: number } };
  settings: Record<string, unknown>;
  results: AttackGame[];
}

/** Wilson score interval (95%) for `wins` out of `n`. */
export function wilson95(wins: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = wins / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/** The victim command with `--capture-all-dead` added when asked. */
export function victimCommand(options: Pick<AttackOptions, "victim" | "captureAllDead">): string {
  return options.captureAllDead && !options.victim.includes("--capture-all-dead") ? `${options.victim} --capture-all-dead` : options.victim;
}

/** Plays the adversary against a GTP victim over `games` games, colours alternating. */
export async function runAttack(options: AttackOptions): Promise<AttackReport> {
  const size = options.size ?? 9;
  const komi = options.komi ?? 6.5;
  const games = options.games ?? 2;
  const kind = options.adversary ?? "a-mcts-s";
  const seed = options.seed ?? 1;
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE)
    throw new InvalidInputError(`Unsupported board size ${size}: use an integer from ${MIN_SIZE} to ${MAX_SIZE} (9, 13 or 19 are usual).`);
  if (!Number.isFinite(komi) || Math.abs(komi) > size * size)
    throw new InvalidInputError(
      `Komi ${komi} is outside -${size * size}..${size * size} for a ${size}x${size} board: use e.g. 6.5 or 7.5.`,
    );
  if (!Number.isInteger(games) || games < 1) throw new InvalidInputError(`The number of games must be a positive integer; got ${games}.`);
  const command = victimCommand(options);
  const depth = options.victimModelDepth ?? 1;
  const engineOptions = { timeoutMs: options.timeoutMs ?? 60_000 };
  const victim = options.harden ? new HardenedPlayer(command, engineOptions) : new GtpPlayer(command, engineOptions);
  let model: VictimModel | undefined;
  const policy = options.adversaryPolicy ? new GtpVictimModel(options.adversaryPolicy, "genmove", engineOptions) : undefined;
  if (kind !== "mcts")
    model = new GtpVictimModel(options.victimModel ?? victimCommand(options), kind === "a-mcts-r" ? "genmove" : "top-moves", engineOptions);
  const settings = {
    victim: command,
    harden: options.harden ?? false,
    adversary: kind,
    victimModel: model?.name ?? null,
    victimModelDepth: kind === "mcts" ? null : depth,
    victimModelAfter: kind === "mcts" ? null : (options.victimModelAfter ?? 1),
    size,
    komi,
    rules: "Tromp-Taylor",
    visits: options.visits ?? 600,
    selection: options.selection ?? "uct",
    playout: options.playout ?? "random",
    harvest: options.harvest ?? true,
    adversaryPassing: options.adversaryPassing ?? "tromp-taylor",
    adversaryPolicy: policy?.name ?? null,
    seed,
    maxMoves: options.maxMoves ?? size * size * 4,
  };
  if (options.sgfDir) makeFolder(options.sgfDir);
  // Start the victim once before anything else, so a wrong command fails at once with one line.
  victim.engine = await GtpEngine.start(command, engineOptions);
  // The adversary's own engines too: a wrong --adversary-policy or --victim-model command is a setup
  // error, not a game the adversary forfeits.
  for (const [what, engine] of [
    ["adversary policy", policy],
    ["victim model", model instanceof GtpVictimModel ? model : undefined],
  ] as const) {
    try {
      await engine?.start();
    } catch (err) {
      await victim.close();
      await policy?.close();
      if (model instanceof GtpVictimModel) await model.close();
      if (err instanceof GtpFailure) throw new GtpFailure(err.reason, `The ${what} did not start: ${err.message}`);
      throw err;
    }
  }
  const task = progressTask(options.onProgress, "games", games, "games");
  const results: AttackGame[] = [];
  try {
    for (let i = 0; i < games; i++) {
      throwIfAborted(options.signal);
      const advColor: Color = i % 2 === 0 ? BLACK : WHITE;
      const adversary = new SearchPlayer({
        visits: settings.visits,
        selection: settings.selection,
        playout: settings.playout,
        seed: seed + i,
        passing: options.adversaryPassing ?? "tromp-taylor",
        harvest: options.harvest ?? true,
        ...(policy ? { policy } : {}),
        ...(model ? { victim: { model, depth, after: options.victimModelAfter ?? 1 } } : {}),
        name: `yomikai ${kind} (${settings.visits} visits)`,
      });
      const played = await playGame(advColor === BLACK ? adversary : victim, advColor === BLACK ? victim : adversary, size, komi, {
        maxMoves: settings.maxMoves,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const advLetter = colorLetter(advColor);
      const victimColor = opponent(advColor);
      const victimPass = played.passes.find((i2) => played.game.moves[i2]?.color === victimColor);
      let victimOwnScore: string | undefined;
      if (
        (options.askVictimScore ?? true) &&
        victim.engine?.alive &&
        (played.endReason === "two-passes" || played.endReason === "max-moves")
      )
        victimOwnScore = await victim.ownScore();
      const winner = played.winner === "0" ? "draw" : played.winner === advLetter ? "adversary" : "victim";
      const margin = advColor === BLACK ? played.score.margin : -played.score.margin;
      const ownWinner = victimOwnScore?.[0];
      const flipped =
        ownWinner !== undefined && ownWinner === colorLetter(victimColor) && winner === "adversary" && played.endReason === "two-passes";
      if (victimPass !== undefined) played.comments.set(victimPass, `${played.comments.get(victimPass) ?? ""} victim passed here`.trim());
      const sgfText = writeSgf(
        gameToSgf(played.game, {
          rules: "Tromp-Taylor",
          result:
            played.endReason === "resign"
              ? `${played.winner}+R`
              : played.winner === "0"
                ? "0"
                : played.endReason.includes("-") && played.endReason !== "two-passes" && played.endReason !== "max-moves"
                  ? `${played.winner}+F`
                  : `${played.winner}+${Math.abs(played.score.margin)}`,
          playerBlack: advColor === BLACK ? adversary.name : victim.name,
          playerWhite: advColor === WHITE ? adversary.name : victim.name,
          comment: `yomikai go attack, game ${i + 1}; end: ${played.endReason}; Tromp-Taylor B ${played.score.black} W ${played.score.white} neutral ${played.score.neutral}${victimOwnScore ? `; victim's own count ${victimOwnScore}` : ""}`,
          comments: played.comments,
        }),
      );
      let sgf = sgfText;
      if (options.sgfDir) {
        sgf = join(options.sgfDir, attackSgfName(i + 1, advLetter));
        await writeFileAtomic(sgf, sgfText);
      }
      results.push({
        winner,
        margin,
        moves: played.game.moves.length,
        adversaryColor: advLetter,
        endReason: played.endReason,
        victimPassAt: victimPass === undefined ? null : victimPass + 1,
        black: played.score.black,
        white: played.score.white,
        neutral: played.score.neutral,
        ...(victimOwnScore ? { victimOwnScore, flipped } : {}),
        sgf,
      });
      const wins = results.filter((r) => r.winner === "adversary").length;
      task.tick(1, `adversary ${wins}/${results.length}`);
    }
  } finally {
    await victim.close();
    await model?.close?.();
    await policy?.close();
  }
  task.done();
  const adversaryWins = results.filter((r) => r.winner === "adversary").length;
  const victimWins = results.filter((r) => r.winner === "victim").length;
  const per = (c: "B" | "W") => ({
    games: results.filter((r) => r.adversaryColor === c).length,
    wins: results.filter((r) => r.adversaryColor === c && r.winner === "adversary").length,
  });
  return {
    games: results.length,
    adversaryWins,
    victimWins,
    draws: results.length - adversaryWins - victimWins,
    winRate: results.length ? adversaryWins / results.length : 0,
    wilson95: wilson95(adversaryWins, results.length),
    byColor: { B: per("B"), W: per("W") },
    settings,
    results,
  };
}

/** The file name `go attack --sgf-dir` gives game `n` (1-based): `game-001-advB.sgf` (the adversary's colour). */
export function attackSgfName(n: number, adversary: "B" | "W"): string {
  return `game-${String(n).padStart(3, "0")}-adv${adversary}.sgf`;
}
