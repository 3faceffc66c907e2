/**
 * Web page of contrastive decoding: one prompt, CD beside expert-only greedy and nucleus sampling; each
 * CD token can be opened to show its plausible set (expert and amateur log-probs and CD scores). With no
 * models given, a tiny random-weight demo pair (written once into `<model cache>/demo`, no download)
 * makes the page work out of the box; its text is noise and is labelled so.
 * @module
 */

import { checkChoice, checkNumber, InvalidInputError } from "../../core/index.js";
import { type LanguageModel, lmDemoDir, loadLanguageModel, writeDemoPair } from "../../lm/index.js";
import { CD_CHOICES, CD_DEFAULTS, CD_LIMITS, decodeBaseline, generateContrastive } from "../../systems/contrastive-decoding/index.js";
import { escapeHtml } from "../layout.js";
import { type ModelFolders, openChecked } from "../modelFolders.js";
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
/** The tiny random-weight demo pair in `<model cache>/demo`, written on first use and reused after. */
export function demoPair(): { expert: string; amateur: string } {
  const dir = lmDemoDir();
  let pair = demoPairs.get(dir);
  if (!pair) {
    pair = writeDemoPair(dir);
    demoPairs.set(dir, pair);
  }
  return pair;
}

interface GenerateBody {
  /** Use the tiny random-weight demo pair instead of `expert`/`amateur` (a checkbox sends "on"). */
  demo?: unknown;
  expert?: unknown;
  amateur?: unknown;
  prompt?: unknown;
  maxTokens?: unknown;
  alpha?: unknown;
  amateurTemperature?: unknown;
  amateurContext?: unknown;
  seed?: unknown;
}

/** The page's default length: shorter than the CLI's {@link CD_DEFAULTS}.maxTokens so a page answers quickly. */
export const PAGE_MAX_TOKENS = 48;

/** A text field of the request: absent gives undefined; anything but a string is a one-line 400. */
function text(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string")
    throw new InvalidInputError(`${name} must be text (a JSON string); got ${Array.isArray(v) ? "an array" : typeof v}.`);
  return v;
}

/**
 * The page's API: runs CD, greedy and nucleus on one prompt. Served by `yomikai serve`, `models` is the
 * server's model folders and every model named in the request is checked against them.
 */
