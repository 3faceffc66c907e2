/**
 * The InstructPix2Pix page: upload an image, write an instruction, set s_T and s_I with two sliders,
 * see the edit and the s_T × s_I grid. The page calls `yomikai/instruct-pix2pix` through two JSON
 * endpoints (`edit`, `sweep`); loaded models are kept per folder. With no model folder given, a tiny
 * random-weight demo model (written once into `<model cache>/demo/instruct-pix2pix`, no download)
 * makes the page work out of the box; its output is noise and is labelled so.
 * @module
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { checkNumber, InvalidInputError } from "../../core/index.js";
import {
  DEMO_EXAMPLE_IMAGE,
  decodeImage,
  diffusionDemoDir,
  encodePng,
  type RgbImage,
  writeDemoInstructPix2PixModel,
} from "../../diffusion/index.js";
import { EDIT_DEFAULTS, EDIT_LIMITS, guidanceSweep, InstructPix2Pix } from "../../systems/instruct-pix2pix/index.js";
import { escapeHtml } from "../layout.js";
import { type ModelFolders, openChecked } from "../modelFolders.js";
import type { WebPage } from "../types.js";

const pipelines = new Map<string, Promise<InstructPix2Pix>>();

function pipelineFor(dir: string): Promise<InstructPix2Pix> {
  let p = pipelines.get(dir);
  if (!p) {
    p = InstructPix2Pix.load(dir);
    p.catch(() => pipelines.delete(dir));
    pipelines.set(dir, p);
  }
  return p;
}

/** Demo folders already written (or being written) by this process, keyed by folder. */
const demoModels = new Map<string, Promise<string>>();
/**
 * The tiny random-weight demo model in `<model cache>/demo/instruct-pix2pix` (the folder
 * `yomikai edit demo-model` writes), created on first use and reused after.
 */
export function demoModelFolder(): Promise<string> {
  const dir = diffusionDemoDir();
  let p = demoModels.get(dir);
  if (!p) {
    p = writeDemoInstructPix2PixModel(dir).then((d) => d.model);
    p.catch(() => demoModels.delete(dir));
    demoModels.set(dir, p);
  }
  return p;
}

interface EditBody {
  /** Use the tiny random-weight demo model instead of `model` (a checkbox sends true or "on"). */
  demo?: unknown;
  model?: unknown;
  image?: unknown;
  instruction?: unknown;
  textGuidance?: unknown;
  imageGuidance?: unknown;
  steps?: unknown;
  seed?: unknown;
  resolution?: unknown;
  mask?: unknown;
}

async function parse(body: unknown, models: ModelFolders | undefined) {
  const b = (body && typeof body === "object" ? body : {}) as EditBody;
  const demo = b.demo === true || b.demo === "on" || b.demo === "true";
  if (b.model !== undefined && b.model !== null && typeof b.model !== "string")
    throw new InvalidInputError("model must be text: the path of a model folder.");
  const named = typeof b.model === "string" && b.model.trim() ? b.model.trim() : undefined;
  const given = named && !demo ? (models?.check(named, "model") ?? named) : process.env.YOMIKAI_IP2P_MODEL;
  if (!demo && !given)
    throw new InvalidInputError(
      "Give the model folder (an InstructPix2Pix export in the Hugging Face ONNX layout), tick the tiny random demo model, or start the server with YOMIKAI_IP2P_MODEL set.",
    );
  const uploaded = typeof b.image === "string" && b.image.startsWith("data:");
  // The demo model brings its own example picture, so the page runs with one click.
  if (!uploaded && !demo) throw new InvalidInputError("Choose an image (PNG or JPEG) to edit.");
  if (typeof b.instruction !== "string" || !b.instruction.trim())
    throw new InvalidInputError('Write an instruction, e.g. "make it snowy".');
  const image = uploaded
    ? await decodeImage(Buffer.from((b.image as string).slice((b.image as string).indexOf(",") + 1), "base64"), "uploaded image")
    : await decodeImage(await readFile(join(await demoModelFolder(), DEMO_EXAMPLE_IMAGE)), "the demo's example image");
  const mask =
    typeof b.mask === "string" && b.mask.startsWith("data:")
      ? await decodeImage(Buffer.from(b.mask.slice(b.mask.indexOf(",") + 1), "base64"), "uploaded mask")
      : undefined;
  const model = demo ? await demoModelFolder() : (given as string);
  return {
    ...(mask ? { mask } : {}),
    demo,
    model,
    image,
    instruction: b.instruction,
    textGuidance: checkNumber(b.textGuidance, "s_T", EDIT_LIMITS.textGuidance, EDIT_DEFAULTS.textGuidance),
    imageGuidance: checkNumber(b.imageGuidance, "s_I", EDIT_LIMITS.imageGuidance, EDIT_DEFAULTS.imageGuidance),
    steps: checkNumber(b.steps, "Steps", EDIT_LIMITS.steps, EDIT_DEFAULTS.steps),
    seed: checkNumber(b.seed, "Seed", EDIT_LIMITS.seed, EDIT_DEFAULTS.seed),
    resolution: checkNumber(b.resolution, "Resolution", EDIT_LIMITS.resolution, EDIT_DEFAULTS.resolution),
  };
}

