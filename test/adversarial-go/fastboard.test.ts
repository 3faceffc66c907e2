/**
 * The fast board (unrolled neighbour passes, packed neighbour counts, pseudo-liberties) against an
 * independent reference implementation of the rules: plain arrays, flood-fill liberties, captures then
 * suicide, simple ko, Tromp-Taylor counting by flood fill. Random games compare every position, every
 * capture count and the final score.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRng } from "../../src/core/index.js";
import {
  BLACK,
  Board,
  type Color,
  EMPTY,
  PASS,
  quickMargin,
  runPlayout,
  scoreTrompTaylor,
} from "../../src/systems/adversarial-go/index.js";
import { playoutRandom } from "../../src/systems/adversarial-go/playout.js";

/** Reference rules on a plain `size*size` array (0 empty, 1 black, 2 white). */
class RefBoard {
  readonly cells: number[];
  ko = -1;
  constructor(readonly size: number) {
    this.cells = new Array(size * size).fill(0);
  }
  nbrs(i: number): number[] {
    const n = this.size;
    const x = i % n;
    const y = Math.floor(i / n);
    const out: number[] = [];
    if (x > 0) out.push(i - 1);
    if (x < n - 1) out.push(i + 1);
    if (y > 0) out.push(i - n);
    if (y < n - 1) out.push(i + n);
    return out;
  }
  /** The chain at i and its distinct liberties. */
  group(i: number): { stones: number[]; libs: Set<number> } {
    const c = this.cells[i];
    const stones = [i];
    const seen = new Set([i]);
    const libs = new Set<number>();
    for (let k = 0; k < stones.length; k++) {
      for (const n of this.nbrs(stones[k] as number)) {
        if (this.cells[n] === 0) libs.add(n);
        else if (this.cells[n] === c && !seen.has(n)) {
          seen.add(n);
          stones.push(n);
        }
      }
    }
    return { stones, libs };
  }
  /** Plays c at i; returns stones captured (opponent) and suicided (own), or null when illegal. */
  play(i: number, c: number): { captured: number; suicided: number } | null {
    if (this.cells[i] !== 0 || i === this.ko) return null;
    const before = [...this.cells];
    this.cells[i] = c;
    let captured = 0;
    let capturedAt = -1;
    for (const n of this.nbrs(i)) {
      if (this.cells[n] === 3 - c) {
        const g = this.group(n);
        if (g.libs.size === 0) {
          for (const s of g.stones) this.cells[s] = 0;
          captured += g.stones.length;
          capturedAt = n;
        }
      }
    }
    const own = this.group(i);
    let suicided = 0;
    if (own.libs.size === 0) {
      if (own.stones.length === 1) {
        this.cells.splice(0, this.cells.length, ...before);
        return null; // single-stone suicide is illegal
      }
      for (const s of own.stones) this.cells[s] = 0;
      suicided = own.stones.length;
    }
    this.ko = captured === 1 && own.stones.length === 1 && own.libs.size === 1 ? capturedAt : -1;
    return { captured, suicided };
  }
  /** Tromp-Taylor margin (black - white - komi) by flood fill of the empty regions. */
  margin(komi: number): number {
    let score = 0;
    const seen = new Set<number>();
    for (let i = 0; i < this.cells.length; i++) {
      const c = this.cells[i];
      if (c === 1) score++;
      else if (c === 2) score--;
      else if (!seen.has(i)) {
        const region = [i];
        seen.add(i);
        let reach = 0;
        for (let k = 0; k < region.length; k++) {
          for (const n of this.nbrs(region[k] as number)) {
            const nc = this.cells[n] as number;
            if (nc === 0 && !seen.has(n)) {
              seen.add(n);
              region.push(n);
            } else if (nc !== 0) reach |= nc;
          }
        }
        if (reach === 1) score += region.length;
        else if (reach === 2) score -= region.length;
      }
    }
    return score - komi;
  }
}

const stonesOn = (b: Board) => {
  let n = 0;
  for (const p of b.points()) if (b.color[p] !== EMPTY) n++;
  return n;
};

/** Asserts the fast board shows the reference position and that its incremental state is consistent. */
function assertSame(b: Board, r: RefBoard, where: string): void {
  const s = b.size;
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const p = b.pt(x, y);
      assert.equal(b.color[p], r.cells[y * s + x], `${where}: colour at ${x},${y}`);
      if (b.color[p] === EMPTY) {
        assert.equal(b.empties[b.emptyIndex[p] as number], p, `${where}: empty list at ${x},${y}`);
        let packed = 0;
        for (let d = 0; d < 4; d++) packed += 1 << (4 * (b.color[p + (b.dirs[d] as number)] as number));
        assert.equal(b.nbr[p], packed, `${where}: neighbour counts at ${x},${y}`);
      } else {
        const h = b.head[p] as number;
        // Pseudo-liberties of the chain: stone/empty-neighbour pairs.
        let pseudo = 0;
        for (const q of b.chainPoints(p)) for (let d = 0; d < 4; d++) if (b.color[q + (b.dirs[d] as number)] === EMPTY) pseudo++;
        assert.equal(b.libs[h], pseudo, `${where}: pseudo-liberties of the chain at ${x},${y}`);
        const g = r.group(y * s + x);
        assert.equal(b.chainPoints(p).length, g.stones.length, `${where}: chain size at ${x},${y}`);
        assert.equal(b.liberties(p), g.libs.size, `${where}: liberties at ${x},${y}`);
        const al = b.atariLiberty(p);
        if (g.libs.size === 1) assert.equal(al, b.pt(([...g.libs][0] as number) % s, Math.floor(([...g.libs][0] as number) / s)));
        else assert.equal(al, -1, `${where}: atariLiberty at ${x},${y}`);
      }
    }
  }
  assert.equal(b.emptyCount, s * s - stonesOn(b), `${where}: empty count`);
  assert.equal(b.ko === -1 ? -1 : b.xy(b.ko).join(), r.ko === -1 ? -1 : [r.ko % s, Math.floor(r.ko / s)].join(), `${where}: ko`);
}

