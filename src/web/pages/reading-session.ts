/**
 * The reading-session page: arXiv ids in, the deck out — previewed as Marp-rendered slides, downloadable
 * as deck.md / deck.html / deck.pptx. With "seed deck's lines" ticked (the default) the ten papers of the
 * seed deck build at once with no model and no network; untick it and name a model to summarise any
 * arXiv papers.
 * @module
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { InvalidInputError } from "../../core/index.js";
import { papers } from "../../papers.js";
import { buildDeck, type Deck, renderHtml, renderMarkdown, renderPptx } from "../../systems/reading-session/index.js";
import { escapeHtml } from "../layout.js";
import type { WebPage } from "../types.js";

interface BuildBody {
  ids?: string;
  lang?: string;
  /** Use the seed deck's transcribed lines (a checkbox sends "on"). */
  example?: boolean | string;
  model?: string;
  endpoint?: string;
}

/** Recently built decks, for the download links (the last 8). */
const built = new Map<string, Deck>();
function remember(deck: Deck): string {
  const token = randomUUID();
  built.set(token, deck);
  while (built.size > 8) built.delete(built.keys().next().value as string);
  return token;
}

const BODY = `
<h1>The reading session <span class="muted">— arXiv ids → the deck's 目的 / 成果 / 方法 lines → slides</span></h1>
<p class="muted">Builds the seed deck's per-paper slides (title, arXiv id, authors, 目的・成果・方法・固有名・著者所属, the abstract) as Marp Markdown, HTML and PowerPoint. With the seed deck's lines ticked, the ten papers of December 2022 build at once without a model or the network; untick it and name a model to summarise any arXiv papers: a .gguf file in a folder named with <code>yomikai serve --models DIR</code>, or <code>demo</code> (random weights: every paper fails the format check, which the deck reports). The page downloads no models and calls no model servers; for those use <code>yomikai session build</code>.</p>
<form id="form" class="card rs-form">
  <label>arXiv ids <textarea id="ids" name="ids" rows="2">${escapeHtml(papers.map((p) => p.arxiv).join(", "))}</textarea></label>
  <div class="rs-row">
    <label>Language <select id="lang" name="lang"><option value="ja" selected>日本語 (ja)</option><option value="en">English (en)</option></select></label>
    <label><input id="example" name="example" type="checkbox" checked> the seed deck's lines (no model, no network)</label>
  </div>
  <div class="rs-row">
    <label>Model <input id="model" name="model" size="40" placeholder="model.gguf (in a --models folder) or demo" disabled></label>
    <label>arXiv endpoint <input id="endpoint" name="endpoint" size="34" placeholder="https://export.arxiv.org/api/query" disabled></label>
  </div>
  <div class="rs-row"><button id="build" type="submit">Build the deck</button> <span id="status" class="muted"></span></div>
</form>
<div id="result" hidden>
  <p id="summary"></p>
  <p>Download: <a id="dl-md" download="deck.md">deck.md</a> · <a id="dl-html" download="deck.html">deck.html</a> · <a id="dl-pptx" download="deck.pptx">deck.pptx</a></p>
  <ul id="failures" class="error"></ul>
  <iframe id="preview" title="Deck preview"></iframe>
</div>
<script type="module">
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const sync = () => { $("model").disabled = $("endpoint").disabled = $("example").checked; };
$("example").addEventListener("change", sync);
sync();
async function build(ev) {
  ev?.preventDefault();
  $("build").disabled = true;
  $("status").textContent = $("example").checked ? "Building…" : "Fetching arXiv metadata and asking the model (this can take minutes)…";
  $("status").className = "muted";
  try {
    const body = { ids: $("ids").value, lang: $("lang").value, example: $("example").checked, model: $("model").value, endpoint: $("endpoint").value };
    const r = await fetch("/api/reading-session/build", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || r.statusText);
    $("summary").textContent = j.title + ": " + j.slides + " slides, " + j.succeeded + " papers summarised" + (j.failed ? ", " + j.failed + " failed" : "") + (j.model ? " (lines by " + j.model + ")" : " (the seed deck's lines)") + ".";
    for (const f of ["md", "html", "pptx"]) $("dl-" + f).href = "/api/reading-session/download?token=" + j.token + "&file=deck." + f;
    $("failures").innerHTML = j.failures.map((f) => "<li>arXiv:" + esc(f.arxiv) + ": " + esc(f.failure) + "</li>").join("");
    $("preview").srcdoc = j.html;
    $("result").hidden = false;
    $("status").textContent = "";
  } catch (err) {
    $("status").textContent = err.message;
    $("status").className = "error";
  } finally {
    $("build").disabled = false;
  }
}
$("form").addEventListener("submit", build);
build();
</script>`;

