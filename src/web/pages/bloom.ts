/**
 * Web page of BLOOM: a small zero-shot evaluation (the built-in demo task or pasted task-file JSONL, at
 * most {@link PAGE_MAX_ITEMS} items) with its scorecard table and chart, and a greedy generation. With
 * no model given, the shipped tiny demo model (a small GPT-2 trained on the King James Bible, no
 * download) makes the page work out of the box; its scores are near chance and are labelled so.
 * @module
 */
import { checkNumber, InvalidInputError } from "../../core/index.js";
import { completeText, type LanguageModel } from "../../lm/index.js";
import {
  BLOOM_560M_PUBLISHED,
  DEMO_ITEMS,
  evaluateTasks,
  parseTaskFile,
  scorecardJson,
  scorecardSvg,
  type TaskItem,
} from "../../systems/bloom/index.js";
import { createModelCache } from "../modelCache.js";
import { openChecked } from "../modelFolders.js";
import type { ApiInput, WebPage } from "../types.js";

/** Items a page evaluation takes at most (a page answers in seconds). */
export const PAGE_MAX_ITEMS = 50;

// Two sequences: llama.cpp's paired scoring path (no vocabulary-sized Map).
const cache = createModelCache({ sequences: 2 });
const model = (ref: string): Promise<LanguageModel> => cache.open(ref);

/** Closes every model the page opened (tests, shutdown). */
export const closeBloomPageModels = (): Promise<void> => cache.closeAll();

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") throw new InvalidInputError(`${name} must be text; got ${typeof v}.`);
  return v;
}

async function openModel(input: ApiInput): Promise<{ lm: LanguageModel; demo: boolean }> {
  const body = (input.body ?? {}) as Record<string, unknown>;
  const given = field(body, "model")?.trim();
  if (!given || given === "demo") return { lm: await model("demo"), demo: true };
  const ref = input.models?.check(given, "model") ?? given;
  return { lm: await openChecked("model", () => model(ref)), demo: false };
}

/** The page's evaluation: the demo task, or pasted task JSONL. */
export async function pageEval(input: ApiInput) {
  const body = (input.body ?? {}) as Record<string, unknown>;
  const text = field(body, "tasks");
  const items: TaskItem[] = text ? parseTaskFile(text, "the pasted task") : [...DEMO_ITEMS];
  if (items.length > PAGE_MAX_ITEMS)
    throw new InvalidInputError(`The page evaluates at most ${PAGE_MAX_ITEMS} items; use yomikai bloom eval for ${items.length}.`);
  const { lm, demo } = await openModel(input);
  const r = await evaluateTasks(lm, [{ name: text ? "pasted" : "demo", items }], { ...(input.signal ? { signal: input.signal } : {}) });
  return { ...scorecardJson(r), demo, svg: scorecardSvg(r), samples: r.samples };
}

