/**
 * The deck as a PowerPoint file (Office Open XML, written by `pptxgenjs`): the same slides as the
 * Markdown — title, agenda, one slide per paper with clickable arXiv and yomikai-page links.
 * @module
 */
import type { Deck, DeckPaper } from "./deck.js";
import { authorLine, DECK_WORDS } from "./markdown.js";
import { LINE_KEYS, LINE_LABELS } from "./summaryFormat.js";

type TextRun = { text: string; options?: Record<string, unknown> };
/** pptxgenjs ships CommonJS typings for an ES module: the class is `default` at run time, while a dynamic import types `default` as the whole module. */
type PptxClass = typeof import("pptxgenjs").default;
type Pptx = InstanceType<PptxClass>;

const FONT = { ja: "Yu Gothic", en: "Calibri" } as const;
const BLUE = "1A5FB4";

/** Text width in ems: CJK and full-width characters are one em, everything else a bit over half (measured on LibreOffice's rendering). */
function ems(text: string): number {
  let n = 0;
  for (const ch of text)
    n += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 1 : 0.57;
  return n;
}

/**
 * Estimated height in inches of paragraphs set at `pt` points in a box `width` inches wide: 1.3 line
 * spacing (CJK fonts run taller than 1.2), 0.15 in insets each side, and a 5% margin for word wrapping.
 */
export function textHeight(paragraphs: readonly string[], pt: number, width: number, spaceAfterPt = 0): number {
  const perLine = (((width - 0.3) * 72) / pt) * 0.95;
  const lines = paragraphs.reduce((n, para) => n + Math.max(1, Math.ceil(ems(para) / perLine)), 0);
  return (lines * pt * 1.3 + paragraphs.length * spaceAfterPt) / 72 + 0.15;
}

/** The largest size from `maxPt` down to `minPt` (half-point steps) at which the paragraphs fit `height`. */
export function fitFontSize(
  paragraphs: readonly string[],
  width: number,
  height: number,
  maxPt: number,
  minPt: number,
  spaceAfterPt = 0,
): number {
  for (let pt = maxPt; pt > minPt; pt -= 0.5) if (textHeight(paragraphs, pt, width, spaceAfterPt) <= height) return pt;
  return minPt;
}

const LEFT = 0.45;
const WIDTH = 12.4;
const BOTTOM = 7.2;

