/**
 * The inference planner page: sliders for model, hardware, chips, batch, context, phase and int8; the
 * chosen layout, the time breakdown, memory and the latency/cost frontier update live. Calls
 * `yomikai/inference-planner` through three JSON endpoints (`options`, `plan`, `frontier`).
 * @module
 */
import { checkChoice, checkNumber } from "../../core/index.js";
import {
  chipCountProblem,
  engineSettings,
  frontierSvg,
  HARDWARE,
  HARDWARE_NAMES,
  MODEL_NAMES,
  MODELS,
  type Phase,
  PLAN_CHOICES,
  PLAN_DEFAULTS,
  PLAN_LIMITS,
  paretoFrontier,
  planInference,
  resolveHardware,
  resolveModel,
} from "../../systems/inference-planner/index.js";
import type { WebPage } from "../types.js";

const num = (q: URLSearchParams, name: keyof typeof PLAN_LIMITS, fallback: number) =>
  checkNumber(q.get(name), name, PLAN_LIMITS[name], fallback);

function phaseOf(q: URLSearchParams): Phase {
  return checkChoice(q.get("phase"), "phase", PLAN_CHOICES.phase, PLAN_DEFAULTS.phase);
}

/** Chip counts offered by the sliders for a profile. */
function chipChoices(hw: string): number[] {
  const h = resolveHardware(hw);
  return [1, 2, 4, 8, 16, 32, 64, 128, 256, 512].filter((c) => chipCountProblem(h, c) === null);
}

const BODY = `
<h1>Inference planner <span class="muted">— Efficiently Scaling Transformer Inference (<a href="https://arxiv.org/abs/2211.05102">arXiv 2211.05102</a>)</span></h1>
<p class="muted">Pick a model, hardware and workload: the planner enumerates the paper's partitioning layouts on every mesh shape, drops those that do not fit in memory and shows the fastest. TPU v4 terms are calibrated on the paper's Table 2; GPU terms are uncalibrated defaults.</p>
<div class="grid ip-controls card">
  <label>Model <select id="model"></select></label>
  <label>Hardware <select id="hardware"></select></label>
  <label>Phase <select id="phase"><option value="decode">decode</option><option value="prefill">prefill</option></select></label>
  <label>Chips <input id="chips" type="range" min="0" max="0" step="1"> <output id="chips-out"></output></label>
  <label>Batch <input id="batch" type="range" min="0" max="10" step="1" value="6"> <output id="batch-out"></output></label>
  <label>Context / input tokens <input id="context" type="range" min="6" max="15" step="1" value="11"> <output id="context-out"></output></label>
  <label><input id="int8" type="checkbox" checked> int8 weights</label>
</div>
<div class="grid" style="margin-top:1rem;grid-template-columns:minmax(320px,1fr) minmax(420px,1.5fr)">
  <div class="card" id="plan"><p class="muted">Planning…</p></div>
  <div class="card"><h2>Latency vs cost frontier</h2><div id="frontier" class="muted">Sweeping…</div></div>
</div>
<script type="module">
import { $, api as call, esc, showError } from "/assets/yomikai.js";
const api = (name, params) => call("/api/inference-planner/" + name, undefined, params);
const opts = await api("options", {});
for (const m of opts.models) $("model").add(new Option(m, m, m === "palm-540b", m === "palm-540b"));
for (const h of opts.hardware) $("hardware").add(new Option(h, h, h === "tpu-v4", h === "tpu-v4"));
let chipList = [];
function setChips() {
  const prev = chipList[+$("chips").value];
  chipList = opts.chips[$("hardware").value];
  $("chips").max = String(chipList.length - 1);
  const want = prev ?? 64;
  let i = chipList.indexOf(want);
  if (i < 0) i = chipList.length - 1;
  $("chips").value = String(i);
}
setChips();
const params = () => ({
  model: $("model").value,
  hardware: $("hardware").value,
  phase: $("phase").value,
  chips: chipList[+$("chips").value],
  batch: 2 ** +$("batch").value,
  context: 2 ** +$("context").value,
  weights: $("int8").checked ? "int8" : "bf16",
});
const fmtS = (s) => (s >= 1 ? s.toFixed(3) + " s" : (s * 1000).toFixed(1) + " ms");
const gib = (b) => (b / 1024 ** 3).toFixed(1) + " GiB";
const COLORS = { compute: "#0072B2", weightLoad: "#D55E00", kvLoad: "#009E73", communication: "#CC79A7", collectiveLatency: "#E69F00", overhead: "#999" };
const NAMES = { compute: "compute", weightLoad: "weight loading", kvLoad: "KV loading", communication: "communication", collectiveLatency: "collective latency", overhead: "overhead" };
let seq = 0;
async function updatePlan() {
  const p = params();
  $("chips-out").textContent = p.chips;
  $("batch-out").textContent = p.batch;
  $("context-out").textContent = p.context;
  const my = ++seq;
  try {
    const r = await api("plan", p);
    if (my !== seq) return;
    const b = r.best;
    const total = b.latencySeconds;
    const bars = Object.entries(b.breakdown).filter(([, v]) => v > 0).map(([k, v]) =>
      '<div title="' + NAMES[k] + '" style="display:inline-block;height:14px;width:' + (100 * v / total).toFixed(2) + '%;background:' + COLORS[k] + '"></div>').join("");
    const legend = Object.entries(b.breakdown).filter(([, v]) => v > 0).map(([k, v]) =>
      '<span style="color:' + COLORS[k] + '">■</span> ' + NAMES[k] + " " + (100 * v / total).toFixed(1) + "%").join(" · ");
    $("plan").innerHTML =
      "<h2>" + esc(b.layout.ffn) + " · attention over " + esc(b.layout.attention) + '</h2><p class="muted">mesh ' + esc(b.mesh) + ", " + r.considered + " plans considered, " + r.notFitting + " did not fit</p>" +
      "<table><tr><th>latency</th><td>" + fmtS(total) + (b.msPerToken !== null ? " (" + b.msPerToken.toFixed(1) + " ms/token)" : "") + "</td></tr>" +
      "<tr><th>MFU</th><td>" + (b.mfu * 100).toFixed(1) + "%</td></tr>" +
      "<tr><th>cost</th><td>" + (b.chipSecondsPerToken * 1000).toFixed(3) + " chip-ms/token" + (b.usdPerMillionTokens !== null ? " (≈ $" + b.usdPerMillionTokens.toFixed(2) + " / 1M tokens)" : "") + "</td></tr>" +
      "<tr><th>memory/chip</th><td>" + gib(b.memoryPerChipBytes) + " of " + gib(b.memory.capacity) + " (weights " + gib(b.memory.weights) + ", KV " + gib(b.memory.kvCache) + ")</td></tr></table>" +
      '<div style="margin:.6rem 0;border:1px solid var(--line);border-radius:4px;overflow:hidden;white-space:nowrap">' + bars + "</div><p style=\\"font-size:.85em\\">" + legend + "</p>" +
      "<p>" + esc(b.explanation) + "</p>" +
      (r.alternatives.length ? '<p class="muted">Runners-up: ' + r.alternatives.slice(0, 3).map((a) => esc(a.layout.ffn + "/" + a.layout.attention) + " " + fmtS(a.latencySeconds)).join("; ") + "</p>" : "") +
      (r.engines ? "<p><b>vLLM</b>: <code>" + esc(r.engines.vllm) + "</code></p><p><b>TensorRT-LLM</b>: <code>" + r.engines.tensorrtLlm.map(esc).join("<br>") + "</code></p>" : "");
  } catch (e) {
    if (my === seq) showError("plan", e);
  }
}
let fseq = 0;
async function updateFrontier() {
  const p = params();
  const my = ++fseq;
  $("frontier").classList.add("muted");
  try {
    const r = await api("frontier", { model: p.model, hardware: p.hardware, phase: p.phase, context: p.context });
    if (my !== fseq) return;
    $("frontier").classList.remove("muted");
    $("frontier").innerHTML = r.svg.replace("<svg ", '<svg style="max-width:100%;height:auto" ');
  } catch (e) {
    if (my === fseq) showError("frontier", e);
  }
}
let timer;
const schedule = (frontierToo) => {
  clearTimeout(timer);
  timer = setTimeout(() => { updatePlan(); if (frontierToo) updateFrontier(); }, 60);
};
for (const id of ["chips", "batch", "int8"]) $(id).addEventListener("input", () => schedule(false));
$("context").addEventListener("input", () => schedule(true));
for (const id of ["model", "phase"]) $(id).addEventListener("change", () => schedule(true));
$("hardware").addEventListener("change", () => { setChips(); schedule(true); });
schedule(true);
</script>
`;