/** The page's generation: greedy, stopping at a newline when asked. */
export async function pageGenerate(input: ApiInput) {
  const body = (input.body ?? {}) as Record<string, unknown>;
  const prompt = field(body, "prompt");
  if (!prompt?.trim()) throw new InvalidInputError("The prompt is empty; type some text to continue.");
  const maxTokens = checkNumber(body.maxTokens, "tokens", { min: 1, max: 256, integer: true }, 32);
  const { lm, demo } = await openModel(input);
  const c = await completeText(lm, prompt, {
    maxTokens,
    stop: body.stopAtNewline ? ["\n"] : [],
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return { model: lm.name, demo, ...c };
}

const SCRIPT = `
import { $, api, esc, showError } from "/assets/yomikai.js";
const pct = (x) => (x === null || x === undefined ? "–" : (100 * x).toFixed(1) + "%");
const common = () => ({ model: $("bl-model").value.trim() });
$("bl-eval").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("bl-eval-status").textContent = "scoring…";
  let d;
  try { d = await api("/api/bloom/eval", { ...common(), tasks: $("bl-tasks").value }); }
  catch (e) { showError("bl-eval-status", e); return; }
  $("bl-eval-status").textContent = d.model + (d.demo ? " (tiny KJV-trained demo model: expect near-chance scores)" : "");
  const rows = [];
  for (const t of d.tasks) {
    rows.push("<tr><td>" + esc(t.name) + "</td><td>all</td><td>" + t.n + "</td><td>" + pct(t.acc) + "</td><td>" + pct(t.accNorm) + "</td><td>" + t.failed + "</td></tr>");
    for (const [l, s] of Object.entries(t.byLang)) rows.push("<tr><td></td><td>" + esc(l) + "</td><td>" + s.n + "</td><td>" + pct(s.acc) + "</td><td>" + pct(s.accNorm) + "</td><td></td></tr>");
  }
  $("bl-card").innerHTML = "<table id='bl-table'><tr><th>task</th><th>lang</th><th>n</th><th>acc</th><th>acc_norm</th><th>failed</th></tr>" + rows.join("") + "</table>";
  $("bl-chart").innerHTML = d.svg;
  $("bl-samples").textContent = d.samples.map((s) => JSON.stringify(s)).join("\\n");
});
$("bl-gen").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  $("bl-gen-status").textContent = "generating…";
  let d;
  try { d = await api("/api/bloom/generate", { ...common(), prompt: $("bl-prompt").value, maxTokens: Number($("bl-max").value), stopAtNewline: $("bl-nl").checked }); }
  catch (e) { showError("bl-gen-status", e); return; }
  $("bl-gen-status").textContent = d.model + ", " + d.completionTokens + " tokens (" + d.finishReason + ")" + (d.demo ? " — tiny demo model trained on the KJV Bible only" : "");
  $("bl-gen-out").textContent = $("bl-prompt").value + d.text;
});
`;

export const bloomPage: WebPage = {
  slug: "bloom",
  title: "BLOOM",
  render() {
    const published = BLOOM_560M_PUBLISHED.map((p) => `<tr><td>${p.task}</td><td>${p.metric}</td><td>${p.value}</td></tr>`).join("");
    return `<style>#bl-samples { max-height: 14rem; overflow: auto; font-size: .8rem; } #bl-gen-out { white-space: pre-wrap; overflow-wrap: anywhere; } form label { display: inline-block; margin: 0 .8rem .5rem 0; } textarea { width: 100%; }</style>
<h1>BLOOM <span class="muted">(BigScience 2022, arXiv 2211.05100)</span></h1>
<p class="muted">Zero-shot multiple choice the lm-eval-harness way: each choice is scored by Σ log p(choice | context), context and choice tokenized separately; acc takes the highest score, acc_norm the highest score per character. Leave the model empty for the shipped tiny demo model (a small GPT-2 trained on the King James Bible; no download, near-chance scores), or name a GGUF from the server's model folders (e.g. bloom-560m.Q8_0.gguf).</p>
<div class="card"><label>model <input id="bl-model" size="40" placeholder="demo (or bloom-560m.Q8_0.gguf)"></label></div>
<form id="bl-eval" class="card" style="margin-top:1rem" novalidate>
<h2>Evaluate</h2>
<label style="display:block">Task JSONL, one item per line: {"context", "choices", "gold", "lang"?} — empty runs the built-in 8-item demo task (en, fr); at most ${PAGE_MAX_ITEMS} items.
<textarea id="bl-tasks" rows="4" placeholder='{"context": "Question: What is the capital of France?\\nAnswer:", "choices": [" Paris", " Rome"], "gold": 0, "lang": "en"}'></textarea></label>
<button type="submit">Score</button> <span id="bl-eval-status" class="muted"></span>
<div class="grid" style="margin-top:1rem"><div id="bl-card"></div><div id="bl-chart"></div></div>
<pre id="bl-samples"></pre>
</form>
<form id="bl-gen" class="card" style="margin-top:1rem" novalidate>
<h2>Generate (greedy)</h2>
<label>prompt <input id="bl-prompt" size="60" value="Paris est la capitale de"></label>
<label>tokens <input id="bl-max" type="number" value="24" min="1" max="256"></label>
<label><input id="bl-nl" type="checkbox" checked> stop at a newline</label>
<button type="submit">Generate</button> <span id="bl-gen-status" class="muted"></span>
<pre id="bl-gen-out"></pre>
</form>
<div class="card" style="margin-top:1rem"><h2>Target: published bloom-560m (lm-eval-harness, zero-shot)</h2><table><tr><th>task</th><th>metric</th><th>value</th></tr>${published}</table></div>
<script type="module">${SCRIPT}</script>`;
  },
  api: {
    eval: (input) => pageEval(input),
    generate: (input) => pageGenerate(input),
  },
  bodyLimits: { eval: 256 * 1024 },
};
