/**
 * Web page of adversarial Go: replays attack games from SGF with the board, the Tromp-Taylor ownership
 * map of every position, and the moves where the victim passed.
 * @module
 */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError, withinLimit } from "../../core/index.js";
import { Game, GO_LIMITS, PASS, parseSgf, scoreTrompTaylor, sgfToGame, strandedStones } from "../../systems/adversarial-go/index.js";
import type { WebPage } from "../types.js";

/**
 * Folder the page lists games from: `$YOMIKAI_GO_GAMES`, else the bench's SGFs shipped with the package
 * (`bench/results/adversarial-go-games`, found from this file so `yomikai serve` works from any folder).
 */
const GAMES_DIR = process.env.YOMIKAI_GO_GAMES ?? fileURLToPath(new URL("../../../bench/results/adversarial-go-games", import.meta.url));

/** One letter per point of a Tromp-Taylor ownership map: `b` Black's, `w` White's, `.` neutral. */
const OWNER_LETTER: Record<number, string> = { 1: "b", [-1]: "w", 0: "." };

/**
 * Every position of an SGF game with its Tromp-Taylor ownership: what the page draws. Frames are
 * compact (a position is two strings of one letter per point), and a game of more than
 * `GO_LIMITS.replayMoves.max` moves is refused before any is replayed, so one request's work is bounded.
 */
export function replayFrames(text: string) {
  if (text.length > GO_LIMITS.replayBytes.max)
    throw new InvalidInputError(
      `The SGF is larger than ${GO_LIMITS.replayBytes.max / 1024} KiB, the page's limit; count it with "yomikai go score FILE".`,
    );
  const sgf = parseSgf(text);
  if (sgf.moves.length > GO_LIMITS.replayMoves.max)
    throw new InvalidInputError(
      `The SGF has ${sgf.moves.length} moves; the page replays at most ${GO_LIMITS.replayMoves.max}. Count it with "yomikai go score FILE".`,
    );
  if (!withinLimit(sgf.komi, GO_LIMITS.komi))
    throw new InvalidInputError(`The SGF's komi ${sgf.komi} is outside ${GO_LIMITS.komi.min}…${GO_LIMITS.komi.max}.`);
  const full = sgfToGame(sgf);
  const isAdversary = (name?: string) => (name ?? "").startsWith("yomikai");
  const victimColor = isAdversary(sgf.playerBlack) ? 2 : isAdversary(sgf.playerWhite) ? 1 : null;
  const g = new Game(sgf.size, sgf.komi);
  const frame = () => {
    const s = scoreTrompTaylor(g.board, g.komi);
    const points = g.board.points();
    const stones = points.map((p) => g.board.color[p] as number);
    const stranded = victimColor ? strandedStones(g.board, victimColor as 1 | 2).map((p) => points.indexOf(p)) : [];
    return {
      stones: stones.join(""),
      ownership: s.ownership.map((o) => OWNER_LETTER[o]).join(""),
      black: s.black,
      white: s.white,
      neutral: s.neutral,
      margin: s.margin,
      stranded,
    };
  };
  const frames = [frame()];
  const moves = full.moves.map((m, i) => {
    g.play(m.point, m.color);
    frames.push(frame());
    const [x, y] = m.point === PASS ? [-1, -1] : g.board.xy(m.point);
    return { color: m.color, x, y, comment: sgf.moves[i]?.comment ?? "" };
  });
  const victimPasses = moves.flatMap((m, i) => (m.x < 0 && m.color === victimColor ? [i + 1] : []));
  return {
    size: sgf.size,
    komi: sgf.komi,
    rules: sgf.rules ?? null,
    result: sgf.result ?? null,
    playerBlack: sgf.playerBlack ?? "",
    playerWhite: sgf.playerWhite ?? "",
    comment: sgf.comment ?? "",
    victimColor,
    moves,
    frames,
    victimPasses,
  };
}

