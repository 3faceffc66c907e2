/**
 * Web page of contrastive decoding: one prompt, CD beside expert-only greedy and nucleus sampling; each
 * CD token can be opened to show its plausible set (expert and amateur log-probs and CD scores). With no
 * models given, the shipped demo pair trained on the King James Bible (copied once into
 * `<model cache>/demo`, no download) makes the page work out of the box with real, archaic English.
 * @module
 */

import { join } from "node:path";
import { InvalidInputError } from "../../core/index.js";
import { DEMO_PAIR_PROMPT, defaultCacheDir, type LanguageModel, loadLanguageModel, writeDemoPair } from "../../lm/index.js";
import { decodeBaseline, generateContrastive } from "../../systems/contrastive-decoding/index.js";
import { escapeHtml } from "../layout.js";
import type { WebPage } from "../types.js";

const loaded = new Map<string, Promise<LanguageModel>>();
/** Models stay open between requests (keyed by reference); one at a time per reference. */
function model(ref: string): Promise<LanguageModel> {
  let m = loaded.get(ref);
  if (!m) {
    m = loadLanguageModel(ref);
    m.catch(() => loaded.delete(ref));
    loaded.set(ref, m);
  }
  return m;
}

/** Closes every model the page opened (tests, shutdown). */
export async function closePageModels(): Promise<void> {
  for (const m of loaded.values()) await (await m.catch(() => undefined))?.close();
  loaded.clear();
}

/** Demo pairs already written by this process, keyed by folder. */
const demoPairs = new Map<string, { expert: string; amateur: string }>();
/** The shipped KJV demo pair, copied into `<model cache>/demo` on first use and reused after. */
export function demoPair(): { expert: string; amateur: string } {
  const dir = join(defaultCacheDir(), "demo");
  let pair = demoPairs.get(dir);
  if (!pair) {
    pair = writeDemoPair(dir);
    demoPairs.set(dir, pair);
  }
  return pair;
}

interface GenerateBody {
  /** Use the shipped KJV demo pair instead of `expert`/`amateur` (a checkbox sends "on"). */
  demo?: boolean | string;
  expert?: string;
  amateur?: string;
  prompt?: string;
  maxTokens?: number;
  alpha?: number;
  amateurTemperature?: number;
  amateurContext?: "full" | "last-token";
  seed?: number;
}

const num = (v: unknown, name: string, lo: number, hi: number, dflt: number, integer = false) => {
  if (v === undefined || v === null || v === "") return dflt;
  const n = Number(v);
  if (!(n >= lo && n <= hi) || (integer && !Number.isInteger(n)))
    throw new InvalidInputError(
      `${name} must be ${integer ? "a whole number " : ""}between ${lo} and ${hi}, got ${String(v)}; leave it empty for the default ${dflt}.`,
    );
  return n;
};

