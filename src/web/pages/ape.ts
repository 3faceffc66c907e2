/**
 * Web page of APE: pick a task and models, watch the candidates arrive and get scored (server-sent
 * events), the leaderboard, and the human instructions with their test scores beside the winner.
 * Models: the built-in demo model (mechanics only, no download) or models the server was started with.
 * @module
 */
import { checkChoice, checkNumber, InvalidInputError } from "../../core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../lm/index.js";
import {
  APE_DEFAULTS,
  APE_LIMITS,
  apeSearch,
  ESTIMATORS,
  INSTRUCTION_INDUCTION_TASKS,
  loadTask,
  projectCost,
} from "../../systems/ape/index.js";
import { escapeHtml } from "../layout.js";
import { openChecked } from "../modelFolders.js";
import type { ApiInput, WebPage } from "../types.js";

/** The form's starting values: a demo search that finishes in a minute (the limits are the CLI's, {@link APE_LIMITS}). */
const PAGE_START = { candidates: 6, samples: 5, testExamples: 10 };

const loaded = new Map<string, Promise<LanguageModel>>();
function model(ref: string): Promise<LanguageModel> {
  let m = loaded.get(ref);
  if (!m) {
    m = loadLanguageModel(ref, { contextSize: 4096 });
    m.catch(() => loaded.delete(ref));
    loaded.set(ref, m);
  }
  return m;
}

/** Closes every model the page opened (tests, shutdown). */
export async function closeApePageModels(): Promise<void> {
  for (const m of loaded.values()) await (await m.catch(() => undefined))?.close();
  loaded.clear();
}

/** `demo`, or a .gguf under the folders the server was started with (`yomikai serve --models DIR`). */
function modelRef(value: unknown, field: string, input: ApiInput): string {
  if (value === undefined || value === null || value === "" || value === "demo") return "demo";
  if (typeof value !== "string") throw new InvalidInputError(`${field} must be a model file name or "demo".`);
  return input.models ? input.models.check(value, field) : value;
}

let busy = false;

/** `POST /api/ape/search` (JSON; streamed as server-sent events when the page asks): one search. */
async function search(input: ApiInput) {
  const body = (input.body ?? {}) as Record<string, unknown>;
  const taskName = checkChoice(body.task, "task", INSTRUCTION_INDUCTION_TASKS, "antonyms");
  const estimator = checkChoice(body.estimator, "estimator", ESTIMATORS, "full");
  const method = checkChoice(body.method, "score", ["exec", "logprob"] as const, "exec");
  const candidates = checkNumber(body.candidates, "candidates", APE_LIMITS.candidates, PAGE_START.candidates);
  const samples = checkNumber(body.samples, "validation examples", APE_LIMITS.samples, PAGE_START.samples);
  const testExamples = checkNumber(body.testExamples, "test examples", APE_LIMITS.testExamples, PAGE_START.testExamples);
  const proposerRef = modelRef(body.proposer, "proposer", input);
  const scorerRef = modelRef(body.scorer, "scorer", input);
  if (busy) throw new InvalidInputError("A search is already running on this server; wait for it to finish.");
  busy = true;
  try {
    const task = loadTask(taskName);
    const proposer = await openChecked("proposer", () => model(proposerRef));
    const scorer = await openChecked("scorer", () => model(scorerRef));
    const projection = projectCost(task, { candidates, estimator, estimatorOptions: { samples }, testExamples });
    input.onProgress?.({ kind: "start", task: task.name, metric: task.metric, human: task.human, calls: projection.calls.total } as never);
    return await apeSearch({
      task,
      proposer,
      scorer,
      propose: { candidates, demos: APE_DEFAULTS.demos },
      scoring: { method },
      estimator,
      estimatorOptions: { samples },
      testExamples,
      signal: input.signal,
      onEvent: (e) => input.onProgress?.(e as never),
    });
  } finally {
    busy = false;
  }
}

