/**
 * The pass attack against a GTP victim: {@link runAttack} plays N seeded games (colours alternating),
 * serially or in N worker processes with identical results, appends each finished game to a results
 * JSONL and resumes from it, and reports win rates with Wilson intervals, forfeits kept apart.
 * {@link resolveAttack} turns the options into the effective configuration (the adversary's move policy
 * and the victim model chosen from the victim command); {@link playAttackGame} plays one game of it.
 * @module
 */
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import {
  InvalidInputError,
  JsonlAppender,
  makeFolder,
  type OnProgress,
  progressTask,
  throwIfAborted,
  writeFileAtomic,
} from "../../core/index.js";
import { BLACK, type Color, MAX_SIZE, MIN_SIZE, opponent, PASS, WHITE } from "./Board.js";
import { colorLetter, type Game, toVertex } from "./Game.js";
import { GtpEngine, GtpFailure, splitCommand } from "./GtpEngine.js";
import { type AttackAnalysis, analyseAttackGame, type MoveRecord } from "./lossCauses.js";
import type { MctsOptions, PassingRule } from "./Mcts.js";
import { attackSgfName, type EndReason, playGame, wilson95 } from "./match.js";
import { GtpPlayer, HardenedPlayer, SearchPlayer } from "./players.js";
import { ownershipMap, scoreTrompTaylor } from "./scoring.js";
import { gameToSgf, writeSgf } from "./sgf.js";
import { GtpVictimModel } from "./victimModels.js";

/** Which search the adversary uses. */
export type AdversaryKind = "a-mcts-s" | "a-mcts-r" | "mcts";