export async function generateComparison(raw: GenerateBody, signal?: AbortSignal, models?: ModelFolders) {
  const body = raw && typeof raw === "object" && !Array.isArray(raw) ? raw : {};
  const useDemo = body.demo === true || body.demo === "on" || body.demo === "true";
  const demo = useDemo ? demoPair() : undefined;
  const expertGiven = text(body.expert, "expert")?.trim();
  const amateurGiven = text(body.amateur, "amateur")?.trim();
  const prompt = text(body.prompt, "prompt");
  const expertRef = demo?.expert ?? (expertGiven ? (models?.check(expertGiven, "expert") ?? expertGiven) : process.env.YOMIKAI_CD_EXPERT);
  const amateurRef =
    demo?.amateur ?? (amateurGiven ? (models?.check(amateurGiven, "amateur") ?? amateurGiven) : process.env.YOMIKAI_CD_AMATEUR);
  if (!expertRef || !amateurRef)
    throw new InvalidInputError(
      "Give an expert and an amateur model (.gguf files in a folder named with yomikai serve --models), tick the tiny random demo pair, or set YOMIKAI_CD_EXPERT and YOMIKAI_CD_AMATEUR.",
    );
  if (!prompt?.trim()) throw new InvalidInputError("The prompt is empty; type some text for the models to continue.");
  const maxTokens = checkNumber(body.maxTokens, "tokens", CD_LIMITS.maxTokens, PAGE_MAX_TOKENS);
  const alpha = checkNumber(body.alpha, "α", CD_LIMITS.alpha, CD_DEFAULTS.alpha);
  const amateurTemperature = checkNumber(body.amateurTemperature, "τ", CD_LIMITS.amateurTemperature, CD_DEFAULTS.amateurTemperature);
  const amateurContext = checkChoice(body.amateurContext, "amateur context", CD_CHOICES.amateurContext, CD_DEFAULTS.amateurContext);
  const seed = checkNumber(body.seed, "seed", CD_LIMITS.seed, CD_DEFAULTS.seed);
  const expert = await openChecked("expert", () => model(expertRef));
  const amateur = await openChecked("amateur", () => model(amateurRef));
  const sig = signal ? { signal } : {};
  const cd = await generateContrastive(expert, amateur, prompt, {
    maxTokens,
    alpha,
    amateurTemperature,
    amateurContext,
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
  const greedy = await decodeBaseline(expert, prompt, "greedy", { maxTokens, ...sig });
  const nucleus = await decodeBaseline(expert, prompt, "nucleus", { maxTokens, p: 0.95, seed, ...sig });
  return {
    expert: expert.name,
    amateur: amateur.name,
    /** True when the tiny random-weight demo pair was used: the text is noise. */
    demo: useDemo,
    settings: cd.settings,
    cd: { text: cd.text, steps },
    greedy: greedy.text,
    nucleus: nucleus.text,
    seed,
  };
}

const SCRIPT = `
import { $, api, esc, showError } from "/assets/yomikai.js";
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(2) : String(x));
const syncDemo = () => {
  const on = $("cd-demo").checked;
  for (const n of ["expert", "amateur"]) document.querySelector('input[name="' + n + '"]').disabled = on;
};
$("cd-demo").addEventListener("change", syncDemo);
syncDemo();
$("cd-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const body = Object.fromEntries(new FormData(ev.target).entries());
  body.demo = $("cd-demo").checked;
  $("cd-status").textContent = "generating…";
  $("cd-out").hidden = true;
  let data;
  try {
    data = await api("/api/contrastive-decoding/generate", body);
  } catch (e) {
    showError("cd-status", e);
    $("cd-status").firstChild.id = "cd-error";
    return;
  }
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
.tok { cursor: pointer; border-bottom: 1px dotted var(--muted); white-space: pre-wrap; overflow-wrap: anywhere; }
.tok.changed { background: color-mix(in srgb, var(--accent) 15%, transparent); }
.tok.sel { outline: 2px solid var(--accent); }
tr.chosen td { font-weight: 700; }
.gen { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; min-width: 0; }
#cd-out .card { min-width: 0; overflow: hidden; }
#plausible { overflow-x: auto; }
#plausible code { overflow-wrap: anywhere; }
form label { display: inline-block; margin: 0 .8rem .5rem 0; }
</style>
<h1>Contrastive Decoding <span class="muted">(Li et al. 2022, arXiv 2210.15097)</span></h1>
<p class="muted">Each token maximises log p<sub>expert</sub> − log p<sub>amateur</sub>(τ) among the expert's plausible tokens (p ≥ α · max p). Highlighted CD tokens are ones the expert alone would not have picked; click a token to see its plausible set.</p>
<form id="cd-form" class="card" novalidate>
<label>expert <input name="expert" size="36" value="${escapeHtml(e)}" placeholder="gpt2-xl.Q8_0.gguf"></label>
<label>amateur <input name="amateur" size="36" value="${escapeHtml(a)}" placeholder="gpt2.Q8_0.gguf"></label><br>
<label><input type="checkbox" id="cd-demo"${e && a ? "" : " checked"}> Use the tiny random demo pair (no download; random weights, so the text is noise)</label><br>
<label>prompt <input name="prompt" size="70" value="The city of Kyoto"></label><br>
<label>tokens <input name="maxTokens" type="number" value="${PAGE_MAX_TOKENS}" min="1" max="${CD_LIMITS.maxTokens.max}"></label>
<label>α <input name="alpha" type="number" step="any" value="${CD_DEFAULTS.alpha}" min="0" max="${CD_LIMITS.alpha.max}"></label>
<label>τ <input name="amateurTemperature" type="number" step="any" value="${CD_DEFAULTS.amateurTemperature}" min="0" max="${CD_LIMITS.amateurTemperature.max}"></label>
<label>amateur sees <select name="amateurContext"><option value="full">full prompt</option><option value="last-token">last prompt token</option></select></label>
<button type="submit">Generate</button> <span id="cd-status" class="muted"></span>
</form>
<div id="cd-out" hidden>
<p id="cd-demo-note" class="card" hidden><strong>Random-weight demo models:</strong> the text below is noise. The tiny expert/amateur pair only shows the mechanics (plausible sets, expert − amateur scores) without a download; use real models (e.g. GPT-2 XL and GPT-2 small in GGUF) for meaningful text.</p>
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
    generate: ({ body, signal, models }) => generateComparison((body ?? {}) as GenerateBody, signal, models),
  },
};
