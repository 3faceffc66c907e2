/**
 * KataGo's JSON analysis-engine protocol (`katago analysis -config analysis.cfg -model net.bin.gz`):
 * query encoding, response decoding, and a {@link VictimModel} that asks a running KataGo for the
 * victim's move. No KataGo binary exists on yomikai's machines: the encoding and decoding are tested,
 * the process side is not.
 * @module
 */

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ExternalError, FileFormatError, type Rng } from "../../core/index.js";
import { PASS } from "./Board.js";
import { colorLetter, fromVertex, type Game, toVertex } from "./Game.js";
import { splitCommand } from "./GtpEngine.js";
import type { VictimModel } from "./Mcts.js";

/** One analysis query, as KataGo reads it (one JSON object per line). */
export interface KataGoQuery {
  id: string;
  moves: [string, string][];
  rules: string;
  komi: number;
  boardXSize: number;
  boardYSize: number;
  analyzeTurns: number[];
  maxVisits: number;
  includePolicy?: boolean;
  includeOwnership?: boolean;
}

/** One candidate move of a response. */
export interface KataGoMoveInfo {
  move: string;
  visits: number;
  winrate: number;
  scoreLead?: number;
  prior: number;
  order: number;
  pv?: string[];
}

/** A decoded analysis response. */
export interface KataGoResponse {
  id: string;
  turnNumber: number;
  moveInfos: KataGoMoveInfo[];
  rootInfo?: { winrate: number; scoreLead?: number; visits: number; currentPlayer?: string };
  /** Row-major from the top, from the perspective KataGo's config sets (default: White). */
  ownership?: number[];
  /** Policy over `size*size + 1` entries (pass last), `-1` for illegal moves. */
  policy?: number[];
}

/** Encodes the position of `game` as a KataGo analysis query line (no trailing newline). */
export function encodeKataGoQuery(
  game: Game,
  options: { id: string; maxVisits: number; includePolicy?: boolean; includeOwnership?: boolean },
): string {
  const query: KataGoQuery = {
    id: options.id,
    moves: game.moves.map((m) => [colorLetter(m.color), toVertex(game.board, m.point)]),
    rules: "tromp-taylor",
    komi: game.komi,
    boardXSize: game.size,
    boardYSize: game.size,
    analyzeTurns: [game.moves.length],
    maxVisits: options.maxVisits,
    ...(options.includePolicy ? { includePolicy: true } : {}),
    ...(options.includeOwnership ? { includeOwnership: true } : {}),
  };
  return JSON.stringify(query);
}

/** Decodes one response line; throws {@link ExternalError} for a KataGo error object, {@link FileFormatError} for bad JSON. */
export function decodeKataGoResponse(line: string): KataGoResponse {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    throw new FileFormatError("KataGo analysis response", undefined, `not JSON: ${line.slice(0, 60)}`, { cause: err });
  }
  if (typeof raw !== "object" || raw === null) throw new FileFormatError("KataGo analysis response", undefined, "not an object");
  const r = raw as Record<string, unknown>;
  if (typeof r.error === "string")
    throw new ExternalError(`KataGo rejected query ${String(r.id ?? "?")}: ${r.error}${r.field ? ` (field ${String(r.field)})` : ""}`);
  if (typeof r.id !== "string" || !Array.isArray(r.moveInfos))
    throw new FileFormatError("KataGo analysis response", undefined, "missing id or moveInfos");
  const moveInfos = (r.moveInfos as Record<string, unknown>[]).map((m) => ({
    move: String(m.move),
    visits: Number(m.visits ?? 0),
    winrate: Number(m.winrate ?? 0),
    ...(m.scoreLead === undefined ? {} : { scoreLead: Number(m.scoreLead) }),
    prior: Number(m.prior ?? 0),
    order: Number(m.order ?? 0),
    ...(Array.isArray(m.pv) ? { pv: (m.pv as unknown[]).map(String) } : {}),
  }));
  const out: KataGoResponse = { id: r.id, turnNumber: Number(r.turnNumber ?? 0), moveInfos };
  if (r.rootInfo && typeof r.rootInfo === "object") {
    const ri = r.rootInfo as Record<string, unknown>;
    out.rootInfo = {
      winrate: Number(ri.winrate),
      visits: Number(ri.visits),
      ...(ri.scoreLead === undefined ? {} : { scoreLead: Number(ri.scoreLead) }),
      ...(typeof ri.currentPlayer === "string" ? { currentPlayer: ri.currentPlayer } : {}),
    };
  }
  if (Array.isArray(r.ownership)) out.ownership = (r.ownership as unknown[]).map(Number);
  if (Array.isArray(r.policy)) out.policy = (r.policy as unknown[]).map(Number);
  return out;
}

/**
 * The victim's move from a KataGo response: mode `"policy"` (A-MCTS-S) samples the raw policy with
 * `temperature`; mode `"search"` (A-MCTS-R) takes the move KataGo ranks first.
 */
export function kataGoMove(game: Game, response: KataGoResponse, mode: "policy" | "search", rng: Rng, temperature = 1): number {
  if (mode === "policy" && response.policy) {
    const n = game.size * game.size;
    const weights = response.policy.map((p) => (p > 0 ? p ** (1 / temperature) : 0));
    const i = rng.weighted(weights);
    if (i >= n) return PASS;
    return game.board.pt(i % game.size, Math.floor(i / game.size));
  }
  const best = [...response.moveInfos].sort((a, b) => a.order - b.order)[0];
  return best ? fromVertex(game.board, best.move) : PASS;
}

/** A running `katago analysis` process as the victim model. */
export class KataGoVictimModel implements VictimModel {
  readonly name: string;
  queries = 0;
  private child: ChildProcessWithoutNullStreams | null = null;
  private waiting = new Map<string, (line: string) => void>();
  private cache = new Map<string, KataGoResponse>();
  private nextId = 0;
  constructor(
    readonly command: string,
    readonly mode: "policy" | "search",
    readonly visits = 1,
  ) {
    this.name = `katago(${mode}, ${mode === "policy" ? 1 : visits} visits)`;
  }
  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const [prog, ...args] = splitCommand(this.command);
    if (!prog) throw new ExternalError('Empty KataGo command: give e.g. "katago analysis -config analysis.cfg -model net.bin.gz".');
    const child = spawn(prog, args, { stdio: ["pipe", "pipe", "pipe"] });
    child.on("error", (err) => {
      for (const r of this.waiting.values()) r(JSON.stringify({ id: "?", error: `could not start KataGo: ${err.message}` }));
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      const id = /"id"\s*:\s*"([^"]*)"/.exec(line)?.[1];
      const r = id === undefined ? undefined : this.waiting.get(id);
      if (id !== undefined && r) {
        this.waiting.delete(id);
        r(line);
      }
    });
    this.child = child;
    return child;
  }
  async move(game: Game, rng: Rng): Promise<number> {
    const key = `${game.board.key}:${game.toPlay}:${game.moves.length}`;
    let res = this.cache.get(key);
    if (!res) {
      this.queries++;
      const child = this.start();
      const id = `q${this.nextId++}`;
      const line = await new Promise<string>((resolve) => {
        this.waiting.set(id, resolve);
        child.stdin.write(
          `${encodeKataGoQuery(game, { id, maxVisits: this.mode === "policy" ? 1 : this.visits, includePolicy: this.mode === "policy" })}\n`,
        );
      });
      res = decodeKataGoResponse(line);
      this.cache.set(key, res);
    }
    return kataGoMove(game, res, this.mode, rng);
  }
  async close(): Promise<void> {
    this.child?.kill();
    this.child = null;
  }
}