/** Options of {@link runAttack}. */
export interface AttackOptions {
  /** The victim's GTP command line, e.g. `"/usr/games/gnugo --mode gtp"`. */
  victim: string;
  /** Adversary search. Defaults to `"a-mcts-s"`. */
  adversary?: AdversaryKind;
  /**
   * GTP command of the victim model inside A-MCTS. Defaults to the victim command, and for GNU Go to
   * the victim command at `--level 0` (the victim's cheap "policy", same rules and flags).
   */
  victimModel?: string;
  /** Victim plies below the root that consult the victim model. Defaults to `1`. */
  victimModelDepth?: number;
  /**
   * Victim-model budget ({@link MctsOptions} `victim.after`): a victim node consults the model from its
   * N-th visit on, at once after a victim pass. Defaults to `30`.
   */
  victimModelAfter?: number;
  /**
   * GTP command of the adversary's own move policy (stands in for the paper's trained policy network;
   * {@link MctsOptions} `policy`). Defaults to the victim command without defence flags (GNU Go as its
   * own policy: the adversary is then as strong as the victim and the search decides passes and
   * plants); `null` for none (every move is searched).
   */
  adversaryPolicy?: string | null;
  /**
   * The adversary's passing rule ({@link PassingRule}). Defaults to `"tromp-taylor"` (pass when the
   * victim just passed and the count wins); `"search"` with an `adversaryPolicy` follows the policy's passes.
   */
  adversaryPassing?: PassingRule;
  /** Plant stones in the victim's area after it passes ({@link MctsOptions} `harvest`). Defaults to `true`. */
  harvest?: boolean;
  /**
   * After a victim pass that already wins the count, keep planting while the margin (points, from the
   * adversary's side) is below this and the victim model expects the victim to pass again after the
   * plant. `0` passes at once. Defaults to `0`.
   */
  widenTo?: number;
  /**
   * After a victim pass that leaves the count losing and no plant with two liberties, plant where the
   * stone has one liberty ({@link MctsOptions} `lastResortPlants`). Defaults to `false`.
   */
  lastResortPlants?: boolean;
  /**
   * Which model says whether the victim passes again after a plant: `"policy"` (the adversary's policy
   * engine asked `genmove` for the victim's colour: a victim-strength reading at the decisive node) or
   * `"victim-model"` (the cheap in-tree model). Defaults to `"policy"` when there is a policy.
   */
  passModel?: "policy" | "victim-model";
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
  /** Adversary simulations per move. Defaults to `2000`. */
  visits?: number;
  /** Adversary selection rule. Defaults to `"uct"`. */
  selection?: MctsOptions["selection"];
  /** Adversary playout policy. Defaults to `"light"`. */
  playout?: MctsOptions["playout"];
  /**
   * Match seed. Game i (0-based) searches with seed `seed + i`; the GNU Go victim gets `--seed`
   * {@link gameSeed}`(seed, i)` and the adversary's GNU Go engines (policy, victim model) another seed
   * derived the same way, so the same seed gives the same games. Defaults to `1`.
   */
  seed?: number;
  /** Move cap per game; reaching it ends the game and scores it. Defaults to `4 * size^2`. */
  maxMoves?: number;
  /** Per-command GTP timeout of the victim in ms (the victim forfeits the game past it). Defaults to `60000`. */
  timeoutMs?: number;
  /** Folder to write one SGF per game into. */
  sgfDir?: string;
  /**
   * Results JSONL: each finished game is appended as one line; games already there (same settings) are
   * not played again, so an interrupted match resumes. Defaults to none.
   */
  results?: string;
  /** Games played at once, each in its own worker process; results equal a serial run. Defaults to `1`. */
  parallel?: number;
  /** Ask the victim for its own count (`final_score`) to flag flips. Defaults to `true`. */
  askVictimScore?: boolean;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** One attack game in the report. */
export interface AttackGame {
  /** Game number (1-based). */
  game: number;
  /** `"forfeit"` when a side's engine failed (see `forfeit`); such games are not in the win rate. */
  winner: "adversary" | "victim" | "draw" | "forfeit";
  /** Which side forfeited (crash, timeout, illegal move, refusal, protocol error). */
  forfeit?: "victim" | "adversary";
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
  /** The adversary's search seed and the `--seed` given to GNU Go engines (null when none is GNU Go). */
  seed: number;
  victimSeed: number | null;
  /** The victim's own `final_score`, when it gave one (e.g. `"B+43.0"`). */
  victimOwnScore?: string;
  /** True when the victim's own count says it won but Tromp-Taylor says it lost. */
  flipped?: boolean;
  /** What decided the game: victim passes, plants, the margin when the victim passed, the loss cause. */
  analysis: AttackAnalysis;
  /** Path of the SGF file when `sgfDir` was given, else the SGF text. */
  sgf: string;
}

/** The effective configuration of a match (recorded in the report and in every results line). */
export interface AttackSettings {
  victim: string;
  harden: boolean;
  adversary: AdversaryKind;
  /** Victim model as `gtp(<mode>):<command>`, or null for plain MCTS. */
  victimModel: string | null;
  victimModelDepth: number | null;
  victimModelAfter: number | null;
  size: number;
  komi: number;
  rules: "Tromp-Taylor";
  visits: number;
  selection: "uct" | "puct";
  playout: "random" | "light";
  harvest: boolean;
  widenTo: number;
  /** Present (true) only when on. */
  lastResortPlants?: true;
  passModel: "policy" | "victim-model";
  adversaryPassing: PassingRule;
  adversaryPolicy: string | null;
  seed: number;
  /** True when the engines are GNU Go and get a per-game `--seed`. */
  victimSeeded: boolean;
  maxMoves: number;
  /** Victim timeout per GTP command, ms. */
  timeoutMs: number;
}

/** What {@link runAttack} returns (also the CLI's `--json`). */
export interface AttackReport {
  /** Games played, forfeits included. */
  games: number;
  /** Games decided on the board (not forfeited): the denominator of `winRate`. */
  scored: number;
  /** Games a side forfeited (timeout, crash, illegal move, protocol error); never counted as wins. */
  forfeits: number;
  /** Forfeits per reason, e.g. `{ "victim-timeout": 4 }`. */
  forfeitReasons: Record<string, number>;
  adversaryWins: number;
  victimWins: number;
  draws: number;
  /** Adversary wins / scored games (0 when none was scored). */
  winRate: number;
  /** Wilson 95% score interval of the adversary's win rate over scored games. */
  wilson95: [number, number];
  /** Adversary results per colour it played (scored games). */
  byColor: { B: { games: number; wins: number }; W: { games: number; wins: number } };
  /** Games resumed from the results file instead of played. */
  resumed: number;
  settings: AttackSettings;
  results: AttackGame[];
}

/** A match ready to play: settings plus the engine commands. Plain data (it crosses process boundaries). */
export interface ResolvedAttack {
  settings: AttackSettings;
  games: number;
  /** Victim command with defence flags, before the per-game seed. */
  victimCommand: string;
  victimModelCommand: string | null;
  victimModelMode: "genmove" | "top-moves";
  policyCommand: string | null;
  askVictimScore: boolean;
  sgfDir: string | null;
}

const FAILURES = /-(crashed|timeout|illegal-move|refused|protocol|not-found)$/;
/** GTP timeout of the adversary's own engines (policy, victim model): not the victim's `--timeout`. */
const ADVERSARY_ENGINE_TIMEOUT_MS = 120_000;

/** True when a command line starts GNU Go. */
export function isGnuGo(command: string): boolean {
  const program = splitCommand(command)[0];
  return program !== undefined && /^gnugo/i.test(basename(program));
}

/** The `--seed` given to GNU Go in game `index` (0-based) of a match with seed `seed`: a positive int32. */
export function gameSeed(seed: number, index: number): number {
  const m = 2_147_483_647;
  return (((seed * 1009 + index + 1) % m) + m) % m || 1;
}

/** A GNU Go command with `--seed` appended (other engines unchanged; an explicit `--seed` wins). */
function seeded(command: string, seed: number): string {
  return isGnuGo(command) && !/(^|\s)--seed\b/.test(command) ? `${command} --seed ${seed}` : command;
}

/** The victim command with `--capture-all-dead` added when asked. */
export function victimCommand(options: Pick<AttackOptions, "victim" | "captureAllDead">): string {
  return options.captureAllDead && !options.victim.includes("--capture-all-dead") ? `${options.victim} --capture-all-dead` : options.victim;
}

/** `command` with GNU Go's `--level N` replaced by `--level <level>`. */
function withLevel(command: string, level: number): string {
  const stripped = command.replace(/\s--level(=|\s+)\S+/g, "");
  return `${stripped} --level ${level}`;
}

/**
 * The effective configuration: validates the options and fills the defaults (for GNU Go: the victim
 * model is the victim at `--level 0`, the adversary's policy is the victim command without defence flags).
 */
export function resolveAttack(options: AttackOptions): ResolvedAttack {
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
  if (options.passModel === "policy" && options.adversaryPolicy === null)
    throw new InvalidInputError(
      "--pass-model policy needs an adversary policy: drop --adversary-policy none or use --pass-model victim-model.",
    );
  if (!Number.isInteger(seed)) throw new InvalidInputError(`The seed must be an integer; got ${seed}.`);
  const parallel = options.parallel ?? 1;
  if (!Number.isInteger(parallel) || parallel < 1) throw new InvalidInputError(`--parallel must be a positive integer; got ${parallel}.`);
  const command = victimCommand(options);
  const gnugo = isGnuGo(options.victim);
  const modelCommand = kind === "mcts" ? null : (options.victimModel ?? (gnugo ? withLevel(command, 0) : command));
  const policyCommand =
    options.adversaryPolicy === null ? null : (options.adversaryPolicy ?? options.victim.replace(/\s--capture-all-dead\b/g, ""));
  const depth = options.victimModelDepth ?? 1;
  const after = options.victimModelAfter ?? 30;
  const mode = kind === "a-mcts-r" ? "genmove" : "top-moves";
  const settings: AttackSettings = {
    victim: command,
    harden: options.harden ?? false,
    adversary: kind,
    victimModel: modelCommand === null ? null : `gtp(${mode}):${modelCommand}`,
    victimModelDepth: kind === "mcts" ? null : depth,
    victimModelAfter: kind === "mcts" ? null : after,
    size,
    komi,
    rules: "Tromp-Taylor",
    visits: options.visits ?? 2000,
    selection: options.selection ?? "uct",
    playout: options.playout ?? "light",
    harvest: options.harvest ?? true,
    widenTo: options.widenTo ?? 0,
    ...(options.lastResortPlants ? { lastResortPlants: true as const } : {}),
    passModel: options.passModel ?? (policyCommand === null ? "victim-model" : "policy"),
    adversaryPassing: options.adversaryPassing ?? "tromp-taylor",
    adversaryPolicy: policyCommand === null ? null : `gtp(genmove):${policyCommand}`,
    seed,
    victimSeeded: gnugo,
    maxMoves: options.maxMoves ?? size * size * 4,
    timeoutMs: options.timeoutMs ?? 60_000,
  };
  return {
    settings,
    games,
    victimCommand: command,
    victimModelCommand: modelCommand,
    victimModelMode: mode,
    policyCommand,
    askVictimScore: options.askVictimScore ?? true,
    sgfDir: options.sgfDir ?? null,
  };
}

/** Progress of one move of one game (what {@link playAttackGame} reports per move). */
export interface AttackMoveEvent {
  /** Game number (1-based). */
  game: number;
  /** Move number (1-based). */
  move: number;
  /** `"B D4"`, `"W pass"`. */
  played: string;
  /** Victim passes so far. */
  victimPasses: number;
  /** Running Tromp-Taylor count. */
  black: number;
  white: number;
  neutral: number;
  /** Tromp-Taylor margin from the adversary's side, komi included. */
  margin: number;
}

/** One line for a move event: `move 34 B D4: victim passes 1, Tromp-Taylor B 40 W 35 neutral 6, adversary +1.5`. */
export function formatMoveEvent(e: AttackMoveEvent): string {
  return `move ${e.move} ${e.played}: victim passes ${e.victimPasses}, Tromp-Taylor B ${e.black} W ${e.white} neutral ${e.neutral}, adversary ${e.margin > 0 ? "+" : ""}${e.margin}`;
}

/**
 * Plays game `index` (0-based) of a resolved match with fresh, seeded engines (so a game depends only on
 * the settings and its number: serial and parallel runs give the same games).
 */
export async function playAttackGame(
  r: ResolvedAttack,
  index: number,
  hooks: { onMove?: (e: AttackMoveEvent) => void; signal?: AbortSignal } = {},
): Promise<AttackGame> {
  const s = r.settings;
  const advColor: Color = index % 2 === 0 ? BLACK : WHITE;
  const victimColor = opponent(advColor);
  const vSeed = gameSeed(s.seed, index);
  // The adversary's own GNU Go engines get another seed: it does not know the victim's random stream.
  const ownSeed = gameSeed(s.seed + 7919, index);
  const victimOptions = { timeoutMs: s.timeoutMs };
  const ownOptions = { timeoutMs: ADVERSARY_ENGINE_TIMEOUT_MS };
  const victimCmd = seeded(r.victimCommand, vSeed);
  const victim = s.harden ? new HardenedPlayer(victimCmd, victimOptions) : new GtpPlayer(victimCmd, victimOptions);
  const model = r.victimModelCommand ? new GtpVictimModel(seeded(r.victimModelCommand, ownSeed), r.victimModelMode, ownOptions) : undefined;
  const policy = r.policyCommand ? new GtpVictimModel(seeded(r.policyCommand, ownSeed), "genmove", ownOptions) : undefined;
  const adversary = new SearchPlayer({
    visits: s.visits,
    selection: s.selection,
    playout: s.playout,
    seed: s.seed + index,
    passing: s.adversaryPassing,
    harvest: s.harvest,
    widenTo: s.widenTo,
    lastResortPlants: s.lastResortPlants ?? false,
    ...(policy ? { policy } : {}),
    ...(policy && s.passModel === "policy" ? { passModel: policy } : {}),
    ...(model ? { victim: { model, depth: s.victimModelDepth ?? 1, after: s.victimModelAfter ?? 1 } } : {}),
    name: `yomikai ${s.adversary} (${s.visits} visits)`,
  });
  const records: MoveRecord[] = [];
  let victimPasses = 0;
  try {
    const played = await playGame(advColor === BLACK ? adversary : victim, advColor === BLACK ? victim : adversary, s.size, s.komi, {
      maxMoves: s.maxMoves,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onMove: (game: Game, c: Color, point: number) => {
        const sc = scoreTrompTaylor(game.board, game.komi);
        const margin = advColor === BLACK ? sc.margin : -sc.margin;
        let victimArea = 0;
        let neutral = 0;
        if (c === victimColor && point === PASS) {
          victimPasses++;
          const own = ownershipMap(game.board);
          for (const p of game.board.points()) {
            if (game.board.color[p] !== 0) continue;
            if (own[p] === victimColor) victimArea++;
            else if (own[p] !== advColor) neutral++;
          }
        }
        records.push({
          by: c === advColor ? "adversary" : "victim",
          pass: point === PASS,
          margin,
          ...(c === advColor && adversary.lastSearch?.reason ? { source: adversary.lastSearch.reason } : {}),
          ...(c === victimColor && point === PASS ? { victimArea, neutral } : {}),
        });
        hooks.onMove?.({
          game: index + 1,
          move: game.moves.length,
          played: `${colorLetter(c)} ${toVertex(game.board, point)}`,
          victimPasses,
          black: sc.black,
          white: sc.white,
          neutral: sc.neutral,
          margin,
        });
      },
    });
    // A game cut short by a cancel is not a result (its engines may have been stopped under it).
    throwIfAborted(hooks.signal);
    const advLetter = colorLetter(advColor);
    const victimPass = played.passes.find((i2) => played.game.moves[i2]?.color === victimColor);
    let victimOwnScore: string | undefined;
    if (r.askVictimScore && victim.engine?.alive && (played.endReason === "two-passes" || played.endReason === "max-moves"))
      victimOwnScore = await victim.ownScore();
    const failed = FAILURES.test(played.endReason);
    const failedColor: Color = played.endReason.startsWith("black") ? BLACK : WHITE;
    const forfeit = failed ? (failedColor === advColor ? "adversary" : "victim") : undefined;
    const winner = forfeit ? "forfeit" : played.winner === "0" ? "draw" : played.winner === advLetter ? "adversary" : "victim";
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
              : failed
                ? `${played.winner}+F`
                : `${played.winner}+${Math.abs(played.score.margin)}`,
        playerBlack: advColor === BLACK ? adversary.name : victim.name,
        playerWhite: advColor === WHITE ? adversary.name : victim.name,
        comment: `yomikai go attack, game ${index + 1}, seed ${s.seed + index}${s.victimSeeded ? `, GNU Go --seed ${vSeed}` : ""}; end: ${played.endReason}; Tromp-Taylor B ${played.score.black} W ${played.score.white} neutral ${played.score.neutral}${victimOwnScore ? `; victim's own count ${victimOwnScore}` : ""}`,
        comments: played.comments,
      }),
    );
    let sgf = sgfText;
    if (r.sgfDir) {
      sgf = join(r.sgfDir, attackSgfName(index + 1, advLetter));
      await writeFileAtomic(sgf, sgfText);
    }
    return {
      game: index + 1,
      winner,
      ...(forfeit ? { forfeit } : {}),
      margin,
      moves: played.game.moves.length,
      adversaryColor: advLetter,
      endReason: played.endReason,
      victimPassAt: victimPass === undefined ? null : victimPass + 1,
      black: played.score.black,
      white: played.score.white,
      neutral: played.score.neutral,
      seed: s.seed + index,
      victimSeed: s.victimSeeded ? vSeed : null,
      ...(victimOwnScore ? { victimOwnScore, flipped } : {}),
      analysis: analyseAttackGame(records, winner, margin, played.endReason),
      sgf,
    };
  } finally {
    await victim.close();
    await model?.close();
    await policy?.close();
  }
}