const CSS = `
.rs-form { display: grid; gap: .6rem; margin-bottom: 1rem; }
.rs-form textarea { width: 100%; }
.rs-row { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
#preview { width: 100%; height: 78vh; border: 1px solid var(--line); border-radius: 8px; background: #3b3f45; }
`;

function send(res: ServerResponse, type: string, name: string, body: string | Uint8Array): void {
  res.writeHead(200, { "content-type": type, "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" });
  res.end(body);
}

/** The reading-session page. */
export const readingSessionPage: WebPage = {
  slug: "reading-session",
  title: "The reading session: arXiv ids → slides",
  render: () => `<style>${CSS}</style>${BODY}`,
  api: {
    async build({ body, signal, models }) {
      const b = (body ?? {}) as BuildBody;
      const ids = String(b.ids ?? "")
        .split(/[\s,]+/)
        .filter(Boolean);
      const lang = b.lang === "en" ? "en" : b.lang === undefined || b.lang === "ja" ? "ja" : undefined;
      if (!lang) throw new InvalidInputError(`lang must be ja or en; got "${b.lang}".`);
      const example = b.example === true || b.example === "on";
      const model = String(b.model ?? "").trim();
      if (!example && !model)
        throw new InvalidInputError(
          "Name a model (a .gguf file in a yomikai serve --models folder, or demo), or tick the seed deck's lines.",
        );
      // Only the demo model and files inside the server's model folders (403 for URLs, hf: and openai:).
      const modelRef = example || model === "demo" ? model : (models?.check(model, "model") ?? model);
      const result = await buildDeck({
        example,
        arxiv: ids,
        lang,
        ...(example ? {} : { model: modelRef }),
        ...(b.endpoint ? { arxivOptions: { endpoint: String(b.endpoint) } } : {}),
        signal,
      });
      const markdown = renderMarkdown(result.deck);
      const html = renderHtml(markdown, result.deck.title, result.deck.lang);
      return {
        token: remember(result.deck),
        title: result.deck.title,
        model: result.deck.model ?? null,
        slides: html.slides,
        succeeded: result.succeeded,
        failed: result.failed,
        failures: result.deck.papers.flatMap((p) => p.failures.map((failure) => ({ arxiv: p.arxiv, failure }))),
        markdown,
        html: html.html,
      };
    },
  },
  raw: {
    async download(_req, res, query) {
      const deck = built.get(query.get("token") ?? "");
      if (!deck) throw new InvalidInputError("That deck is no longer kept: build it again.");
      const file = query.get("file");
      const markdown = renderMarkdown(deck);
      if (file === "deck.md") return send(res, "text/markdown; charset=utf-8", file, markdown);
      if (file === "deck.html") return send(res, "text/html; charset=utf-8", file, renderHtml(markdown, deck.title, deck.lang).html);
      if (file === "deck.pptx")
        return send(res, "application/vnd.openxmlformats-officedocument.presentationml.presentation", file, await renderPptx(deck));
      throw new InvalidInputError(`file must be deck.md, deck.html or deck.pptx; got "${file}".`);
    },
  },
};
