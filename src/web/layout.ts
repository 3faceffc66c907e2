/**
 * The shared HTML shell and styles of every page.
 * @module
 */

import { escapeHtml } from "../report/html.js";

export { escapeHtml };

/** Styles shared by all pages: plain, readable, light/dark. */
export const BASE_CSS = `
:root { color-scheme: light dark; --fg: #1d1d1f; --bg: #fbfbfa; --muted: #6b6b70; --card: #fff; --line: #e2e2e0; --accent: #b4232c; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececec; --bg: #161617; --muted: #9a9aa0; --card: #202022; --line: #333336; --accent: #ff6b6b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, "Hiragino Sans", "Noto Sans CJK JP", sans-serif; color: var(--fg); background: var(--bg); }
header.site { display: flex; align-items: center; gap: 1rem; padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); }
header.site a.home { font-weight: 700; color: var(--fg); text-decoration: none; letter-spacing: .02em; }
main { max-width: 1100px; margin: 0 auto; padding: 1.2rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.1rem; margin: 1.2rem 0 .5rem; }
a { color: var(--accent); }
.muted { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.1rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); }
button, select, input, textarea { font: inherit; }
button { border: 1px solid var(--line); background: var(--card); color: var(--fg); border-radius: 6px; padding: .3rem .8rem; cursor: pointer; }
button[aria-pressed="true"] { background: var(--fg); color: var(--bg); }
table { border-collapse: collapse; }
td, th { border-bottom: 1px solid var(--line); padding: .25rem .6rem; text-align: left; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
.error { color: var(--accent); }
`;

/** Options of {@link renderLayout}. */
export interface LayoutOptions {
  title: string;
  body: string;
  /** Extra CSS for this page. */
  css?: string;
  /** `lang` attribute of the document. Defaults to `"ja"`. */
  lang?: string;
}

/** Wraps a page body in the shared shell (header, styles). */
export function renderLayout(options: LayoutOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? "ja")}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(options.title)} · yomikai</title>
<style>${BASE_CSS}${options.css ?? ""}</style>
</head>
<body>
<header class="site"><a class="home" href="/">yomikai 読み会</a><span class="muted">AI最新論文読み会 2022年12月 — runnable</span></header>
<main>
${options.body}
</main>
</body>
</html>
`;
}