/** Aggregates finished games (in game order) into a report. */
export function summariseAttack(settings: AttackSettings, results: AttackGame[], resumed = 0): AttackReport {
  const scoredGames = results.filter((g) => g.winner !== "forfeit");
  const adversaryWins = scoredGames.filter((g) => g.winner === "adversary").length;
  const victimWins = scoredGames.filter((g) => g.winner === "victim").length;
  const forfeitReasons: Record<string, number> = {};
  for (const g of results)
    if (g.forfeit)
      forfeitReasons[`${g.forfeit}-${g.endReason.replace(/^(black|white)-/, "")}`] =
        (forfeitReasons[`${g.forfeit}-${g.endReason.replace(/^(black|white)-/, "")}`] ?? 0) + 1;
  const per = (c: "B" | "W") => ({
    games: scoredGames.filter((g) => g.adversaryColor === c).length,
    wins: scoredGames.filter((g) => g.adversaryColor === c && g.winner === "adversary").length,
  });
  return {
    games: results.length,
    scored: scoredGames.length,
    forfeits: results.length - scoredGames.length,
    forfeitReasons,
    adversaryWins,
    victimWins,
    draws: scoredGames.length - adversaryWins - victimWins,
    winRate: scoredGames.length ? adversaryWins / scoredGames.length : 0,
    wilson95: wilson95(adversaryWins, scoredGames.length),
    byColor: { B: per("B"), W: per("W") },
    resumed,
    settings,
    results,
  };
}

