/**
 * Web page of APE: pick a task and models, watch the candidates arrive and get scored (server-sent
 * events), the leaderboard, and the human instructions with their test scores beside the winner.
 * Models: the built-in demo model (mechanics only, no download) or models the server was started with.
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AbortedError, InvalidInputError, userMessage } from "../../core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../lm/index.js";
import { apeSearch, ESTIMATORS, INSTRUCTION_INDUCTION_TASKS, loadTask, projectCost } from "../../systems/ape/index.js";
import { escapeHtml } from "../layout.js";
import type { WebPage } from "../types.js";

/** Limits of the page's form (the CLI allows more; a page run should finish in minutes). */
export const APE_PAGE_LIMITS = { candidates: { min: 1, max: 60, default: 6 }, samples: { min: 1, max: 40, default: 5 }, testExamples: { min: 1, max: 100, default: 10 } };

/** Model references a page may open: the demo model, and those named by `YOMIKAI_APE_MODELS` (comma-separated) at server start. */
export function pageModels(): string[] {
  return ["demo", ...(process.env.YOMIKAI_APE_MODELS ?? "").split(",").map((s) => s.trim()).filter(Boolean)];
}

const loaded = new Map<string, Promise<LanguageModel>>();
function model(ref: string): Promise<LanguageModel> {
  if (!pageModels().includes(ref))
    throw new InvalidInputError(`The page opens only the models the server was started with (${pageModels().join(", ")}).`);
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

function int(q: URLSearchParams, name: keyof typeof APE_PAGE_LIMITS): number {
  const l = APE_PAGE_LIMITS[name];
  const raw = q.get(name);
  if (raw === null || raw === "") return l.default;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < l.min || n > l.max) throw new InvalidInputError(`${name} must be a whole number from ${l.min} to ${l.max}, got ${raw}.`);
  return n;
}

let busy = false;

