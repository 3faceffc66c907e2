/**
 * SGF (FF[4]) read and write for single games: size, komi, rules, players, result, setup stones and the
 * main line of moves. Variations are read but only the main line is kept.
 * @module
 */
import { FileFormatError } from "../../core/index.js";
import { BLACK, type Color, MAX_SIZE, MIN_SIZE, PASS, WHITE } from "./Board.js";
import { Game, type Move } from "./Game.js";

/** One game as SGF describes it. */
export interface SgfGame {
  size: number;
  komi: number;
  /** `RU` property, e.g. `"Tromp-Taylor"`. */
  rules?: string;
  /** `RE` property, e.g. `"W+12.5"`, `"B+R"`. */
  result?: string;
  playerBlack?: string;
  playerWhite?: string;
  /** `C` comment of the root node. */
  comment?: string;
  /** Setup stones (`AB`/`AW`) as `[color, x, y]`. */
  setup: { color: Color; x: number; y: number }[];
  /** Main-line moves; `x = y = -1` is a pass. */
  moves: { color: Color; x: number; y: number; comment?: string }[];
  /** Any other root properties, kept verbatim. */
  extra: Record<string, string[]>;
}

type Node = Record<string, string[]>;

/** Parses the first game tree of an SGF text. `path` only labels errors. */
export function parseSgf(text: string, path?: string): SgfGame {
  const fail = (detail: string): never => {
    throw new FileFormatError("SGF", path, detail);
  };
  let i = text.indexOf("(");
  if (i < 0) fail('no game tree: an SGF file starts with "(;"');
  const nodes: Node[] = [];
  let closed = false;
  i++;
  // Walk the main line: enter the first variation at each fork, stop at the first ')'.
  while (i < text.length && !closed) {
    const ch = text[i] as string;
    if (ch === ";") {
      i++;
      const node: Node = {};
      for (;;) {
        while (i < text.length && /\s/.test(text[i] as string)) i++;
        const m = /^[A-Za-z]+/.exec(text.slice(i, i + 16));
        if (!m) break;
        const ident = m[0].replace(/[a-z]/g, "");
        i += m[0].length;
        const values: string[] = [];
        for (;;) {
          while (i < text.length && /\s/.test(text[i] as string)) i++;
          if (text[i] !== "[") break;
          i++;
          let v = "";
          while (i < text.length && text[i] !== "]") {
            if (text[i] === "\\") i++;
            v += text[i] ?? "";
            i++;
          }
          if (i >= text.length) fail(`unterminated property value of ${ident}`);
          i++;
          values.push(v);
        }
        if (values.length === 0) fail(`property ${ident} has no value`);
        node[ident] = values;
      }
      nodes.push(node);
    } else if (ch === "(") i++;
    else if (ch === ")") closed = true;
    else if (/\s/.test(ch)) i++;
    else fail(`unexpected character "${ch}" at offset ${i}`);
  }
  if (!closed) fail("unbalanced parentheses: missing ')'");
  const root = nodes[0];
  if (!root) fail('no nodes: expected "(;GM[1]...)"');
  const r = root as Node;
  const gm = r.GM?.[0]?.trim();
  if (gm !== undefined && gm !== "1") fail(`GM[${gm}] is not a game of Go: Go records have GM[1]`);
  const size = Number(r.SZ?.[0] ?? 19);
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE)
    fail(`unsupported board size SZ[${r.SZ?.[0]}]: use ${MIN_SIZE}..${MAX_SIZE}`);
  const komi = Number(r.KM?.[0] ?? 0);
  if (!Number.isFinite(komi)) fail(`bad komi KM[${r.KM?.[0]}]: use a number such as 6.5`);
  const coord = (v: string, what: string): { x: number; y: number } => {
    if (v === "" || (v === "tt" && size <= 19)) return { x: -1, y: -1 };
    if (!/^[a-zA-Z]{2}$/.test(v)) fail(`bad point "${v}" in ${what}`);
    const x = v.charCodeAt(0) - 97;
    const y = v.charCodeAt(1) - 97;
    if (x < 0 || y < 0 || x >= size || y >= size) fail(`point "${v}" in ${what} is off the ${size}x${size} board`);
    return { x, y };
  };
  const game: SgfGame = { size, komi, setup: [], moves: [], extra: {} };
  const known = new Set(["GM", "FF", "SZ", "KM", "RU", "RE", "PB", "PW", "C", "AB", "AW", "CA", "AP"]);
  if (r.RU) game.rules = r.RU[0] as string;
  if (r.RE) game.result = r.RE[0] as string;
  if (r.PB) game.playerBlack = r.PB[0] as string;
  if (r.PW) game.playerWhite = r.PW[0] as string;
  if (r.C) game.comment = r.C[0] as string;
  for (const [k, v] of Object.entries(r)) if (!known.has(k) && k !== "B" && k !== "W") game.extra[k] = v;
  for (const [prop, color] of [
    ["AB", BLACK],
    ["AW", WHITE],
  ] as const) {
    for (const v of r[prop] ?? []) game.setup.push({ color, ...coord(v, prop) });
  }
  for (const node of nodes) {
    for (const [prop, color] of [
      ["B", BLACK],
      ["W", WHITE],
    ] as const) {
      const v = node[prop];
      if (v) {
        const move: SgfGame["moves"][number] = { color, ...coord(v[0] as string, prop) };
        if (node !== root && node.C) move.comment = node.C[0] as string;
        game.moves.push(move);
      }
    }
  }
  return game;
}

