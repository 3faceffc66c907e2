/**
 * Tromp-Taylor area scoring (stones plus empty regions that reach only one colour, no dead-stone
 * removal) and Benson's pass-alive analysis, which the `--harden` defence and the docs' ownership maps use.
 * @module
 */
import { BLACK, type Board, type Color, EMPTY, opponent, WHITE } from "./Board.js";

/** A Tromp-Taylor count. */
export interface TrompTaylorScore {
  /** Black stones plus empty points reaching only black. */
  black: number;
  /** White stones plus empty points reaching only white (komi not included). */
  white: number;
  /** Empty points reaching both colours or neither. */
  neutral: number;
  komi: number;
  /** `black - white - komi`: positive means Black wins. */
  margin: number;
  /** `"B"`, `"W"` or `"0"` (jigo). */
  winner: "B" | "W" | "0";
  /** Per on-board point, row by row from the top: 1 black, -1 white, 0 neutral. */
  ownership: number[];
}

/**
 * Owner of every padded point: 1 black area, 2 white area, 0 neutral (EDGE cells stay 0). One flood
 * fill per empty region.
 */
export function ownershipMap(board: Board): Uint8Array {
  const owner = new Uint8Array(board.area);
  const seen = new Uint8Array(board.area);
  const stack: number[] = [];
  const region: number[] = [];
  const color = board.color;
  for (let y = 0; y < board.size; y++) {
    for (let x = 0; x < board.size; x++) {
      const p = board.pt(x, y);
      const c = color[p];
      if (c === BLACK || c === WHITE) {
        owner[p] = c;
        continue;
      }
      if (seen[p]) continue;
      let reach = 0;
      region.length = 0;
      stack.push(p);
      seen[p] = 1;
      while (stack.length) {
        const q = stack.pop() as number;
        region.push(q);
        for (let d = 0; d < 4; d++) {
          const n = q + (board.dirs[d] as number);
          const nc = color[n];
          if (nc === EMPTY) {
            if (!seen[n]) {
              seen[n] = 1;
              stack.push(n);
            }
          } else if (nc === BLACK) reach |= 1;
          else if (nc === WHITE) reach |= 2;
        }
      }
      const o = reach === 1 ? 1 : reach === 2 ? 2 : 0;
      for (const q of region) owner[q] = o;
    }
  }
  return owner;
}

/** Scores `board` under Tromp-Taylor rules with `komi` added to White. */
export function scoreTrompTaylor(board: Board, komi: number): TrompTaylorScore {
  const owner = ownershipMap(board);
  let black = 0;
  let white = 0;
  let neutral = 0;
  const ownership: number[] = [];
  for (let y = 0; y < board.size; y++) {
    for (let x = 0; x < board.size; x++) {
      const o = owner[board.pt(x, y)];
      if (o === 1) black++;
      else if (o === 2) white++;
      else neutral++;
      ownership.push(o === 1 ? 1 : o === 2 ? -1 : 0);
    }
  }
  const margin = black - white - komi;
  return { black, white, neutral, komi, margin, winner: margin > 0 ? "B" : margin < 0 ? "W" : "0", ownership };
}

/**
 * Fast Tromp-Taylor margin (`black - white - komi`) for a finished random playout, where every empty
 * point is a single-point region; falls back to the full count otherwise.
 */
export function quickMargin(board: Board, komi: number): number {
  const color = board.color;
  const s = board.stride;
  let score = 0;
  for (let y = 1; y <= board.size; y++) {
    const end = y * s + board.size;
    for (let p = y * s + 1; p <= end; p++) {
      const c = color[p];
      if (c === BLACK) score++;
      else if (c === WHITE) score--;
      else {
        const reach =
          (1 << (color[p + 1] as number)) |
          (1 << (color[p - 1] as number)) |
          (1 << (color[p + s] as number)) |
          (1 << (color[p - s] as number));
        // Bits: 1 EMPTY, 2 BLACK, 4 WHITE, 8 EDGE.
        if (reach & 1) return scoreTrompTaylor(board, komi).margin;
        const bw = reach & 6;
        if (bw === 2) score++;
        else if (bw === 4) score--;
      }
    }
  }
  return score - komi;
}

/**
 * Benson's algorithm: the chains of `color` that are unconditionally alive (pass-alive: the opponent
 * cannot capture them even if `color` always passes), and the regions they enclose as pass-alive
 * territory. Returns a padded mask: 1 on alive stones and on the points of their vital regions.
 */
