/**
 * Web page of algorithmic prompting: a problem, the prompt and the model's trace side by side, each
 * sentence of the trace checked against the problem and the first wrong step marked. Out of the box it
 * shows the generator's trace with one step changed (so there is a wrong step to find); a pasted trace,
 * the tiny random-weight demo model (no download; noise) or a real model fill the right-hand column.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { type LanguageModel, loadLanguageModel } from "../../lm/index.js";
import {
  ALGO_DEFAULTS,
  ALGO_LIMITS,
  buildPrompt,
  checkStyle,
  checkTask,
  checkTokenBudget,
  checkTrace,
  DEMO_CONTEXT,
  defaultSkills,
  demosForSkills,
  generateAnswer,
  gradeOutput,
  type Problem,
  parseBits,
  parseOperand,
  problemLabel,
  renderProblem,
  STYLES,
  solve,
  splitSentences,
  TASKS,
  writeAlgoDemoModel,
} from "../../systems/algorithmic-prompting/index.js";
import type { ModelFolders } from "../modelFolders.js";
import type { WebPage } from "../types.js";

const loaded = new Map<string, Promise<LanguageModel>>();
function model(ref: string): Promise<LanguageModel> {
  let m = loaded.get(ref);
  if (!m) {
    m = loadLanguageModel(ref, { contextSize: DEMO_CONTEXT });
    m.catch(() => loaded.delete(ref));
    loaded.set(ref, m);
  }
  return m;
}

/** Closes every model the page opened (tests, shutdown). */
export async function closeAlgoPageModels(): Promise<void> {
  for (const m of loaded.values()) await (await m.catch(() => undefined))?.close();
  loaded.clear();
}

interface RunBody {
  task?: string;
  a?: string;
  b?: string;
  bits?: string;
  style?: string;
  /** Where the trace comes from: `example` (the generator's trace with one step changed), `paste`, `demo` or `model`. */
  source?: string;
  trace?: string;
  model?: string;
  maxTokens?: number | string;
}

function problemOf(body: RunBody): Problem {
  const task = checkTask(body.task || ALGO_DEFAULTS.task);
  if (task === "parity") return { task, bits: parseBits(body.bits ?? "") };
  return { task, a: parseOperand(body.a ?? "", "The first number"), b: parseOperand(body.b ?? "", "The second number") };
}

