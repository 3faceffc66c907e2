/**
 * The mixture-of-denoising-experts page: a prompt, the experts' timeline (which expert denoises
 * which step, on the training-timestep axis) and the image after each expert's part. With no expert
 * folders given it runs the ten tiny random demo experts (written once into
 * `<model cache>/demo/denoising-experts`, no download); their images are noise and are labelled so.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { encodePng, type RgbImage, TEXT_TO_IMAGE_LIMITS } from "../../diffusion/index.js";
import {
  checkRouting,
  demoExperts,
  type ExpertSpan,
  MixtureOfDenoisingExperts,
  MODE_DEFAULTS,
  parseBoundaries,
  type Routing,
} from "../../systems/denoising-experts/index.js";
import type { WebPage } from "../types.js";

const loaded = new Map<string, Promise<MixtureOfDenoisingExperts>>();

/** One loaded mixture per expert list (UNets stay lazily loaded within the default bound). */
function mixtureFor(experts: readonly string[]): Promise<MixtureOfDenoisingExperts> {
  const key = experts.join("\n");
  let p = loaded.get(key);
  if (!p) {
    p = MixtureOfDenoisingExperts.load(experts);
    p.catch(() => loaded.delete(key));
    loaded.set(key, p);
  }
  return p;
}

function num(v: unknown, name: string, fallback: number, min: number, max: number, integer = false): number {
  if (v === undefined || v === null || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n)))
    throw new InvalidInputError(`${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}; got ${String(v)}.`);
  return n;
}

interface Body {
  demo?: unknown;
  experts?: unknown;
  prompt?: unknown;
  routing?: unknown;
  boundaries?: unknown;
  steps?: unknown;
  guidance?: unknown;
  seed?: unknown;
  size?: unknown;
  keywordWeight?: unknown;
}