/** `GET /api/ape/search?task=…&proposer=…&scorer=…`: a search streamed as server-sent events. */
async function searchStream(req: IncomingMessage, res: ServerResponse, q: URLSearchParams): Promise<void> {
  const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const controller = new AbortController();
  req.on("close", () => controller.abort());
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
  if (busy) {
    send("failure", { error: "A search is already running on this server; wait for it to finish." });
    res.end();
    return;
  }
  busy = true;
  try {
    const taskName = q.get("task") ?? "antonyms";
    if (!(INSTRUCTION_INDUCTION_TASKS as readonly string[]).includes(taskName))
      throw new InvalidInputError(`Unknown task "${taskName}"; pick one of the 24 instruction-induction tasks.`);
    const estimator = q.get("estimator") ?? "full";
    if (!(ESTIMATORS as readonly string[]).includes(estimator)) throw new InvalidInputError(`estimator must be one of ${ESTIMATORS.join(", ")}.`);
    const method = q.get("method") === "logprob" ? "logprob" : "exec";
    const candidates = int(q, "candidates");
    const samples = int(q, "samples");
    const testExamples = int(q, "testExamples");
    const task = loadTask(taskName);
    const proposer = await model(q.get("proposer") ?? "demo");
    const scorer = await model(q.get("scorer") ?? "demo");
    send("start", { task: task.name, metric: task.metric, human: task.human, projection: projectCost(task, { candidates, estimator: estimator as "full", estimatorOptions: { samples }, testExamples }) });
    const r = await apeSearch({
      task,
      proposer,
      scorer,
      propose: { candidates },
      scoring: { method },
      estimator: estimator as "full",
      estimatorOptions: { samples },
      testExamples,
      signal: controller.signal,
      onEvent: (e) => send(e.kind, e),
    });
    send("done", r);
  } catch (err) {
    if (!(err instanceof AbortedError)) send("failure", { error: userMessage(err) ?? "Internal error; see the server log." });
    if (userMessage(err) === null) process.stderr.write(`yomikai serve: ape search failed: ${(err as Error)?.stack ?? String(err)}\n`);
  } finally {
    busy = false;
    res.end();
  }
}

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const board = new Map();
let source;
function render() {
  const rows = [...board.values()].sort((a, b) => (b.score ?? -1e9) - (a.score ?? -1e9));
  $("ape-board").innerHTML = rows.map((r, i) =>
    '<tr' + (i === 0 && r.score !== undefined ? ' class="lead"' : '') + '><td>' + (r.score === undefined ? '…' : r.score.toFixed(3)) + '</td><td>' + (r.examples ?? 0) + '</td><td>' + esc(r.instruction) + '</td></tr>').join("");
}
$("ape-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  if (source) source.close();
  board.clear();
  render();
  $("ape-error").textContent = "";
  $("ape-best").textContent = "";
  $("ape-human").innerHTML = "";
  $("ape-status").textContent = "Starting…";
  const q = new URLSearchParams(new FormData($("ape-form")));
  source = new EventSource("/api/ape/search?" + q);
  source.addEventListener("start", (e) => {
    const d = JSON.parse(e.data);
    $("ape-status").textContent = d.task + " (metric " + d.metric + "): up to " + d.projection.calls.total + " model calls.";
    $("ape-human").innerHTML = d.human.map((h) => '<li data-h="' + esc(h) + '">' + esc(h) + ' <span class="muted">…</span></li>').join("");
  });
  source.addEventListener("candidate", (e) => { const d = JSON.parse(e.data); board.set(d.instruction, { instruction: d.instruction }); render(); });
  source.addEventListener("score", (e) => { const d = JSON.parse(e.data); board.set(d.instruction, { instruction: d.instruction, score: d.validationScore, examples: d.examples }); render(); });
  source.addEventListener("test", (e) => {
    const d = JSON.parse(e.data);
    if (!d.human) { $("ape-best").textContent = "Winner: " + JSON.stringify(d.instruction) + " — test " + d.testScore.toFixed(2); return; }
    for (const li of $("ape-human").children) if (li.dataset.h === d.instruction) li.querySelector("span").textContent = "test " + d.testScore.toFixed(2);
  });
  source.addEventListener("done", (e) => {
    const d = JSON.parse(e.data);
    source.close();
    const h = d.human.testScore === null ? "–" : d.human.testScore.toFixed(2);
    $("ape-status").textContent = "Done: best test " + (d.best.testScore === null ? "–" : d.best.testScore.toFixed(2)) + " vs the human instructions' mean " + h + "; " + d.budget.calls + " model calls, " + (d.budget.promptTokens + d.budget.completionTokens) + " tokens.";
  });
  source.addEventListener("failure", (e) => { source.close(); $("ape-error").textContent = JSON.parse(e.data).error; $("ape-status").textContent = ""; });
  source.onerror = () => { if (source.readyState === EventSource.CLOSED) return; source.close(); if (!$("ape-error").textContent && !/^Done/.test($("ape-status").textContent)) $("ape-error").textContent = "The connection to the server was lost."; };
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
    const models = pageModels();
    const l = APE_PAGE_LIMITS;
    return `<style>${CSS}</style>
<h1>APE — searching for the instruction</h1>
<p class="muted">A proposer model reads five input–output pairs and writes candidate instructions; a scorer model executes each one on validation examples; the winner is tested against the human-written instructions (Zhou et al., arXiv 2211.01910). The <b>demo</b> model is random-weight: it shows the mechanics, not real instructions — start the server with <code>YOMIKAI_APE_MODELS=openai:http://127.0.0.1:8000#qwen</code> (or a .gguf path) for real ones.</p>
<form id="ape-form" class="card">
<label>Task<select name="task">${INSTRUCTION_INDUCTION_TASKS.map((t) => opt(t, "antonyms")).join("")}</select></label>
<label>Proposer<select name="proposer">${models.map((m) => opt(m)).join("")}</select></label>
<label>Scorer<select name="scorer">${models.map((m) => opt(m)).join("")}</select></label>
<label>Candidates<input type="number" name="candidates" value="${l.candidates.default}" min="${l.candidates.min}" max="${l.candidates.max}"></label>
<label>Validation examples<input type="number" name="samples" value="${l.samples.default}" min="${l.samples.min}" max="${l.samples.max}"></label>
<label>Test examples<input type="number" name="testExamples" value="${l.testExamples.default}" min="${l.testExamples.min}" max="${l.testExamples.max}"></label>
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
  raw: { search: searchStream },
};