/** The page object registered in `src/web/pages/index.ts`. */
export const inferencePlannerPage: WebPage = {
  slug: "inference-planner",
  title: "Inference planner",
  render: () => BODY,
  api: {
    options: () => ({
      models: MODEL_NAMES,
      hardware: HARDWARE_NAMES,
      chips: Object.fromEntries(HARDWARE_NAMES.map((h) => [h, chipChoices(h)])),
      descriptions: Object.fromEntries([
        ...MODEL_NAMES.map((m) => [m, MODELS[m]?.description]),
        ...HARDWARE_NAMES.map((h) => [h, HARDWARE[h]?.description]),
      ]),
    }),
    plan: ({ query }) => {
      const model = resolveModel(query.get("model") ?? PLAN_DEFAULTS.model);
      const hardware = resolveHardware(query.get("hardware") ?? PLAN_DEFAULTS.hardware);
      const phase = phaseOf(query);
      const context = num(query, "context", PLAN_DEFAULTS.decodeContext);
      const r = planInference({
        model,
        hardware,
        chips: num(query, "chips", PLAN_DEFAULTS.chips),
        batch: num(query, "batch", PLAN_DEFAULTS.batch),
        phase,
        inputTokens: phase === "prefill" ? Math.max(1, context) : PLAN_DEFAULTS.inputTokens,
        context: phase === "decode" ? context : 0,
        outputTokens: num(query, "outputTokens", PLAN_DEFAULTS.outputTokens),
        weights: checkChoice(query.get("weights"), "weights", PLAN_CHOICES.weights, PLAN_DEFAULTS.weights),
      });
      const maxLen = context + 64;
      return {
        best: r.best,
        considered: r.considered,
        notFitting: r.notFitting,
        alternatives: r.alternatives.map((a) => ({ layout: a.layout, latencySeconds: a.latencySeconds, mfu: a.mfu })),
        engines: hardware.gpu ? engineSettings(r.best, model, hardware, maxLen) : null,
      };
    },
    frontier: ({ query, signal }) => {
      const model = query.get("model") ?? PLAN_DEFAULTS.model;
      const hardware = query.get("hardware") ?? PLAN_DEFAULTS.hardware;
      const phase = phaseOf(query);
      const context = num(query, "context", PLAN_DEFAULTS.decodeContext);
      const points = paretoFrontier({
        models: [model],
        hardware,
        phase,
        chips: chipChoices(hardware).filter((c) => c <= 256),
        inputTokens: phase === "prefill" ? Math.max(1, context) : PLAN_DEFAULTS.inputTokens,
        context: phase === "decode" ? context : 0,
        signal,
      });
      return { points: points.filter((p) => p.pareto), svg: frontierSvg(points, { phase, hardware }) };
    },
  },
};
