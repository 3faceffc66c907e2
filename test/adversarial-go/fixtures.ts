/** Builders for Go positions from ASCII pictures (X black, O white, . empty; first row is the top). */
import { BLACK, Game, WHITE } from "../../src/systems/adversarial-go/index.js";

/** A game whose board shows `rows`, with an empty history (setup stones, no moves). */
export function positionFromAscii(rows: string[], komi = 7): Game {
  const size = rows.length;
  const g = new Game(size, komi);
  for (const [y, row] of rows.entries()) {
    const cells = row.replace(/\s+/g, "");
    if (cells.length !== size) throw new Error(`row ${y} has ${cells.length} cells, expected ${size}`);
    for (const [x, ch] of [...cells].entries()) {
      if (ch === "X" && !g.board.play(g.board.pt(x, y), BLACK)) throw new Error(`bad X at ${x},${y}`);
      if (ch === "O" && !g.board.play(g.board.pt(x, y), WHITE)) throw new Error(`bad O at ${x},${y}`);
    }
  }
  g.board.ko = -1;
  g.history = new Set([g.board.key]);
  return g;
}