/** The page's API: runs CD, greedy and nucleus on one prompt. */
export async function generateComparison(body: GenerateBody, signal?: AbortSignal) {
  const useDemo = body.demo === true || body.demo === "on" || body.demo === "true";
  const demo = useDemo ? demoPair() : undefined;
  const expertRef = demo?.expert ?? (body.expert || process.env.YOMIKAI_CD_EXPERT);
  const amateurRef = demo?.amateur ?? (body.amateur || process.env.YOMIKAI_CD_AMATEUR);
  if (!expertRef || !amateurRef)
    throw new InvalidInputError(
      "Give an expert and an amateur model (a .gguf path or hf: reference), tick the KJV demo pair, or set YOMIKAI_CD_EXPERT and YOMIKAI_CD_AMATEUR.",
    );
  if (!body.prompt?.trim()) throw new InvalidInputError("The prompt is empty; type some text for the models to continue.");
  const maxTokens = num(body.maxTokens, "tokens", 1, 512, 48, true);
  const alpha = num(body.alpha, "α", 1e-6, 1, 0.1);
  const amateurTemperature = num(body.amateurTemperature, "τ", 0.01, 10, 0.5);
  const seed = num(body.seed, "seed", 0, 2 ** 31, 0, true);
  const expert = await model(expertRef);
  const amateur = await model(amateurRef);
  const sig = signal ? { signal } : {};
  const cd = await generateContrastive(expert, amateur, body.prompt, {
    maxTokens,
    alpha,
    amateurTemperature,
    amateurContext: body.amateurContext === "last-token" ? "last-token" : "full",
    traceTop: 12,
    ...sig,
  });
  const pieces = new Map<number, string>();
  const piece = async (t: number) => {
    let s = pieces.get(t);
    if (s === undefined) {
      s = await expert.detokenize([t]);
      pieces.set(t, s);
    }
    return s;
  };
  const steps = [];
  for (const s of cd.steps) {
    steps.push({
      token: s.token,
      piece: await piece(s.token),
      expertLogProb: s.expertLogProb,
      amateurLogProb: s.amateurLogProb,
      score: s.score,
      expertRank: s.expertRank,
      plausibleSetSize: s.plausibleSetSize,
      plausible: await Promise.all(s.plausible.map(async (p) => ({ ...p, piece: await piece(p.token) }))),
    });
  }
  const greedy = await decodeBaseline(expert, body.prompt, "greedy", { maxTokens, ...sig });
  const nucleus = await decodeBaseline(expert, body.prompt, "nucleus", { maxTokens, p: 0.95, seed, ...sig });
  return {
    expert: expert.name,
    amateur: amateur.name,
    /** True when the shipped KJV demo pair (small models trained on the King James Bible) was used. */
    demo: useDemo,
    settings: cd.settings,
    cd: { text: cd.text, steps },
    greedy: greedy.text,
    nucleus: nucleus.text,
    seed,
  };
}

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : String(x));
const syncDemo = () => {
  const on = $("cd-demo").checked;
  for (const n of ["expert", "amateur"]) document.querySelector('input[name="' + n + '"]').disabled = on;
};
$("cd-demo").addEventListener("change", syncDemo);
syncDemo();
$("cd-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  const body = Object.fromEntries(f.entries());
  body.demo = $("cd-demo").checked;
  const fail = (msg) => { $("cd-status").innerHTML = '<span class="error" id="cd-error">' + esc(msg) + "</span>"; };
  $("cd-status").textContent = "generating…";
  $("cd-out").hidden = true;
  let res, data;
  try {
    res = await fetch("/api/contrastive-decoding/generate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch (e) {
    return fail("Could not reach the server (" + e.message + "); is yomikai serve still running?");
  }
  try { data = await res.json(); } catch { return fail("The server answered HTTP " + res.status + " without JSON; see the server log."); }
  if (!res.ok) return fail(data.error || "HTTP " + res.status);
  $("cd-status").textContent = data.expert + " − " + data.amateur + ", α " + data.settings.alpha + ", τ " + data.settings.amateurTemperature;
  $("cd-demo-note").hidden = !data.demo;
  $("cd-text").innerHTML = data.cd.steps.map((s, i) => '<span class="tok' + (s.expertRank > 0 ? " changed" : "") + '" data-i="' + i + '" title="rank under the expert: ' + s.expertRank + '">' + esc(s.piece) + "</span>").join("");
  $("greedy-text").textContent = data.greedy;
  $("nucleus-text").textContent = data.nucleus;
  $("cd-out").hidden = false;
  const show = (i) => {
    const s = data.cd.steps[i];
    document.querySelectorAll(".tok").forEach((el) => el.classList.toggle("sel", el.dataset.i === String(i)));
    $("plausible").innerHTML = "<p>Step " + (i + 1) + ": |V_head| = " + s.plausibleSetSize + " (top " + s.plausible.length + " by CD score)</p><table><tr><th>token</th><th>log p_expert</th><th>log p_amateur(τ)</th><th>CD score</th></tr>" +
      s.plausible.map((p) => "<tr" + (p.token === s.token ? ' class="chosen"' : "") + "><td><code>" + esc(JSON.stringify(p.piece)) + "</code></td><td>" + fmt(p.expertLogProb) + "</td><td>" + fmt(p.amateurLogProb) + "</td><td>" + fmt(p.score) + "</td></tr>").join("") + "</table>";
  };
  $("cd-text").onclick = (e) => { const i = e.target.dataset && e.target.dataset.i; if (i !== undefined) show(Number(i)); };
  if (data.cd.steps.length) show(0);
});
`;

export const contrastiveDecodingPage: WebPage = {
  slug: "contrastive-decoding",
  title: "Contrastive Decoding",
  render() {
    const e = process.env.YOMIKAI_CD_EXPERT ?? "";
    const a = process.env.YOMIKAI_CD_AMATEUR ?? "";
    return `<style>