async function dataUrl(image: RgbImage): Promise<string> {
  return `data:image/png;base64,${Buffer.from(await encodePng(image)).toString("base64")}`;
}

const SCRIPT = `
import { $, progressText, showError, stream } from "/assets/yomikai.js";
let imageData = null;
let maskData = null;
function readFile(input, done) {
  const f = input.files[0];
  if (!f) return done(null);
  const r = new FileReader();
  r.onload = () => done(r.result);
  r.readAsDataURL(f);
}
$("file").addEventListener("change", () => readFile($("file"), (d) => { imageData = d; $("preview").src = d; $("preview").hidden = !d; }));
$("mask").addEventListener("change", () => readFile($("mask"), (d) => { maskData = d; }));
function syncDemo() { $("model").disabled = $("demo").checked; }
$("demo").addEventListener("change", syncDemo);
syncDemo();
for (const id of ["sT", "sI"]) $(id).addEventListener("input", () => { $(id + "v").textContent = $(id).value; });
function body() {
  return { demo: $("demo").checked, model: $("model").value, image: imageData, instruction: $("instruction").value,
    textGuidance: Number($("sT").value), imageGuidance: Number($("sI").value),
    steps: Number($("steps").value), seed: Number($("seed").value), resolution: Number($("resolution").value), mask: maskData };
}
// One run at a time (an edit takes minutes on a CPU); progress streams in as server-sent events.
async function call(name, target, status, button, note) {
  button.disabled = true;
  const t0 = Date.now();
  let last = "";
  const show = () => { status.textContent = "running… " + ((Date.now() - t0) / 1000).toFixed(0) + " s" + (last ? " · " + last : ""); };
  const tick = setInterval(show, 500);
  status.className = "muted";
  try {
    const json = await stream("/api/instruct-pix2pix/" + name, body(), (e) => { last = progressText(e); show(); });
    target.src = json.image; target.hidden = false;
    status.textContent = json.summary;
    note.hidden = !json.demo;
  } catch (e) { showError(status, e); }
  finally { clearInterval(tick); button.disabled = false; }
}
$("run").addEventListener("click", () => call("edit", $("result"), $("status"), $("run"), $("demoNote")));
$("sweep").addEventListener("click", () => call("sweep", $("grid"), $("sweepStatus"), $("sweep"), $("sweepDemoNote")));
`;

