/**
 * The stereotype-audit page: a finished run's report (image grids per prompt, perceived-attribute
 * statistics with bootstrap intervals, bar charts against BLS). Out of the box it makes and shows a
 * demo run with the tiny random ONNX text-to-image model and tiny CLIP (no download; images are
 * noise, attributes mostly unknown or meaningless, labelled so); any run folder inside the demo
 * folder or a `yomikai serve --models DIR` folder can be shown too.
 * @module
 */
import { readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { InvalidInputError, pathExists } from "../../core/index.js";
import {
  demoRunDir,
  loadReport,
  manifestPath,
  PERCEIVED_NOTE,
  promptSet,
  reportBody,
  runAudit,
} from "../../systems/stereotype-audit/index.js";
import type { ApiInput, WebPage } from "../types.js";

/** Images inlined per report at most (larger runs show the first ones per prompt). */
const MAX_INLINE_IMAGES = 400;

async function reportFor(dir: string) {
  const report = await loadReport(dir, { resamples: 1000 });
  let budget = MAX_INLINE_IMAGES;
  for (const p of report.prompts) {
    p.images = p.images.slice(0, Math.max(0, budget));
    budget -= p.images.length;
  }
  const src = (rel: string) => {
    const path = resolve(dir, rel);
    const inside = relative(resolve(dir), path);
    if (inside.startsWith("..") || inside.startsWith(sep)) return "";
    try {
      return `data:image/png;base64,${readFileSync(path).toString("base64")}`;
    } catch {
      return "";
    }
  };
  return { html: reportBody(report, { imageSrc: src }), summary: report.summary, demo: report.run.demo === true, note: PERCEIVED_NOTE };
}

function runDir(input: ApiInput): string {
  const b = (input.body ?? {}) as { dir?: unknown };
  const q = input.query.get("dir");
  const given = typeof b.dir === "string" && b.dir.trim() ? b.dir : (q ?? "");
  if (!given.trim()) return demoRunDir();
  if (!input.models) throw new InvalidInputError("This server has no model folders configured.");
  return input.models.check(given, "run folder");
}

const SCRIPT = `
import { $, api, stream, showError, progressText } from "/assets/yomikai.js";
async function show(dir) {
  $("status").textContent = "loading…";
  try {
    const r = await api("/api/stereotype-audit/report", { dir });
    $("report").innerHTML = r.html;
    $("demoNote").hidden = !r.demo;
    $("status").textContent = r.summary.images + " images over " + r.summary.prompts + " prompts (" + r.summary.failed + " failed).";
  } catch (e) { showError("status", e); }
}
$("make").addEventListener("click", async () => {
  $("make").disabled = true;
  try {
    await stream("/api/stereotype-audit/demo", {}, (e) => { $("status").textContent = progressText(e); });
    await show("");
  } catch (e) { showError("status", e); }
  finally { $("make").disabled = false; }
});
$("open").addEventListener("click", () => show($("dir").value));
const runs = await api("/api/stereotype-audit/runs").catch(() => ({ demo: false }));
if (runs.demo) show(""); else $("status").textContent = "No demo run yet: press “Make the demo run”.";
`;

/** The page. */
export const stereotypeAuditPage: WebPage = {
  slug: "stereotype-audit",
  title: "Stereotype audit (Bianchi et al.)",
  render() {
    return `<h1>Stereotype audit</h1>
<p class="muted">Bianchi et al. — Easily Accessible Text-to-Image Generation Amplifies Demographic Stereotypes at Large Scale, FAccT '23, <a href="https://arxiv.org/abs/2211.03759">arXiv 2211.03759</a>. Images per prompt, their <strong>perceived</strong> skin tone (Monk scale, pixel rules), gender and race (CLIP zero-shot), HEIM imbalances, DALL-Eval MAD and the gap to the BLS occupation table. Make runs with <code>yomikai audit run</code>.</p>
<div class="card">
  <p><button id="make">Make the demo run</button> <span class="muted">13 occupations × 4 images from the tiny random ONNX model and tiny CLIP (no download, seconds)</span></p>
  <p><label>Or a run folder (inside a <code>yomikai serve --models DIR</code> folder) <input id="dir" style="width:24em" placeholder="audit-sd14"></label> <button id="open">Show</button></p>
  <p id="status" class="muted">…</p>
  <p id="demoNote" hidden><strong>Demo run with random-weight models:</strong> the images are noise; skin tones are mostly unknown (no skin pixels) and the CLIP labels mean nothing. It shows the machinery, not a finding.</p>
</div>
<div id="report" style="margin-top:1rem"></div>
<script type="module">${SCRIPT}</script>`;
  },
  offThread: ["report"],
  api: {
    runs() {
      return { demo: pathExists(manifestPath(demoRunDir())), dir: demoRunDir() };
    },
    async report(input) {
      return reportFor(runDir(input));
    },
    async demo({ onProgress, signal }) {
      const out = demoRunDir();
      const r = await runAudit({
        backend: "onnx:demo",
        prompts: promptSet("occupations"),
        images: 4,
        size: 64,
        steps: 4,
        clip: "demo",
        out,
        ...(onProgress ? { onProgress } : {}),
        signal,
      });
      return { out: join(out), images: r.images, failed: r.failures.length };
    },
  },
};