async function parse(body: unknown) {
  const b = (body ?? {}) as Body;
  const given =
    typeof b.experts === "string"
      ? b.experts
          .split(/[\n,]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const demo = b.demo === true || b.demo === "on" || b.demo === "true" || given.length === 0;
  const experts = demo ? (await demoExperts()).experts : given;
  if (typeof b.prompt !== "string" || !b.prompt.trim()) throw new InvalidInputError('Write a prompt, e.g. "a red cat on a blue sofa".');
  const routing: Routing =
    b.routing === "boundaries"
      ? { kind: "boundaries", boundaries: parseBoundaries(typeof b.boundaries === "string" ? b.boundaries : "") }
      : { kind: "blocks", blocks: experts.length };
  checkRouting(routing, experts.length);
  const { side, steps } = TEXT_TO_IMAGE_LIMITS;
  const size = num(b.size, "Size", 256, 64, Math.min(side.max, 1024), true);
  if (size % 8 !== 0) throw new InvalidInputError(`Size must be a multiple of 8; got ${size}.`);
  return {
    demo,
    experts,
    prompt: b.prompt,
    routing,
    steps: num(b.steps, "Steps", MODE_DEFAULTS.steps, steps.min, 200, true),
    guidance: num(b.guidance, "Guidance", MODE_DEFAULTS.guidance, 0, 30),
    seed: num(b.seed, "Seed", 0, 0, 2 ** 32 - 1, true),
    size,
    keywordWeight: num(b.keywordWeight, "Key-word weight", MODE_DEFAULTS.keywordWeight, -1, 10),
  };
}

async function dataUrl(image: RgbImage): Promise<string> {
  return `data:image/png;base64,${Buffer.from(await encodePng(image)).toString("base64")}`;
}

const SCRIPT = `
const $ = (id) => document.getElementById(id);
const COLORS = ["#b4232c","#d9822b","#c9b11c","#3f9d3f","#1f8a8a","#2f6fc0","#6b4fc0","#b04fa8","#7a7a7a","#3d3d3d"];
function syncRouting() { $("boundaries").disabled = $("routing").value !== "boundaries"; }
$("routing").addEventListener("change", syncRouting);
syncRouting();
function el(tag, attrs, text) { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v); if (text !== undefined) e.textContent = text; return e; }
function timeline(steps, experts) {
  const box = $("timeline"); box.textContent = "";
  const bar = el("div", { class: "bar" });
  for (const s of steps) {
    const cell = el("div", { class: "cell", title: "step " + (s.step + 1) + ", t=" + Math.round(s.timestep) + ", expert " + s.expert });
    cell.style.background = COLORS[(s.expert - 1) % COLORS.length];
    cell.textContent = s.expert;
    bar.appendChild(cell);
  }
  box.appendChild(bar);
  box.appendChild(el("p", { class: "muted" }, "Step 1 (t = " + Math.round(steps[0].timestep) + ", noisiest) → step " + steps.length + " (t = " + Math.round(steps[steps.length - 1].timestep) + "). Expert k = " + experts.length + " folders in order."));
}
$("run").addEventListener("click", async () => {
  const button = $("run"); button.disabled = true;
  const status = $("status"); status.className = "muted";
  const t0 = Date.now();
  const tick = setInterval(() => { status.textContent = "running… " + ((Date.now() - t0) / 1000).toFixed(0) + " s"; }, 500);
  try {
    const body = { demo: $("demo").checked, experts: $("experts").value, prompt: $("prompt").value, routing: $("routing").value,
      boundaries: $("boundaries").value, steps: Number($("steps").value), guidance: Number($("guidance").value),
      seed: Number($("seed").value), size: Number($("size").value), keywordWeight: Number($("kw").value) };
    const res = await fetch("/api/denoising-experts/generate", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(json.error || res.statusText);
    timeline(json.steps, json.experts);
    const parts = $("parts"); parts.textContent = "";
    for (const p of json.parts) {
      const fig = el("figure", { class: "part" });
      const img = el("img", { src: p.image, alt: "after expert " + p.expert });
      fig.appendChild(img);
      const cap = el("figcaption", {}, "after expert " + p.expert + " (steps " + (p.first + 1) + "–" + (p.last + 1) + ", t " + Math.round(p.fromTimestep) + "→" + Math.round(p.toTimestep) + ")");
      cap.style.borderTop = "4px solid " + COLORS[(p.expert - 1) % COLORS.length];
      fig.appendChild(cap);
      parts.appendChild(fig);
    }
    $("result").src = json.image; $("result").hidden = false;
    status.textContent = json.summary;
    $("demoNote").hidden = !json.demo;
  } catch (e) { status.textContent = String(e.message || e); status.className = "error"; }
  finally { clearInterval(tick); button.disabled = false; }
});
`;

const CSS = `
.bar { display: flex; gap: 2px; margin: .5rem 0; }
.bar .cell { flex: 1; min-width: 14px; color: #fff; font-size: 11px; text-align: center; padding: 4px 0; border-radius: 3px; }
#parts { display: flex; flex-wrap: wrap; gap: .6rem; }
figure.part { margin: 0; width: 150px; }
figure.part img { width: 150px; height: 150px; image-rendering: pixelated; display: block; }
figure.part figcaption { font-size: 12px; padding-top: 2px; }
`;

/** The page. */
export const denoisingExpertsPage: WebPage = {
  slug: "denoising-experts",
  title: "Mixture of denoising experts (ERNIE-ViLG 2.0)",
  render() {
    return `<style>${CSS}</style>
<h1>Mixture of denoising experts</h1>
<p class="muted">Feng et al. — ERNIE-ViLG 2.0, <a href="https://arxiv.org/abs/2210.15257">arXiv 2210.15257</a>. Several denoisers each own a range of timesteps and continue one latent: the paper splits 1000 timesteps into 10 blocks with one expert each; SDXL hands off from a base to a refiner at a fraction of the denoising. Runs on CPU with onnxruntime.</p>
<div class="grid">
  <div class="card">
    <p><label><input type="checkbox" id="demo" checked> Use the ten tiny random demo experts (no download)</label> <span class="muted">— random weights, so the images are noise</span></p>
    <label>Expert folders, expert 1 (noisiest steps) first, one per line<br><textarea id="experts" rows="3" style="width:100%" placeholder="models/sdxl-base-onnx&#10;models/sdxl-refiner-onnx"></textarea></label>
    <p><label>Prompt<br><input id="prompt" style="width:100%" value="a red cat on a blue sofa"></label></p>
    <p><label>Routing <select id="routing"><option value="blocks">equal blocks (one per expert)</option><option value="boundaries">boundaries</option></select></label>
       <label>Boundaries <input id="boundaries" value="0.8" style="width:8em" placeholder="0.3,0.6"></label></p>
    <p><label>Steps <input id="steps" type="number" min="1" max="200" value="${MODE_DEFAULTS.steps}" style="width:5em"></label>
       <label>Guidance <input id="guidance" type="number" min="0" max="30" step="0.5" value="${MODE_DEFAULTS.guidance}" style="width:5em"></label>
       <label>Seed <input id="seed" type="number" min="0" value="0" style="width:6em"></label>
       <label>Size <input id="size" type="number" min="64" max="1024" step="64" value="256" style="width:6em"></label></p>
    <p><label>Key-word weight w <input id="kw" type="number" min="-1" max="10" step="0.1" value="${MODE_DEFAULTS.keywordWeight}" style="width:5em"></label> <span class="muted">nouns, verbs, adjectives, numerals… × (1 + w) in the text conditioning</span></p>
    <p><button id="run">Generate</button></p>
  </div>
  <div class="card">
    <h2>Result</h2>
    <p id="status" class="muted">No image yet.</p>
    <p id="demoNote" hidden><strong>Random-weight demo experts:</strong> these images are noise. Each tiny expert adds its own colour, so the handoffs show; use real exports (e.g. SDXL base + refiner) for real images.</p>
    <img id="result" hidden style="max-width:100%;image-rendering:pixelated" alt="generated image">
  </div>
</div>
<div class="card" style="margin-top:1rem">
  <h2>Experts' timeline</h2>
  <div id="timeline" class="muted">Which expert denoises each step appears here.</div>
  <h2>After each expert's part</h2>
  <div id="parts"></div>
</div>
<script type="module">${SCRIPT}</script>`;
  },
  api: {
    async generate({ body, signal }) {
      const p = await parse(body);
      const moe = await mixtureFor(p.experts);
      const parts: (ExpertSpan & { image: string })[] = [];
      const r = await moe.generate({
        prompt: p.prompt,
        routing: p.routing,
        steps: p.steps,
        guidance: p.guidance,
        seed: p.seed,
        width: p.size,
        height: p.size,
        keywordWeight: p.keywordWeight,
        onExpertDone: async (span, image) => void parts.push({ ...span, image: await dataUrl(image) }),
        signal,
      });
      return {
        image: await dataUrl(r.image),
        steps: r.steps,
        parts,
        experts: p.experts,
        keywords: r.keywords.map((k) => ({ word: k.word, tag: k.tag })),
        summary: `${r.width}×${r.height}, ${r.steps.length} ${r.scheduler} steps over ${r.spans.length} experts, guidance ${r.guidance}, seed ${r.seed}, ${r.seconds.toFixed(1)} s`,
        seed: r.seed,
        /** True when the tiny random-weight demo experts made this image: it is noise. */
        demo: p.demo,
      };
    },
  },
};