const SCRIPT = String.raw`
import { api as call, esc, showError } from "/assets/yomikai.js";
const $ = (s) => document.querySelector(s);
let data = null, at = 0;
const api = (name, body) => call('/api/adversarial-go/' + name, body);
function draw() {
  const n = data.size, c = 28, pad = 20, w = pad * 2 + c * (n - 1);
  const f = data.frames[at];
  const showOwn = $('#own').checked;
  let s = '<svg viewBox="0 0 ' + w + ' ' + w + '" width="' + Math.min(560, w * 1.4) + '" role="img" aria-label="board"><rect width="100%" height="100%" fill="#dcb35c"/>';
  for (let i = 0; i < n; i++) {
    s += '<line x1="' + pad + '" y1="' + (pad + i * c) + '" x2="' + (pad + (n - 1) * c) + '" y2="' + (pad + i * c) + '" stroke="#333" stroke-width="1"/>';
    s += '<line y1="' + pad + '" x1="' + (pad + i * c) + '" y2="' + (pad + (n - 1) * c) + '" x2="' + (pad + i * c) + '" stroke="#333" stroke-width="1"/>';
  }
  for (let i = 0; i < n * n; i++) {
    const x = pad + (i % n) * c, y = pad + Math.floor(i / n) * c, st = f.stones[i];
    if (showOwn && f.ownership[i] !== '.') s += '<rect x="' + (x - c / 2 + 3) + '" y="' + (y - c / 2 + 3) + '" width="' + (c - 6) + '" height="' + (c - 6) + '" fill="' + (f.ownership[i] === 'b' ? '#000' : '#fff') + '" opacity="0.35"/>';
    if (st === '1' || st === '2') s += '<circle cx="' + x + '" cy="' + y + '" r="' + (c / 2 - 1) + '" fill="' + (st === '1' ? '#111' : '#f4f4f4') + '" stroke="#000"/>';
    if (f.stranded.includes(i)) s += '<circle cx="' + x + '" cy="' + y + '" r="5" fill="#d22"/>';
  }
  const m = data.moves[at - 1];
  if (m && m.x >= 0) s += '<circle cx="' + (pad + m.x * c) + '" cy="' + (pad + m.y * c) + '" r="4" fill="none" stroke="#e33" stroke-width="2"/>';
  s += '</svg>';
  $('#board').innerHTML = s;
  const who = (col) => (col === 1 ? 'Black' : 'White') + (data.victimColor ? (col === data.victimColor ? ' (victim)' : ' (adversary)') : '');
  const mv = m ? who(m.color) + ' ' + (m.x < 0 ? '<b>pass</b>' : 'ABCDEFGHJKLMNOPQRST'[m.x] + (n - m.y)) : 'start';
  const margin = f.margin;
  $('#info').innerHTML = 'Move ' + at + ' / ' + data.moves.length + ': ' + mv + (data.victimPasses.includes(at) ? ' <b class="error">← the victim passed here</b>' : '') +
    '<br>Tromp-Taylor: Black ' + f.black + ', White ' + f.white + ' + komi ' + data.komi + ', neutral ' + f.neutral + ' → ' + (margin > 0 ? 'B+' + margin : margin < 0 ? 'W+' + (-margin) : 'jigo') +
    (f.stranded.length ? '<br><span class="muted">red dots: adversary stones stranded in the victim\'s area (they still count under Tromp-Taylor)</span>' : '') +
    (m && m.comment ? '<br><span class="muted">' + esc(m.comment) + '</span>' : '');
  $('#slider').value = at;
}
function show(j) {
  data = j; at = j.moves.length;
  $('#slider').max = j.moves.length;
  $('#meta').textContent = 'Black: ' + j.playerBlack + ' · White: ' + j.playerWhite + ' · ' + j.size + 'x' + j.size + ' komi ' + j.komi + ' · rules ' + (j.rules || '?') + ' · result ' + (j.result || '?');
  $('#passes').innerHTML = j.victimPasses.length ? 'Victim passes: ' + j.victimPasses.map((p) => '<button data-go="' + p + '">move ' + p + '</button>').join(' ') : '<span class="muted">no victim pass recorded</span>';
  $('#viewer').hidden = false;
  draw();
}
async function load(body) {
  $('#err').textContent = '';
  try { show(await api('replay', body)); } catch (e) { showError($('#err'), e); }
}
$('#slider').addEventListener('input', (e) => { at = Number(e.target.value); draw(); });
$('#prev').onclick = () => { if (at > 0) { at--; draw(); } };
$('#next').onclick = () => { if (data && at < data.moves.length) { at++; draw(); } };
$('#own').onchange = () => data && draw();
$('#passes').addEventListener('click', (e) => { const g = e.target.dataset && e.target.dataset.go; if (g) { at = Number(g); draw(); } });
$('#file').onchange = async (e) => { const f = e.target.files[0]; if (f) load({ sgf: await f.text() }); };
$('#paste').onclick = () => load({ sgf: $('#sgf').value });
// Games grouped by their folder (one bench condition each); a button per game, labelled by its number
// and the adversary's colour. The first game of "default" (or of the first group) opens at once.
api('list').then((j) => {
  if (!j.games.length) {
    $('#list').innerHTML = '<span class="muted">No games in ' + esc(j.dir) + ' yet: run the bench or <code>yomikai go attack --sgf-dir ' + esc(j.dir) + '</code>.</span>';
    return;
  }
  const groups = new Map();
  for (const g of j.games) {
    const slash = g.lastIndexOf('/');
    const key = slash < 0 ? '(folder)' : g.slice(0, slash);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(g);
  }
  const label = (g) => { const m = /game-(\d+)(?:-adv([BW]))?/.exec(g); return m ? String(Number(m[1])) + (m[2] ? '·' + m[2] : '') : g; };
  $('#list').innerHTML = '<table class="games">' + [...groups].map(([k, gs]) => '<tr><th>' + esc(k) + '</th><td>' + gs.map((g) => '<button data-name="' + esc(g) + '" title="' + esc(g) + '">' + esc(label(g)) + '</button>').join(' ') + '</td></tr>').join('') + '</table><p class="muted">Buttons: game number · adversary colour.</p>';
  const first = (groups.get('default') || [...groups.values()][0])[0];
  load({ name: first });
}).catch((e) => showError($('#list'), e));
$('#list').addEventListener('click', (e) => { const n = e.target.dataset && e.target.dataset.name; if (n) load({ name: n }); });
`;