export function passAliveArea(board: Board, color: Color): Uint8Array {
  const area = board.area;
  const cboard = board.color;
  // Label regions: maximal connected sets of points that are not `color` stones.
  const regionOf = new Int32Array(area).fill(-1);
  const regions: number[][] = [];
  for (const p of board.points()) {
    if (cboard[p] === color || regionOf[p] !== -1) continue;
    const id = regions.length;
    const pts: number[] = [];
    const stack = [p];
    regionOf[p] = id;
    while (stack.length) {
      const q = stack.pop() as number;
      pts.push(q);
      for (let d = 0; d < 4; d++) {
        const n = q + (board.dirs[d] as number);
        const nc = cboard[n];
        if (nc !== color && nc !== 3 && regionOf[n] === -1) {
          regionOf[n] = id;
          stack.push(n);
        }
      }
    }
    regions.push(pts);
  }
  // Chains of `color` by head, with the regions each borders.
  const chainHeads = new Set<number>();
  for (const p of board.points()) if (cboard[p] === color) chainHeads.add(board.head[p] as number);
  const regionChains: Set<number>[] = regions.map(() => new Set());
  for (const [id, pts] of regions.entries()) {
    for (const q of pts) {
      for (let d = 0; d < 4; d++) {
        const n = q + (board.dirs[d] as number);
        if (cboard[n] === color) regionChains[id]?.add(board.head[n] as number);
      }
    }
  }
  // A region is vital to chain X when every empty point of it is a liberty of X.
  const vital = (id: number, h: number): boolean => {
    for (const q of regions[id] as number[]) {
      if (cboard[q] !== EMPTY) continue;
      let adj = false;
      for (let d = 0; d < 4; d++) {
        const n = q + (board.dirs[d] as number);
        if (cboard[n] === color && board.head[n] === h) adj = true;
      }
      if (!adj) return false;
    }
    return true;
  };
  const aliveChains = new Set(chainHeads);
  const aliveRegions = new Set(regions.map((_, i) => i));
  let changed = true;
  while (changed) {
    changed = false;
    for (const h of [...aliveChains]) {
      let count = 0;
      for (const id of aliveRegions) if (regionChains[id]?.has(h) && vital(id, h)) count++;
      if (count < 2) {
        aliveChains.delete(h);
        changed = true;
      }
    }
    for (const id of [...aliveRegions]) {
      for (const h of regionChains[id] ?? []) {
        if (!aliveChains.has(h)) {
          aliveRegions.delete(id);
          changed = true;
          break;
        }
      }
    }
  }
  const mask = new Uint8Array(area);
  for (const p of board.points()) {
    if (cboard[p] === color && aliveChains.has(board.head[p] as number)) mask[p] = 1;
  }
  for (const id of aliveRegions) {
    const chains = regionChains[id] as Set<number>;
    if (chains.size === 0) continue;
    let isVital = false;
    for (const h of chains) if (vital(id, h)) isVital = true;
    if (!isVital) continue;
    for (const q of regions[id] as number[]) mask[q] = 1;
  }
  return mask;
}

/**
 * The stones of `opponent(color)` stranded inside `color`'s area: the stones the pass attack plants.
 * Every maximal region of points that are not `color` stones is enclosed by `color`; its opponent stones
 * are stranded when none of them is pass-alive (Benson) and they are few (at most half as many as the
 * region's empty points and as the `color` stones around it), so the region is `color`'s area with a
 * few intruders, not the opponent's own living shape. A heuristic: Tromp-Taylor itself has no notion
 * of dead stones.
 */
export function strandedStones(board: Board, color: Color): number[] {
  const opp = opponent(color);
  const oppAlive = passAliveArea(board, opp);
  const seen = new Uint8Array(board.area);
  const out: number[] = [];
  for (const p of board.points()) {
    if (board.color[p] === color || seen[p]) continue;
    const stack = [p];
    seen[p] = 1;
    const stones: number[] = [];
    let empties = 0;
    let alive = false;
    const border = new Set<number>();
    while (stack.length) {
      const q = stack.pop() as number;
      if (board.color[q] === opp) {
        stones.push(q);
        if (oppAlive[q]) alive = true;
      } else empties++;
      for (let d = 0; d < 4; d++) {
        const n = q + (board.dirs[d] as number);
        const nc = board.color[n];
        if (nc === color) border.add(n);
        else if (!seen[n] && nc !== 3) {
          seen[n] = 1;
          stack.push(n);
        }
      }
    }
    if (stones.length > 0 && !alive && stones.length * 2 <= empties && stones.length * 2 <= border.size) out.push(...stones);
  }
  return out;
}
