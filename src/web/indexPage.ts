/**
 * The reading-session index: ten cards in deck order with a 日本語/English toggle.
 * @module
 */
import { deck, type Paper, papers } from "../papers.js";
import { findSystem } from "../registry.js";
import { escapeHtml, renderLayout } from "./layout.js";
import type { WebPage } from "./types.js";

function summaryRows(p: Paper, lang: "ja" | "en"): string {
  const s = p[lang];
  const labels = lang === "ja" ? ["目的", "成果", "方法", "固有名", "著者所属"] : ["Aim", "Result", "Method", "Names", "Affiliations"];
  const values = [s.aim, s.result, s.method, s.names || "—", s.affiliations || "—"];
  return labels.map((l, i) => `<dt>${l}</dt><dd>${escapeHtml(values[i] as string)}</dd>`).join("");
}

function card(p: Paper, page: WebPage | undefined): string {
  const system = findSystem(p.slug);
  const cli = system?.status === "available" ? ` <span class="muted">· CLI <code>yomikai ${escapeHtml(system.cli)}</code></span>` : "";
  const link = page
    ? `<a class="open" href="/${p.slug}"><span lang="ja">このシステムを動かす →</span><span lang="en">Run this system →</span></a>${cli}`
    : `<span class="muted status"><span lang="ja">実装予定</span><span lang="en">Not built yet</span></span>${cli}`;
  return `<article class="card paper" data-arxiv="${p.arxiv}" data-slug="${p.slug}">
<div class="num">${p.number}</div>
<h2><span lang="ja">${escapeHtml(p.titleJa)}</span><span lang="en">${escapeHtml(p.titleEn)}</span></h2>
<p class="muted"><a href="https://arxiv.org/abs/${p.arxiv}${p.arxivVersion}">arXiv:${p.arxiv}</a> · <span lang="ja">原文: ${escapeHtml(p.titleEn)}</span><span lang="en">${escapeHtml(p.titleJa)}</span></p>
<dl lang="ja">${summaryRows(p, "ja")}</dl>
<dl lang="en">${summaryRows(p, "en")}</dl>
<p>${link}</p>
</article>`;
}

const CSS = `
.toggle { display: flex; gap: .3rem; margin: 0 0 1rem; }
.paper { position: relative; }
.paper .num { position: absolute; top: .8rem; right: 1rem; font-weight: 700; color: var(--muted); }
.paper h2 { margin-right: 2rem; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .2rem .7rem; margin: .5rem 0; }
dt { font-weight: 600; white-space: nowrap; }
dd { margin: 0; }
body[data-lang="ja"] [lang="en"], body[data-lang="en"] [lang="ja"] { display: none; }
`;

/** Renders the index page. `pages` are the system pages that exist. */
export function renderIndexPage(pages: readonly WebPage[]): string {
  const body = `
<h1><span lang="ja">${escapeHtml(deck.titleJa)}</span><span lang="en">AI paper reading session, December 2022</span></h1>
<p class="muted"><span lang="ja">${escapeHtml(deck.author)} · ${deck.date} · PaperWithCodeの10本を紹介 — 各論文のシステムを実行できます</span><span lang="en">${escapeHtml(deck.author)} · ${deck.date} · ten papers from Papers with Code — each paper's system, runnable</span></p>
${pages.some((pg) => pg.slug === "reading-session") ? `<p><a href="/reading-session"><span lang="ja">スライドを作る: arXiv ID → 目的・成果・方法 → Marp / PowerPoint →</span><span lang="en">Build the deck: arXiv ids → the summary lines → Marp / PowerPoint →</span></a></p>` : ""}
<div class="toggle" role="group" aria-label="language">
<button type="button" data-set-lang="ja" aria-pressed="true">日本語</button>
<button type="button" data-set-lang="en" aria-pressed="false">English</button>
</div>
<section class="grid" id="papers">
${papers
  .map((p) =>
    card(
      p,
      pages.find((pg) => pg.slug === p.slug),
    ),
  )
  .join("\n")}
</section>
<script type="module">
const apply = (lang) => {
  document.body.dataset.lang = lang;
  document.documentElement.lang = lang;
  for (const b of document.querySelectorAll("[data-set-lang]")) b.setAttribute("aria-pressed", String(b.dataset.setLang === lang));
  try { localStorage.setItem("yomikai-lang", lang); } catch {}
};
for (const b of document.querySelectorAll("[data-set-lang]")) b.addEventListener("click", () => apply(b.dataset.setLang));
let saved = null;
try { saved = localStorage.getItem("yomikai-lang"); } catch {}
apply(saved === "en" ? "en" : "ja");
</script>`;
  return renderLayout({ title: "AI最新論文読み会2022年12月", body, css: CSS }).replace("<body>", '<body data-lang="ja">');
}
