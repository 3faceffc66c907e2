/**
 * The referee: {@link playGame} plays one game between two players under Tromp-Taylor rules (a crashed,
 * hung or illegal-answering engine ends that game with a recorded reason), and {@link wilson95} gives
 * the interval of a win rate. The attack runner that uses it is `attack.ts`.
 * @module
 */
import { throwIfAborted, wilsonInterval } from "../../core/index.js";
import { BLACK, type Color, opponent, PASS, WHITE } from "./Board.js";
import { colorLetter, Game } from "./Game.js";
import { GtpFailure } from "./GtpEngine.js";
import { type Player, SearchPlayer } from "./players.js";
import type { TrompTaylorScore } from "./scoring.js";

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
  options: {
    maxMoves?: number;
    signal?: AbortSignal;
    /** Called after every move (`point` is {@link PASS} for a pass), e.g. for progress per move. */
    onMove?: (game: Game, color: Color, point: number) => void;
  } = {},
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
      options.onMove?.(game, c, ans);
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

/** Wilson score interval (95%) for `wins` out of `n`. */
export function wilson95(wins: number, n: number): [number, number] {
  return wilsonInterval(wins, n);
}

/** The file name `go attack --sgf-dir` gives game `n` (1-based): `game-001-advB.sgf` (the adversary's colour). */
export function attackSgfName(n: number, adversary: "B" | "W"): string {
  return `game-${String(n).padStart(3, "0")}-adv${adversary}.sgf`;
}