export const adversarialGoPage: WebPage = {
  slug: "adversarial-go",
  title: "Adversarial Go: the pass attack",
  render() {
    return `<h1>Adversarial Go: the pass attack</h1>
<p class="muted">Replays attack games (<code>yomikai go attack --sgf-dir</code>). The victim passes believing it has won; under Tromp-Taylor rules the adversary's stones left in its area still count and make its territory neutral. Shaded squares: Tromp-Taylor ownership of the position shown.</p>
<style>.games th { white-space: nowrap; vertical-align: top; font-weight: 600; } .games button { padding: .05rem .45rem; margin: .1rem 0; }</style>
<div class="card"><div id="list">loading…</div>
<p><input type="file" id="file" accept=".sgf"> or paste SGF: <textarea id="sgf" rows="2" cols="40"></textarea> <button id="paste">Replay</button></p>
<p id="err" class="error"></p></div>
<div id="viewer" hidden>
<p id="meta" class="muted"></p>
<p id="passes"></p>
<div id="board"></div>
<p><button id="prev">◀</button> <input type="range" id="slider" min="0" value="0" style="width:60%"> <button id="next">▶</button>
<label><input type="checkbox" id="own" checked> ownership</label></p>
<p id="info"></p>
</div>
<script type="module">${SCRIPT}</script>`;
  },
  bodyLimits: { replay: GO_LIMITS.replayBytes.max },
  api: {
    async list() {
      const dir = resolve(GAMES_DIR);
      let games: string[] = [];
      try {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          if (entry.isFile() && entry.name.endsWith(".sgf")) games.push(entry.name);
          else if (entry.isDirectory()) {
            for (const f of await readdir(join(dir, entry.name))) if (f.endsWith(".sgf")) games.push(`${entry.name}/${f}`);
          }
        }
      } catch {
        games = [];
      }
      games.sort();
      return { dir: GAMES_DIR, games };
    },
    async replay({ body }) {
      const b = (body ?? {}) as { sgf?: unknown; name?: unknown };
      if (typeof b.name === "string") {
        if (!/^([\w-]+\/)?[\w.-]+\.sgf$/.test(b.name) || b.name.includes(".."))
          throw new InvalidInputError(`Bad game name "${b.name}": pick one from the list.`);
        const text = await readFile(join(resolve(GAMES_DIR), b.name), "utf8").catch(() => {
          throw new InvalidInputError(`No game named ${b.name} in ${GAMES_DIR}.`);
        });
        return replayFrames(text);
      }
      if (typeof b.sgf !== "string" || !b.sgf.trim())
        throw new InvalidInputError("Send {sgf: '<SGF text>'} or {name: '<file from the list>'}.");
      return replayFrames(b.sgf);
    },
  },
};