const SCRIPT = `
import { $, esc, showError, stream } from "/assets/yomikai.js";
const board = new Map();
function render() {
  const rows = [...board.values()].sort((a, b) => (b.score ?? -1e9) - (a.score ?? -1e9));
  $("ape-board").innerHTML = rows.map((r, i) =>
    '<tr' + (i === 0 && r.score !== undefined ? ' class="lead"' : '') + '><td>' + (r.score === undefined ? '…' : r.score.toFixed(3)) + '</td><td>' + (r.examples ?? 0) + '</td><td>' + esc(r.instruction) + '</td></tr>').join("");
}
function onEvent(e) {
  if (e.kind === "start") {
    $("ape-status").textContent = e.task + " (metric " + e.metric + "): up to " + e.calls + " model calls.";
    $("ape-human").innerHTML = e.human.map((h) => '<li data-h="' + esc(h) + '">' + esc(h) + ' <span class="muted">…</span></li>').join("");
  } else if (e.kind === "candidate") { board.set(e.instruction, { instruction: e.instruction }); render(); }
  else if (e.kind === "score") { board.set(e.instruction, { instruction: e.instruction, score: e.validationScore, examples: e.examples }); render(); }
  else if (e.kind === "test") {
    if (!e.human) $("ape-best").textContent = "Winner: " + JSON.stringify(e.instruction) + " — test " + e.testScore.toFixed(2);
    else for (const li of $("ape-human").children) if (li.dataset.h === e.instruction) li.querySelector("span").textContent = "test " + e.testScore.toFixed(2);
  }
}
$("ape-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  board.clear();
  render();
  showError($("ape-error"), "");
  $("ape-best").textContent = "";
  $("ape-human").innerHTML = "";
  $("ape-status").textContent = "Starting…";
  const body = Object.fromEntries(new FormData($("ape-form")));
  try {
    const d = await stream("/api/ape/search", body, onEvent);
    const h = d.human.testScore === null ? "–" : d.human.testScore.toFixed(2);
    $("ape-status").textContent = "Done: best test " + (d.best.testScore === null ? "–" : d.best.testScore.toFixed(2)) + " vs the human instructions' mean " + h + "; " + d.budget.calls + " model calls, " + (d.budget.promptTokens + d.budget.completionTokens) + " tokens.";
  } catch (err) {
    $("ape-status").textContent = "";
    showError($("ape-error"), err.message);
  }
});
`;

const CSS = `
#ape-form { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; }
#ape-form label { display: flex; flex-direction: column; font-size: .85rem; }
#ape-form input[type=number] { width: 6rem; }
.ape-cols { display: grid; grid-template-columns: 2fr 1fr; gap: 1rem; margin-top: 1rem; }
@media (max-width: 800px) { .ape-cols { grid-template-columns: 1fr; } }
#ape-board td:nth-child(3) { overflow-wrap: anywhere; }
tr.lead td { font-weight: 600; }
`;

/** The APE page. */
export const apePage: WebPage = {
  slug: "ape",
  title: "APE: automatic prompt engineer",
  render() {
    const opt = (v: string, sel = "") => `<option${v === sel ? " selected" : ""}>${escapeHtml(v)}</option>`;
    const l = APE_LIMITS;
    const num = (name: string, value: number, lim: { min: number; max?: number }) =>
      `<input type="number" name="${name}" value="${value}" min="${lim.min}"${lim.max === undefined ? "" : ` max="${lim.max}"`}>`;
    return `<style>${CSS}</style>
<h1>APE — searching for the instruction</h1>
<p class="muted">A proposer model reads five input–output pairs and writes candidate instructions; a scorer model executes each one on validation examples; the winner is tested against the human-written instructions (Zhou et al., arXiv 2211.01910). The <b>demo</b> model shows the mechanics, not real instructions: for real ones start the server with <code>yomikai serve --models DIR</code> on a folder of instruction-tuned GGUF models and name a file here (or run <code>yomikai ape search</code> against an OpenAI-compatible server).</p>
<form id="ape-form" class="card">
<label>Task<select name="task">${INSTRUCTION_INDUCTION_TASKS.map((t) => opt(t, "antonyms")).join("")}</select></label>
<label>Proposer<input name="proposer" value="demo" title="demo, or a .gguf in a folder named with yomikai serve --models"></label>
<label>Scorer<input name="scorer" value="demo"></label>
<label>Candidates${num("candidates", PAGE_START.candidates, l.candidates)}</label>
<label>Validation examples${num("samples", PAGE_START.samples, l.samples)}</label>
<label>Test examples${num("testExamples", PAGE_START.testExamples, l.testExamples)}</label>
<label>Estimator<select name="estimator">${ESTIMATORS.map((e) => opt(e, "full")).join("")}</select></label>
<label>Score<select name="method">${opt("exec", "exec")}${opt("logprob")}</select></label>
<button type="submit">Search</button>
</form>
<p id="ape-status" class="muted"></p><p id="ape-error" class="error"></p><p id="ape-best"></p>
<div class="ape-cols">
<div class="card"><h2>Leaderboard (validation score)</h2><table><thead><tr><th>score</th><th>examples</th><th>instruction</th></tr></thead><tbody id="ape-board"></tbody></table></div>
<div class="card"><h2>Human instructions</h2><ul id="ape-human"></ul></div>
</div>
<script type="module">${SCRIPT}</script>`;
  },
  api: { search },
};
