/**
 * The deck as Marp Markdown (`marp: true` front matter): a title slide, an agenda, then one slide per
 * paper in the seed deck's layout — title, arXiv id, authors, the five lines, the (translated) abstract,
 * and a link to the paper's runnable yomikai page.
 * @module
 */
import type { Deck, DeckPaper } from "./deck.js";
import { LINE_KEYS, LINE_LABELS } from "./summaryFormat.js";

/** Words of the slides in each language. */
export const DECK_WORDS = {
  ja: {
    agenda: "紹介する論文",
    original: "原文",
    authors: "著者",
    etAl: "他",
    abstract: "概要",
    run: "▶ yomikai で動かす",
    failed: "要約失敗",
    untranslated: "翻訳失敗のため原文",
    truncated: "モデルには概要の一部のみ入力",
    model: "要約モデル",
    example: "例: 元スライドの記載",
    none: "ー",
  },
  en: {
    agenda: "Papers in this session",
    original: "Original",
    authors: "Authors",
    etAl: "et al.",
    abstract: "Abstract",
    run: "▶ Run it in yomikai",
    failed: "Summary failed",
    untranslated: "translation failed, original shown",
    truncated: "the model saw a shortened abstract",
    model: "Summary model",
    example: "Example: the seed deck's lines",
    none: "—",
  },
} as const;

/** The slide theme: the Marp default theme, tightened for the seed deck's dense per-paper slides. */
export const DECK_STYLE = `
section { font-size: 20px; padding: 36px 56px 40px; }
section.paper, section.agenda { place-content: start stretch; }
section h1 { font-size: 46px; }
section h2 { font-size: 27px; margin: 0 0 6px; line-height: 1.25; }
section p, section li { line-height: 1.4; }
section h2 + p { font-size: 15px; color: #555; margin: 2px 0 8px; }
section ul { margin: 4px 0 8px; padding-left: 1em; }
section li { margin: 1px 0; }
section blockquote { font-size: 16.5px; line-height: 1.5; color: #333; margin: 6px 0 0; padding: 4px 14px; border-left: 4px solid #9ab; }
section.dense blockquote { font-size: 14px; line-height: 1.45; }
section.dense li { font-size: 18px; }
section.title { text-align: left; }
section.title h1 { color: #1a3f6b; }
section.agenda ol { font-size: 19px; }
section a { color: #1a5fb4; }
section::after { font-size: 14px; }
`;

/**
 * Escapes text for Markdown inline content: Markdown punctuation, HTML and `$` (Marp renders math)
 * are backslash-escaped or turned into entities, so titles and abstracts print as written.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .split(/(https?:\/\/[^\s<>()]+[^\s<>().,;:!?)])/)
    .map((part, i) =>
      i % 2
        ? `<${part}>`
        : part
            .replace(/[\\`*_{}[\]()#+!|~$>-]/g, (c) => `\\${c}`)
            .replace(/&/g, "&amp;")
            .replace(/</g, "&lt;"),
    )
    .join("");
}

/** Authors as shown: the first four, then "et al." / "他". */
export function authorLine(p: DeckPaper, lang: Deck["lang"]): string {
  const shown = p.authors.slice(0, 4);
  const more = p.moreAuthors || p.authors.length > shown.length;
  return shown.length ? `${shown.join(", ")}${more ? ` ${DECK_WORDS[lang].etAl}` : ""}` : DECK_WORDS[lang].none;
}

/** Abstract length (characters) beyond which a slide uses the denser type size. */
export function isDense(p: DeckPaper, lang: Deck["lang"]): boolean {
  const linesLength = p.lines ? LINE_KEYS.reduce((s, k) => s + (p.lines?.[k].length ?? 0), 0) : 0;
  const weight = lang === "ja" && p.abstractKind !== "original" ? 2.1 : 1;
  return p.abstract.length * weight + linesLength * 1.5 > 1250;
}

function paperSlide(p: DeckPaper, deck: Deck): string {
  const w = DECK_WORDS[deck.lang];
  const L = LINE_LABELS[deck.lang];
  const out: string[] = [`<!-- _class: paper${isDense(p, deck.lang) ? " dense" : ""} -->`, ""];
  out.push(`## ${p.number}. ${escapeMarkdown(p.title)}`, "");
  const meta = [
    ...(p.originalTitle ? [`${w.original}: ${escapeMarkdown(p.originalTitle)}`] : []),
    `[arXiv:${p.arxiv}${p.version}](${p.url})`,
    ...(p.published ? [p.published.slice(0, 10)] : []),
    `${w.authors}: ${escapeMarkdown(authorLine(p, deck.lang))}`,
    ...(p.page ? [`[${w.run}](${p.page})`] : []),
  ];
  out.push(meta.join(" · "), "");
  if (p.lines) {
    for (const k of LINE_KEYS) out.push(`- **${L[k]}:** ${escapeMarkdown(p.lines[k] || w.none)}`);
  } else {
    out.push(`- **${w.failed}:** ${escapeMarkdown(p.failures.join(" / "))}`);
  }
  out.push("");
  const notes = [
    ...(p.abstractKind === "original" && deck.lang === "ja" ? [w.untranslated] : []),
    ...(p.abstractTruncated ? [w.truncated] : []),
  ];
  out.push(`> **${w.abstract}${notes.length ? ` (${notes.join(", ")})` : ""}:** ${escapeMarkdown(p.abstract)}`);
  return out.join("\n");
}

/** The deck as Marp Markdown. */
export function renderMarkdown(deck: Deck): string {
  const w = DECK_WORDS[deck.lang];
  const front = [
    "---",
    "marp: true",
    "theme: default",
    "paginate: true",
    "size: 16:9",
    `lang: ${deck.lang}`,
    `title: ${JSON.stringify(deck.title)}`,
    "style: |",
    ...DECK_STYLE.trim()
      .split("\n")
      .map((l) => `  ${l}`),
    "---",
  ].join("\n");
  const byline = deck.source === "example" ? w.example : deck.model ? `${w.model}: ${escapeMarkdown(deck.model)}` : "";
  const title = [
    "<!-- _class: title -->",
    "<!-- _paginate: false -->",
    "",
    `# ${escapeMarkdown(deck.title)}`,
    "",
    escapeMarkdown(deck.subtitle),
    "",
    `${deck.date}${byline ? ` · ${byline}` : ""}`,
  ].join("\n");
  const agenda = [
    "<!-- _class: agenda -->",
    "",
    `## ${w.agenda}`,
    "",
    ...deck.papers.map((p) => `${p.number}. ${escapeMarkdown(p.title)} ([arXiv:${p.arxiv}](${p.url}))`),
  ].join("\n");
  return `${front}\n\n${[title, agenda, ...deck.papers.map((p) => paperSlide(p, deck))].join("\n\n---\n\n")}\n`;
}