/** One line of the results JSONL: a finished game and the settings it was played with. */
export interface AttackResultLine extends AttackGame {
  /** Hash of the settings (games of other settings in the same file are refused). */
  fingerprint: string;
  settings: AttackSettings;
}

/** A short hash of the settings that decide the games. */
export function settingsFingerprint(settings: AttackSettings): string {
  return createHash("sha256").update(JSON.stringify(settings)).digest("hex").slice(0, 16);
}

/** Starts and stops each engine once, so a wrong command is a setup error before any game. */
async function checkEngines(r: ResolvedAttack): Promise<void> {
  const victim = await GtpEngine.start(r.victimCommand, { timeoutMs: r.settings.timeoutMs });
  await victim.close();
  for (const [what, command] of [
    ["adversary policy", r.policyCommand],
    ["victim model", r.victimModelCommand],
  ] as const) {
    if (!command) continue;
    try {
      await (await GtpEngine.start(command, { timeoutMs: ADVERSARY_ENGINE_TIMEOUT_MS })).close();
    } catch (err) {
      if (err instanceof GtpFailure) throw new GtpFailure(err.reason, `The ${what} did not start: ${err.message}`);
      throw err;
    }
  }
}

/**
 * Plays the adversary against a GTP victim over `games` games, colours alternating: serially or in
 * `parallel` worker processes (same games either way), resuming from and appending to `results`.
 */