/** The generator's trace with one step made wrong: the first sum (or parity update) off by one. */
export function exampleWrongTrace(p: Problem, completion: string): string {
  const changed = completion
    .replace(/Since (\d+)([+-])(\d+)([+-])(\d+)=(-?\d+),/, (_, x, o1, y, o2, c, s) => `Since ${x}${o1}${y}${o2}${c}=${Number(s) + 1},`)
    .replace(/s = s \+ b = (\d) \+ (\d) = (\d)\./, (_, x, y, s) => `s = s + b = ${x} + ${y} = ${1 - Number(s)}.`)
    .replace(/(\d+)\*(\d)\+(\d+)=(\d+),/, (_, x, d, c, s) => `${x}*${d}+${c}=${Number(s) + 1},`);
  return changed === completion && p.task !== "parity" ? completion.replace(/The final Answer is \[/, "The final Answer is [9,") : changed;
}

/** The page's API: the prompt, the model's (or pasted) trace, its grade and its first wrong step. */
export async function runAlgoPage(body: RunBody, signal?: AbortSignal, models?: ModelFolders) {
  const problem = problemOf(body);
  const style = checkStyle(body.style || ALGO_DEFAULTS.style);
  const demos = demosForSkills(defaultSkills(problem.task));
  const prompt = buildPrompt({ problem, style, demos });
  const { prefix, completion } = renderProblem(problem, style);
  const source = body.source || "example";
  let output: string;
  let modelName: string | null = null;
  let stop: string | null = null;
  let budget = null;
  if (source === "example") output = exampleWrongTrace(problem, completion);
  else if (source === "paste") {
    if (!body.trace?.trim()) throw new InvalidInputError("The pasted trace is empty; paste a model's output, or pick another source.");
    output = body.trace;
  } else if (source === "demo" || source === "model") {
    const given = typeof body.model === "string" ? body.model.trim() : "";
    if (source === "model" && !given)
      throw new InvalidInputError(
        'Give a model: a .gguf in a folder the server was started with ("yomikai serve --models DIR"), or pick the demo model.',
      );
    const ref = source === "demo" ? writeAlgoDemoModel() : models ? models.check(given, "model") : given;
    const maxTokens = body.maxTokens === undefined || body.maxTokens === "" ? 256 : Number(body.maxTokens);
    if (!(Number.isInteger(maxTokens) && maxTokens >= 1 && maxTokens <= 4096))
      throw new InvalidInputError(
        `tokens must be a whole number between 1 and 4096, got ${String(body.maxTokens)}; leave it empty for 256.`,
      );
    const lm = await model(ref);
    modelName = lm.name;
    budget = await checkTokenBudget(lm, prompt, completion);
    const gen = await generateAnswer(lm, prompt, { maxTokens, lead: prefix, ...(signal ? { signal } : {}) });
    output = gen.text;
    stop = gen.stop;
  } else throw new InvalidInputError(`Unknown source "${source}": pick example, paste, demo or model.`);
  const expected = solve(problem);
  const grade = gradeOutput(prefix + output, expected);
  const check = style === "algorithmic" ? checkTrace(problem, output) : null;
  return {
    problem: problemLabel(problem),
    task: problem.task,
    style,
    expected: String(expected),
    prompt,
    reference: completion,
    output,
    sentences: splitSentences(output).map((s) => ({ start: s.start, end: s.end })),
    grade,
    check,
    model: modelName,
    demo: source === "demo",
    stop,
    budget,
  };
}

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const sync = () => {
  const parity = $("ap-task").value === "parity";
  for (const el of document.querySelectorAll(".ap-ab")) el.hidden = parity;
  $("ap-bits-label").hidden = !parity;
  const src = $("ap-source").value;
  $("ap-paste").hidden = src !== "paste";
  $("ap-model-label").hidden = src !== "model";
};
$("ap-task").addEventListener("change", sync);
$("ap-source").addEventListener("change", sync);
sync();
const run = async () => {
  const body = Object.fromEntries(new FormData($("ap-form")).entries());
  const fail = (msg) => { $("ap-status").innerHTML = '<span class="error" id="ap-error">' + esc(msg) + "</span>"; $("ap-out").hidden = true; };
  $("ap-status").textContent = "working…";
  let res, data;
  try { res = await fetch("/api/algorithmic-prompting/run", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }); }
  catch (e) { return fail("Could not reach the server (" + e.message + "); is yomikai serve still running?"); }
  try { data = await res.json(); } catch { return fail("The server answered HTTP " + res.status + " without JSON; see the server log."); }
  if (!res.ok) return fail(data.error || "HTTP " + res.status);
  $("ap-problem").textContent = data.problem + " = " + data.expected;
  $("ap-prompt").textContent = data.prompt;
  $("ap-reference").textContent = data.reference;
  const err = data.check && data.check.firstError;
  let html = "";
  let pos = 0;
  for (const s of data.sentences) {
    html += esc(data.output.slice(pos, s.start));
    const cls = !data.check ? "" : err && s.start === err.start ? "wrong" : err && s.start > err.start ? "after" : "right";
    html += '<span class="sent ' + cls + '"' + (cls === "wrong" ? ' id="ap-wrong" title="' + esc(err.message) + '"' : "") + ">" + esc(data.output.slice(s.start, s.end)) + "</span>";
    pos = s.end;
  }
  html += esc(data.output.slice(pos));
  if (err && err.text === "") html += '<span class="sent wrong" id="ap-wrong">⟂ (the trace stops here)</span>';
  $("ap-trace").innerHTML = html;
  const g = data.grade;
  $("ap-verdict").innerHTML = (g.unparsable ? "No final answer could be read (counted as wrong)." : "Final answer " + esc(g.answer) + (g.correct ? " — right." : " — wrong (expected " + esc(data.expected) + ").")) +
    (data.check ? (data.check.ok ? " Every step is right." : " <strong>First wrong step</strong> (sentence " + (err.index + 1) + ", line " + (err.line + 1) + "): <span id=\\"ap-error-message\\">" + esc(err.message) + "</span>") : " (The step checker reads the algorithmic style only.)");
  $("ap-demo-note").hidden = !data.demo;
  $("ap-status").textContent = (data.model ? data.model + ", greedy, " + data.stop : "") + (data.budget && data.budget.warning ? " — " + data.budget.warning : "");
  $("ap-out").hidden = false;
  $("ap-prompt").scrollTop = $("ap-prompt").scrollHeight; // the test problem is at the end
};
$("ap-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
run();
`;

export const algorithmicPromptingPage: WebPage = {
  slug: "algorithmic-prompting",
  title: "Algorithmic prompting",
  render() {
    const opt = (values: readonly string[], selected: string) =>
      values.map((v) => `<option value="${v}"${v === selected ? " selected" : ""}>${v}</option>`).join("");
    return `<style>
.ap-cols { display: grid; gap: 1rem; grid-template-columns: repeat(3, minmax(0, 1fr)); margin-top: 1rem; }
@media (max-width: 900px) { .ap-cols { grid-template-columns: 1fr; } }
.ap-cols pre, #ap-trace { white-space: pre-wrap; word-break: break-word; max-height: 34rem; overflow: auto; margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .82em; }
.sent.right { background: color-mix(in srgb, #009E73 12%, transparent); }
.sent.wrong { background: color-mix(in srgb, var(--accent) 35%, transparent); outline: 2px solid var(--accent); }
.sent.after { opacity: .55; }
form label { display: inline-block; margin: 0 .8rem .5rem 0; }
#ap-form [hidden] { display: none; }
</style>
<h1>Algorithmic prompting <span class="muted">(Zhou et al. 2022, arXiv 2211.09066)</span></h1>
<p class="muted">The prompt teaches an algorithm with fully explicit worked traces (digit lists, carries, every intermediate state), generated here by code. The model's trace is checked sentence by sentence against the problem: green steps are right, the first wrong step is marked in red.</p>
<form id="ap-form" class="card" novalidate>
<label>task <select name="task" id="ap-task">${opt(TASKS, "addition")}</select></label>
<label class="ap-ab">a <input name="a" value="3956" size="22"></label>
<label class="ap-ab">b <input name="b" value="7468" size="22"></label>
<label id="ap-bits-label" hidden>list <input name="bits" value="1,1,0,1,0" size="30"></label>
<label>style <select name="style">${opt(STYLES, "algorithmic")}</select></label><br>
<label>trace from <select name="source" id="ap-source">
<option value="example" selected>the generator, with one step changed (an example of a mistake)</option>
<option value="paste">a pasted model output</option>
<option value="demo">the tiny random-weight demo model (no download; noise)</option>
<option value="model">a model…</option></select></label>
<label id="ap-model-label" hidden>model <input name="model" size="40" placeholder="qwen2.5-1.5b-instruct-q8_0.gguf or openai:http://127.0.0.1:8000#m"></label>
<label>tokens <input name="maxTokens" type="number" value="${ALGO_DEFAULTS.maxTokens}" min="1" max="${ALGO_LIMITS.maxTokens}"></label>
<button type="submit">Run</button> <span id="ap-status" class="muted"></span>
<textarea id="ap-paste" name="trace" rows="6" style="width:100%" placeholder="Paste what the model wrote after 'Explanation:'" hidden></textarea>
</form>
<div id="ap-out" hidden>
<p id="ap-demo-note" class="card" hidden><strong>Random-weight demo model:</strong> its output is noise (accuracy ≈ 0 by design); it shows the mechanics without a download. Use a real model (a Qwen2.5-Instruct GGUF, or an OpenAI-compatible server) for meaningful traces.</p>
<p class="card" id="ap-verdict"></p>
<div class="ap-cols">
<div class="card"><h2>Problem</h2><p id="ap-problem"></p><h2>Correct trace</h2><pre id="ap-reference"></pre></div>
<div class="card"><h2>Prompt</h2><pre id="ap-prompt"></pre></div>
<div class="card"><h2>Model's trace</h2><div id="ap-trace"></div></div>
</div>
</div>
<script type="module">${SCRIPT}</script>`;
  },
  api: {
    run: ({ body, signal, models }) => runAlgoPage((body ?? {}) as RunBody, signal, models),
  },
};
