/**
 * Adversarial Go (Wang et al., "Adversarial Policies Beat Professional-Level Go AIs", arXiv 2211.00241):
 * a fast Tromp-Taylor engine, SGF, a GTP client and server, MCTS and the adversarial A-MCTS-S/R that
 * model the victim inside the tree, and the pass attack against a real GTP victim (GNU Go).
 *
 * @example
 * ```ts
 * import { runAttack } from "yomikai/adversarial-go";
 * const report = await runAttack({ victim: "/usr/games/gnugo --mode gtp", games: 2, visits: 400 });
 * console.log(report.winRate, report.wilson95); // e.g. 1 [0.34, 1]
 * ```
 * @module
 */
export { BLACK, Board, type Color, EMPTY, MAX_SIZE, MIN_SIZE, opponent, PASS, type RandomSource, WHITE } from "./Board.js";
export { colorLetter, fromVertex, Game, type Move, parseColor, toVertex } from "./Game.js";
export { GtpEngine, type GtpEngineOptions, GtpFailure, type GtpFailureReason, splitCommand } from "./GtpEngine.js";
export { GtpServer, type GtpServerOptions } from "./GtpServer.js";
export {
  decodeKataGoResponse,
  encodeKataGoQuery,
  type KataGoMoveInfo,
  type KataGoQuery,
  type KataGoResponse,
  KataGoVictimModel,
  kataGoMove,
} from "./katago.js";
export { Mcts, type MctsOptions, type PassingRule, type SearchResult, type VictimModel } from "./Mcts.js";
export {
  type AdversaryKind,
  type AttackGame,
  type AttackOptions,
  type AttackReport,
  attackSgfName,
  type EndReason,
  type PlayedGame,
  playGame,
  runAttack,
  victimCommand,
  wilson95,
} from "./match.js";
export { GO_LIMITS } from "./options.js";
export { GtpPlayer, HardenedPlayer, type MoveAnswer, type Player, SearchPlayer, type SearchPlayerOptions } from "./players.js";
export { type PlayoutPolicy, runPlayout } from "./playout.js";
export { ownershipMap, passAliveArea, quickMargin, scoreTrompTaylor, strandedStones, type TrompTaylorScore } from "./scoring.js";
export { gameToSgf, parseSgf, type SgfGame, sgfToGame, writeSgf } from "./sgf.js";
export { measurePlayoutSpeed, type PlayoutSpeed } from "./speed.js";
export { type GtpModelMode, GtpVictimModel, MctsVictimModel } from "./victimModels.js";