export async function runAttack(options: AttackOptions): Promise<AttackReport> {
  const r = resolveAttack(options);
  const fingerprint = settingsFingerprint(r.settings);
  if (r.sgfDir) makeFolder(r.sgfDir);
  let store: JsonlAppender<AttackResultLine> | undefined;
  const done = new Map<number, AttackGame>();
  if (options.results) {
    try {
      store = await JsonlAppender.open<AttackResultLine>(options.results);
    } catch (err) {
      if (err instanceof InvalidInputError || (err as { exitCode?: number }).exitCode !== undefined) throw err;
      throw new InvalidInputError(
        `Cannot open the results file ${options.results} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give --results a writable file path.`,
      );
    }
    for (const line of store.records) {
      if (line.fingerprint !== fingerprint) {
        const differ = Object.keys(r.settings).filter(
          (k) => JSON.stringify(line.settings?.[k as keyof AttackSettings]) !== JSON.stringify(r.settings[k as keyof AttackSettings]),
        );
        throw new InvalidInputError(
          `The results file ${options.results} holds game ${line.game} of a match with other settings (${differ.join(", ") || "unknown"}): use a new --results file, or the same settings to resume.`,
        );
      }
      const { fingerprint: _f, settings: _s, ...game } = line;
      if (game.game >= 1 && game.game <= r.games) done.set(game.game, game);
    }
  }
  await checkEngines(r);
  const todo = Array.from({ length: r.games }, (_, i) => i).filter((i) => !done.has(i + 1));
  const task = progressTask(options.onProgress, "games", r.games, "games");
  if (done.size) task.set(done.size, `${done.size} resumed from ${options.results}`);
  const finished = async (g: AttackGame) => {
    done.set(g.game, g);
    await store?.append({ ...g, fingerprint, settings: r.settings });
    const list = [...done.values()];
    const line = `game ${g.game}: ${g.winner === "forfeit" ? `${g.forfeit} forfeit (${g.endReason})` : `${g.winner} by ${Math.abs(g.margin)}`} in ${g.moves} moves; adversary ${list.filter((x) => x.winner === "adversary").length}/${list.filter((x) => x.winner !== "forfeit").length} scored`;
    options.onProgress?.({ kind: "log", label: "games", message: line });
    task.tick(1, line);
  };
  const onMove = (e: AttackMoveEvent) =>
    options.onProgress?.({ kind: "step", label: `game ${e.game}`, done: e.move, unit: "moves", detail: formatMoveEvent(e) });
  const parallel = Math.min(options.parallel ?? 1, todo.length);
  if (parallel > 1) {
    const { runInWorkers } = await import("./attackWorkers.js");
    await runInWorkers(r, todo, parallel, { onMove, onGame: finished, ...(options.signal ? { signal: options.signal } : {}) });
  } else {
    for (const i of todo) {
      throwIfAborted(options.signal);
      await finished(await playAttackGame(r, i, { onMove, ...(options.signal ? { signal: options.signal } : {}) }));
    }
  }
  task.done();
  const results = [...done.values()].sort((a, b) => a.game - b.game);
  return summariseAttack(r.settings, results, r.games - todo.length);
}