/** The page. */
export const instructPix2PixPage: WebPage = {
  slug: "instruct-pix2pix",
  title: "InstructPix2Pix: edit an image by an instruction",
  render() {
    const model = process.env.YOMIKAI_IP2P_MODEL ?? "";
    return `
<h1>InstructPix2Pix</h1>
<p class="muted">Brooks, Holynski, Efros — <a href="https://arxiv.org/abs/2211.09800">arXiv 2211.09800</a>. The denoiser sees the image and the instruction; two guidance scales trade faithfulness to the input (s<sub>I</sub>) against following the instruction (s<sub>T</sub>). Runs on CPU with onnxruntime: a 512² edit takes minutes — try 256 px and 10 steps first.</p>
<div class="grid">
  <div class="card">
    <p><label><input type="checkbox" id="demo"${model ? "" : " checked"}> Use the tiny random demo model (no download)</label> <span class="muted">— random weights, so the edit is noise</span></p>
    <label>Model folder (Hugging Face ONNX layout)<br><input id="model" style="width:100%;box-sizing:border-box" value="${escapeHtml(model)}" placeholder="models/instruct-pix2pix-onnx"></label>
    <p><label>Image <input type="file" id="file" accept="image/png,image/jpeg"></label><br><span class="muted">With the demo model and no image, its example picture is used.</span></p>
    <p><label>Optional mask (white = edit, black = keep) <input type="file" id="mask" accept="image/png,image/jpeg"></label></p>
    <img id="preview" hidden style="max-width:100%;max-height:240px" alt="input">
    <p><label>Instruction<br><input id="instruction" style="width:100%;box-sizing:border-box" value="turn it into a watercolor painting"></label></p>
    <p><label>s<sub>T</sub> text guidance <b id="sTv">${EDIT_DEFAULTS.textGuidance}</b><br><input type="range" id="sT" min="1" max="15" step="0.5" value="${EDIT_DEFAULTS.textGuidance}"></label></p>
    <p><label>s<sub>I</sub> image guidance <b id="sIv">${EDIT_DEFAULTS.imageGuidance}</b><br><input type="range" id="sI" min="0.5" max="3" step="0.1" value="${EDIT_DEFAULTS.imageGuidance}"></label></p>
    <p><label>Steps <input id="steps" type="number" min="1" max="${EDIT_LIMITS.steps.max}" value="${EDIT_DEFAULTS.steps}" style="width:5em"></label>
       <label>Seed <input id="seed" type="number" min="0" value="0" style="width:6em"></label>
       <label>Resolution <input id="resolution" type="number" min="${EDIT_LIMITS.resolution.min}" max="${EDIT_LIMITS.resolution.max}" step="64" value="${EDIT_DEFAULTS.resolution}" style="width:6em"></label></p>
    <p><button id="run">Edit</button> <button id="sweep">s<sub>T</sub> × s<sub>I</sub> grid</button></p>
  </div>
  <div class="card">
    <h2>Result</h2>
    <p id="status" class="muted">No edit yet.</p>
    <p id="demoNote" hidden><strong>Random-weight demo model:</strong> this output is noise. The tiny model only shows the pipeline (tokenizer, text encoder, VAE, dual-guidance UNet loop, sampler) without a download; use a real InstructPix2Pix export for real edits.</p>
    <img id="result" hidden style="max-width:100%" alt="edited image">
  </div>
</div>
<div class="card" style="margin-top:1rem">
  <h2>Guidance grid</h2>
  <p id="sweepStatus" class="muted">Rows s<sub>I</sub> = 1, 1.5, 2; columns s<sub>T</sub> = 3, 7.5, 12 (9 edits with the settings above; the input is top-left).</p>
  <p id="sweepDemoNote" hidden><strong>Random-weight demo model:</strong> this output is noise. The tiny model only shows the pipeline (tokenizer, text encoder, VAE, dual-guidance UNet loop, sampler) without a download; use a real InstructPix2Pix export for real edits.</p>
  <img id="grid" hidden style="max-width:100%" alt="guidance grid">
</div>
<script type="module">${SCRIPT}</script>`;
  },
  // Two images as base64 data URLs.
  bodyLimits: { edit: 32 * 1024 * 1024, sweep: 32 * 1024 * 1024 },
  api: {
    async edit({ body, signal, models, onProgress }) {
      const p = await parse(body, models);
      const pipeline = await openChecked("model", () => pipelineFor(p.model));
      const r = await pipeline.edit(p.image, { ...p, signal, ...(onProgress ? { onProgress } : {}) });
      return {
        image: await dataUrl(r.image),
        summary: `${r.image.width}×${r.image.height} (worked at ${r.workingWidth}×${r.workingHeight}), ${r.steps} steps, s_T ${r.textGuidance}, s_I ${r.imageGuidance}, seed ${r.seed}, ${r.seconds.toFixed(1)} s`,
        seed: r.seed,
        seconds: r.seconds,
        /** True when the tiny random-weight demo model made this image: it is noise. */
        demo: p.demo,
      };
    },
    async sweep({ body, signal, models, onProgress }) {
      const p = await parse(body, models);
      const pipeline = await openChecked("model", () => pipelineFor(p.model));
      const r = await guidanceSweep(pipeline, p.image, {
        ...(p.mask ? { mask: p.mask } : {}),
        instruction: p.instruction,
        steps: p.steps,
        seed: p.seed,
        resolution: p.resolution,
        textScales: [3, 7.5, 12],
        imageScales: [1, 1.5, 2],
        cellSize: 192,
        signal,
        ...(onProgress ? { onProgress } : {}),
      });
      return { image: await dataUrl(r.grid), summary: `${r.cells.length} edits, seed ${r.seed}`, seed: r.seed, demo: p.demo };
    },
  },
};