function escapeValue(v: string): string {
  return v.replace(/\\/g, "\\\\").replace(/]/g, "\\]");
}
function point(x: number, y: number): string {
  return x < 0 ? "" : String.fromCharCode(97 + x) + String.fromCharCode(97 + y);
}

/** Writes one game as SGF text (FF[4], GM[1]). */
export function writeSgf(game: SgfGame): string {
  const props: string[] = ["GM[1]", "FF[4]", "CA[UTF-8]", "AP[yomikai]", `SZ[${game.size}]`, `KM[${game.komi}]`];
  if (game.rules) props.push(`RU[${escapeValue(game.rules)}]`);
  if (game.playerBlack) props.push(`PB[${escapeValue(game.playerBlack)}]`);
  if (game.playerWhite) props.push(`PW[${escapeValue(game.playerWhite)}]`);
  if (game.result) props.push(`RE[${escapeValue(game.result)}]`);
  for (const [k, vs] of Object.entries(game.extra)) props.push(`${k}${vs.map((v) => `[${escapeValue(v)}]`).join("")}`);
  const ab = game.setup.filter((s) => s.color === BLACK);
  const aw = game.setup.filter((s) => s.color === WHITE);
  if (ab.length) props.push(`AB${ab.map((s) => `[${point(s.x, s.y)}]`).join("")}`);
  if (aw.length) props.push(`AW${aw.map((s) => `[${point(s.x, s.y)}]`).join("")}`);
  if (game.comment) props.push(`C[${escapeValue(game.comment)}]`);
  const lines = [`(;${props.join("")}`];
  for (const m of game.moves) {
    lines.push(`;${m.color === BLACK ? "B" : "W"}[${point(m.x, m.y)}]${m.comment ? `C[${escapeValue(m.comment)}]` : ""}`);
  }
  return `${lines.join("\n")})\n`;
}

/** Converts a {@link Game}'s moves to the SGF form. */
export function gameToSgf(
  game: Game,
  info: Partial<Omit<SgfGame, "size" | "komi" | "moves" | "setup">> & { comments?: Map<number, string> } = {},
): SgfGame {
  const { comments, ...rest } = info;
  return {
    size: game.size,
    komi: game.komi,
    setup: [],
    extra: {},
    ...rest,
    moves: game.moves.map((m, i) => {
      const [x, y] = m.point === PASS ? [-1, -1] : game.board.xy(m.point);
      const c = comments?.get(i);
      return { color: m.color, x, y, ...(c ? { comment: c } : {}) };
    }),
  };
}

/** Replays an SGF game under Tromp-Taylor rules; throws {@link FileFormatError} on an illegal move. */
export function sgfToGame(sgf: SgfGame, path?: string): Game {
  const g = new Game(sgf.size, sgf.komi);
  for (const s of sgf.setup) {
    const p = g.board.pt(s.x, s.y);
    if (!g.board.play(p, s.color)) throw new FileFormatError("SGF", path, `setup stone at ${point(s.x, s.y)} is illegal`);
  }
  g.history = new Set([g.board.key]);
  for (const [i, m] of sgf.moves.entries()) {
    const p = m.x < 0 ? PASS : g.board.pt(m.x, m.y);
    try {
      g.play(p, m.color);
    } catch (err) {
      throw new FileFormatError("SGF", path, `move ${i + 1} is illegal under Tromp-Taylor rules (${(err as Error).message})`);
    }
  }
  return g;
}

export type { Move };