.tok { cursor: pointer; border-bottom: 1px dotted var(--muted); white-space: pre-wrap; }
.tok.changed { background: color-mix(in srgb, var(--accent) 15%, transparent); }
.tok.sel { outline: 2px solid var(--accent); }
tr.chosen td { font-weight: 700; }
.gen { white-space: pre-wrap; }
form label { display: inline-block; margin: 0 .8rem .5rem 0; }
</style>
<h1>Contrastive Decoding <span class="muted">(Li et al. 2022, arXiv 2210.15097)</span></h1>
<p class="muted">Each token maximises log p<sub>expert</sub> − log p<sub>amateur</sub>(τ) among the expert's plausible tokens (p ≥ α · max p). Highlighted CD tokens are ones the expert alone would not have picked; click a token to see its plausible set.</p>
<form id="cd-form" class="card" novalidate>
<label>expert <input name="expert" size="36" value="${escapeHtml(e)}" placeholder="gpt2-xl.Q8_0.gguf"></label>
<label>amateur <input name="amateur" size="36" value="${escapeHtml(a)}" placeholder="gpt2.Q8_0.gguf"></label><br>
<label><input type="checkbox" id="cd-demo"${e && a ? "" : " checked"}> Use the demo pair trained on the King James Bible (shipped, no download)</label><br>
<label>prompt <input name="prompt" size="70" value="${escapeHtml(DEMO_PAIR_PROMPT)}"></label><br>
<label>tokens <input name="maxTokens" type="number" value="48" min="1" max="512"></label>
<label>α <input name="alpha" type="number" step="any" value="0.1" min="0.000001" max="1"></label>
<label>τ <input name="amateurTemperature" type="number" step="any" value="0.5" min="0.01"></label>
<label>amateur sees <select name="amateurContext"><option value="full">full prompt</option><option value="last-token">last prompt token</option></select></label>
<button type="submit">Generate</button> <span id="cd-status" class="muted"></span>
</form>
<div id="cd-out" hidden>
<p id="cd-demo-note" class="card" hidden><strong>KJV demo models:</strong> a 4-layer expert and a 1-layer amateur that yomikai trained on the King James Bible (a few million parameters, minutes of CPU). Expect archaic, loosely coherent English; compare how often greedy decoding repeats itself with contrastive decoding. Use real models (e.g. GPT-2 XL and GPT-2 small in GGUF) for modern fluent text.</p>
<div class="grid" style="margin-top:1rem">
<div class="card"><h2>Contrastive decoding</h2><div id="cd-text" class="gen"></div></div>
<div class="card"><h2>Greedy (expert only)</h2><div id="greedy-text" class="gen"></div></div>
<div class="card"><h2>Nucleus p = 0.95 (expert only)</h2><div id="nucleus-text" class="gen"></div></div>
</div>
<div class="card" style="margin-top:1rem"><h2>Plausible set</h2><div id="plausible"></div></div>
</div>
<script type="module">${SCRIPT}</script>`;
  },
  api: {
    generate: ({ body, signal }) => generateComparison((body ?? {}) as GenerateBody, signal),
  },
};