describe("fast board against reference rules", () => {
  it("random playouts: same positions, captures and final Tromp-Taylor score", () => {
    const rng = createRng("fastboard-playouts");
    for (const size of [5, 9, 13]) {
      const games = size === 13 ? 4 : 12;
      for (let g = 0; g < games; g++) {
        const b = new Board(size);
        const r = new RefBoard(size);
        const rand = playoutRandom(rng.nextUint32());
        let c: Color = BLACK;
        let passes = 0;
        let moves = 0;
        while (passes < 2 && moves < size * size * 3) {
          const before = stonesOn(b);
          const p = b.playRandom(c, rand);
          if (p === PASS) passes++;
          else {
            passes = 0;
            const [x, y] = b.xy(p);
            const res = r.play(y * size + x, c);
            assert.ok(res, `reference rejects ${x},${y} in game ${g}`);
            assert.equal(res.suicided, 0, "random playouts never suicide");
            assert.equal(stonesOn(b), before + 1 - res.captured, "same number of captured stones");
            assertSame(b, r, `${size}x${size} game ${g} move ${moves}`);
          }
          moves++;
          c = (3 - c) as Color;
        }
        for (const komi of [0, 6.5, 7.5]) {
          assert.equal(scoreTrompTaylor(b, komi).margin, r.margin(komi));
          assert.equal(quickMargin(b, komi), r.margin(komi));
        }
      }
    }
  });

  it("uniformly random moves incl. multi-stone suicide: same legality, captures and score", () => {
    const rng = createRng("fastboard-any");
    let suicides = 0;
    let kos = 0;
    for (let g = 0; g < 30; g++) {
      const size = g % 2 ? 5 : 7;
      const b = new Board(size);
      const r = new RefBoard(size);
      let c: Color = BLACK;
      for (let m = 0; m < size * size * 4; m++) {
        const i = rng.int(size * size);
        const p = b.pt(i % size, Math.floor(i / size));
        const before = stonesOn(b);
        const ok = b.play(p, c, true);
        const res = r.play(i, c);
        assert.equal(ok, res !== null, `game ${g} move ${m}: legality of ${i % size},${Math.floor(i / size)}`);
        if (res) {
          assert.equal(stonesOn(b), before + 1 - res.captured - res.suicided);
          if (res.suicided) suicides++;
          if (r.ko >= 0) kos++;
        }
        assertSame(b, r, `game ${g} move ${m}`);
        c = (3 - c) as Color;
      }
      assert.equal(scoreTrompTaylor(b, 6.5).margin, r.margin(6.5));
    }
    assert.ok(suicides > 0, "the random games exercised multi-stone suicide");
    assert.ok(kos > 0, "the random games exercised ko");
  });

  it("light playouts end in a position the reference scores the same way", () => {
    const rng = createRng("fastboard-light");
    for (let g = 0; g < 10; g++) {
      const b = new Board(9);
      const moves = runPlayout(b, BLACK, "light", playoutRandom(rng.nextUint32()));
      assert.ok(moves > 0);
      const r = new RefBoard(9);
      for (const p of b.points()) {
        const [x, y] = b.xy(p);
        r.cells[y * 9 + x] = b.color[p] as number;
      }
      // Every chain left on the board has a liberty (no capture was missed).
      for (const p of b.points()) if (b.color[p] !== EMPTY) assert.ok(b.liberties(p) > 0);
      assert.equal(quickMargin(b, 7.5), r.margin(7.5));
      assert.equal(scoreTrompTaylor(b, 7.5).margin, r.margin(7.5));
    }
  });

  it("the board's inline xorshift draws equal the generator's: same playouts either way", () => {
    for (const seed of [1, 2, 3]) {
      const a = new Board(9);
      const b = new Board(9);
      const ra = playoutRandom(seed);
      const rb = playoutRandom(seed);
      const plain = () => rb(); // a plain function: the board has to call it for every draw
      assert.equal(a.playout(BLACK, ra), b.playout(BLACK, plain));
      assert.deepEqual([...a.color], [...b.color]);
      assert.equal(ra(), rb(), "the generator continues from the state the board wrote back");
    }
  });

  it("copyFrom gives an independent board that plays the same playout", () => {
    const a = new Board(9);
    a.playout(BLACK, playoutRandom(5), 40);
    const b = new Board(9);
    b.copyFrom(a);
    const c = a.clone();
    b.playout(BLACK, playoutRandom(9));
    c.playout(BLACK, playoutRandom(9));
    assert.deepEqual([...b.color], [...c.color]);
    assert.notDeepEqual([...a.color], [...b.color], "the source board is untouched");
  });
});