function paperSlide(pptx: Pptx, p: DeckPaper, deck: Deck): void {
  const w = DECK_WORDS[deck.lang];
  const L = LINE_LABELS[deck.lang];
  const s = pptx.addSlide();
  const fontFace = FONT[deck.lang];
  const title = `${p.number}. ${p.title}`;
  const titlePt = fitFontSize([title], WIDTH, 0.85, 24, 16);
  s.addText(title, { x: LEFT, y: 0.25, w: WIDTH, h: 0.85, fontSize: titlePt, bold: true, fontFace, valign: "top" });
  const meta: TextRun[] = [];
  if (p.originalTitle) meta.push({ text: `${w.original}: ${p.originalTitle}   ` });
  meta.push({ text: `arXiv:${p.arxiv}${p.version}`, options: { hyperlink: { url: p.url }, color: BLUE } });
  if (p.published) meta.push({ text: `   ${p.published.slice(0, 10)}` });
  meta.push({ text: `   ${w.authors}: ${authorLine(p, deck.lang)}` });
  if (p.page) meta.push({ text: "   " }, { text: w.run, options: { hyperlink: { url: p.page }, color: BLUE, bold: true } });
  const metaH = textHeight([meta.map((m) => m.text).join("")], 11, WIDTH);
  s.addText(meta, { x: LEFT, y: 1.1, w: WIDTH, h: metaH, fontSize: 11, color: "555555", fontFace, valign: "top" });
  const linesTop = 1.15 + metaH;
  const paragraphs = p.lines ? LINE_KEYS.map((k) => `${L[k]}: ${p.lines?.[k] || w.none}`) : [`${w.failed}: ${p.failures.join(" / ")}`];
  const notes = [
    ...(p.abstractKind === "original" && deck.lang === "ja" ? [w.untranslated] : []),
    ...(p.abstractTruncated ? [w.truncated] : []),
  ];
  const abstractLabel = `${w.abstract}${notes.length ? ` (${notes.join(", ")})` : ""}: `;
  // The lines take what they need at up to 16 pt (at most half the room); the abstract fills the rest.
  const room = BOTTOM - linesTop;
  const linesPt = fitFontSize(paragraphs, WIDTH, room * 0.5, 16, 10, 3);
  const linesH = textHeight(paragraphs, linesPt, WIDTH, 3);
  const abstractTop = linesTop + linesH + 0.1;
  const abstractH = BOTTOM - abstractTop;
  const abstractPt = fitFontSize([abstractLabel + p.abstract], WIDTH, abstractH, 14, 7);
  const abstractBox = Math.min(abstractH, textHeight([abstractLabel + p.abstract], abstractPt, WIDTH) + 0.1);
  const lines: TextRun[] = p.lines
    ? LINE_KEYS.flatMap((k) => [
        { text: `${L[k]}: `, options: { bold: true } },
        { text: p.lines?.[k] || w.none, options: { breakLine: true } },
      ])
    : [
        { text: `${w.failed}: `, options: { bold: true, color: "B00020" } },
        { text: p.failures.join(" / "), options: { color: "B00020" } },
      ];
  s.addText(lines, { x: LEFT, y: linesTop, w: WIDTH, h: linesH, fontSize: linesPt, fontFace, valign: "top", paraSpaceAfter: 3 });
  s.addText([{ text: abstractLabel, options: { bold: true } }, { text: p.abstract }], {
    x: LEFT,
    y: abstractTop,
    w: WIDTH,
    h: abstractBox,
    fontSize: abstractPt,
    color: "333333",
    fontFace,
    valign: "top",
    fill: { color: "F3F6F8" },
  });
}

/** Writes the deck as a `.pptx` file's bytes. `pptxgenjs` is loaded on first use. */
export async function renderPptx(deck: Deck): Promise<Uint8Array> {
  const mod = (await import("pptxgenjs")) as unknown as { default: PptxClass | { default: PptxClass } };
  const PptxGenJS = "default" in mod.default ? mod.default.default : mod.default;
  const pptx = new PptxGenJS();
  pptx.layout = "LAYOUT_WIDE";
  pptx.title = deck.title;
  pptx.company = "yomikai";
  const w = DECK_WORDS[deck.lang];
  const fontFace = FONT[deck.lang];
  const title = pptx.addSlide();
  title.addText(deck.title, { x: 0.8, y: 2.2, w: 11.7, h: 1.2, fontSize: 40, bold: true, color: "1A3F6B", fontFace });
  title.addText(deck.subtitle, { x: 0.8, y: 3.5, w: 11.7, h: 0.8, fontSize: 18, fontFace });
  const byline = deck.source === "example" ? w.example : deck.model ? `${w.model}: ${deck.model}` : "";
  title.addText(`${deck.date}${byline ? ` · ${byline}` : ""}`, {
    x: 0.8,
    y: 4.4,
    w: 11.7,
    h: 0.6,
    fontSize: 14,
    color: "555555",
    fontFace,
  });
  const agenda = pptx.addSlide();
  agenda.addText(w.agenda, { x: 0.45, y: 0.3, w: 12.4, h: 0.7, fontSize: 26, bold: true, fontFace });
  const items = deck.papers.map((p) => `${p.number}. ${p.title}`);
  agenda.addText(
    items.map((text, i) => ({ text, options: { breakLine: true, hyperlink: { url: deck.papers[i]?.url ?? "" } } })),
    { x: 0.6, y: 1.1, w: 12.2, h: 6, fontSize: fitFontSize(items, 12.2, 6, 20, 8, 4), fontFace, valign: "top", paraSpaceAfter: 4 },
  );
  for (const p of deck.papers) paperSlide(pptx, p, deck);
  const out = (await pptx.write({ outputType: "uint8array" })) as Uint8Array;
  return out;
}
