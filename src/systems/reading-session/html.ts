/**
 * The deck as one HTML file, rendered by Marp's own renderer (`@marp-team/marp-core`): one `<section>`
 * per slide, each in Marp's scalable SVG wrapper, stacked on a page that opens in any browser.
 * @module
 */
import { Marp } from "@marp-team/marp-core";
import { escapeHtml } from "../../report/index.js";

/** Marp's rendering of a Markdown deck. */
export interface RenderedHtml {
  /** A complete HTML document. */
  html: string;
  /** Number of slides (`<section>` elements). */
  slides: number;
}

const PAGE_STYLE = `
html, body { margin: 0; background: #3b3f45; }
body > .marpit { padding: 16px 0 32px; }
body > .marpit > svg { display: block; width: min(calc(100vw - 32px), 1280px); height: auto; margin: 0 auto 16px; box-shadow: 0 2px 12px rgba(0,0,0,.45); }
`;

/** Renders Marp Markdown to a standalone HTML document with Marp core. */
export function renderHtml(markdown: string, title: string, lang: string): RenderedHtml {
  const marp = new Marp({ html: false, math: false, inlineSVG: true, script: false });
  const { html, css } = marp.render(markdown);
  const slides = html.match(/<section\b/g)?.length ?? 0;
  const doc = `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
<style>${PAGE_STYLE}</style>
</head>
<body>
${html}
</body>
</html>
`;
  return { html: doc, slides };
}
