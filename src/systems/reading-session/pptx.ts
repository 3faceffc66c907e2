/**
 * The deck as a PowerPoint file (Office Open XML, written by `pptxgenjs`): the same slides as the
 * Markdown — title, agenda, one slide per paper with clickable arXiv and yomikai-page links.
 * @module
 */
import type { Deck, DeckPaper } from "./deck.js";
import { authorLine, DECK_WORDS, isDense } from "./markdown.js";
import { LINE_KEYS, LINE_LABELS } from "./summaryFormat.js";

type TextRun = { text: string; options?: Record<string, unknown> };
/** pptxgenjs ships CommonJS typings for an ES module: the class is `default` at run time, while a dynamic import types `default` as the whole module. */
type PptxClass = typeof import("pptxgenjs").default;
type Pptx = InstanceType<PptxClass>;

const FONT = { ja: "Yu Gothic", en: "Calibri" } as const;
const BLUE = "1A5FB4";

function paperSlide(pptx: Pptx, p: DeckPaper, deck: Deck): void {
  const w = DECK_WORDS[deck.lang];
  const L = LINE_LABELS[deck.lang];
  const dense = isDense(p, deck.lang);
  const s = pptx.addSlide();
  const fontFace = FONT[deck.lang];
  s.addText(`${p.number}. ${p.title}`, {
    x: 0.45,
    y: 0.25,
    w: 12.4,
    h: 0.8,
    fontSize: 22,
    bold: true,
    fontFace,
    valign: "top",
    fit: "shrink",
  });
  const meta: TextRun[] = [];
  if (p.originalTitle) meta.push({ text: `${w.original}: ${p.originalTitle}   ` });
  meta.push({ text: `arXiv:${p.arxiv}${p.version}`, options: { hyperlink: { url: p.url }, color: BLUE } });
  if (p.published) meta.push({ text: `   ${p.published.slice(0, 10)}` });
  meta.push({ text: `   ${w.authors}: ${authorLine(p, deck.lang)}` });
  if (p.page) meta.push({ text: "   " }, { text: w.run, options: { hyperlink: { url: p.page }, color: BLUE, bold: true } });
  s.addText(meta, { x: 0.45, y: 1.05, w: 12.4, h: 0.55, fontSize: 11, color: "555555", fontFace, valign: "top" });
  const lines: TextRun[] = p.lines
    ? LINE_KEYS.flatMap((k) => [
        { text: `${L[k]}: `, options: { bold: true } },
        { text: p.lines?.[k] || w.none, options: { breakLine: true } },
      ])
    : [
        { text: `${w.failed}: `, options: { bold: true, color: "B00020" } },
        { text: p.failures.join(" / "), options: { color: "B00020" } },
      ];
  s.addText(lines, {
    x: 0.45,
    y: 1.6,
    w: 12.4,
    h: dense ? 2.4 : 2.6,
    fontSize: dense ? 13 : 15,
    fontFace,
    valign: "top",
    paraSpaceAfter: 3,
    fit: "shrink",
  });
  const notes = [
    ...(p.abstractKind === "original" && deck.lang === "ja" ? [w.untranslated] : []),
    ...(p.abstractTruncated ? [w.truncated] : []),
  ];
  s.addText([{ text: `${w.abstract}${notes.length ? ` (${notes.join(", ")})` : ""}: `, options: { bold: true } }, { text: p.abstract }], {
    x: 0.45,
    y: dense ? 4.1 : 4.3,
    w: 12.4,
    h: dense ? 3.15 : 2.95,
    fontSize: dense ? 9.5 : 11,
    color: "333333",
    fontFace,
    valign: "top",
    fill: { color: "F3F6F8" },
    fit: "shrink",
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
  agenda.addText(
    deck.papers.map((p) => ({ text: `${p.number}. ${p.title}`, options: { breakLine: true, hyperlink: { url: p.url } } })),
    {
      x: 0.6,
      y: 1.1,
      w: 12.2,
      h: 6,
      fontSize: deck.papers.length > 8 ? 15 : 18,
      fontFace,
      valign: "top",
      paraSpaceAfter: 4,
      fit: "shrink",
    },
  );
  for (const p of deck.papers) paperSlide(pptx, p, deck);
  const out = (await pptx.write({ outputType: "uint8array" })) as Uint8Array;
  return out;
}
