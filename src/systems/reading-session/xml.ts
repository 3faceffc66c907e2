/**
 * A small, strict XML reader for feeds (the arXiv API's Atom): elements with namespace URIs resolved,
 * attributes, text, CDATA, comments, processing instructions, a skipped DOCTYPE, the five named entities
 * and numeric character references. No external entities, no DTD processing.
 * @module
 */
import { FileFormatError } from "../../core/index.js";

/** One element of a parsed document. */
export interface XmlElement {
  /** The qualified name as written, e.g. `"arxiv:affiliation"`. */
  name: string;
  /** The local part of the name, e.g. `"affiliation"`. */
  local: string;
  /** The namespace URI the prefix (or default namespace) resolves to; `""` when none. */
  ns: string;
  /** Attributes by qualified name, entity references decoded. */
  attributes: Record<string, string>;
  /** Child elements, in document order. */
  children: XmlElement[];
  /** The element's own text (text and CDATA directly inside it, concatenated, decoded). */
  text: string;
}

const NAMED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(raw: string, what: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);?/g, (m, ref: string) => {
    if (!m.endsWith(";")) throw new FileFormatError(what, undefined, `unterminated entity reference "${m}"`);
    if (ref.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    const v = NAMED[ref];
    if (v === undefined) throw new FileFormatError(what, undefined, `unknown entity &${ref};`);
    return v;
  });
}

const NAME = /[A-Za-z_:][\w:.-]*/y;
const ATTR = /\s+([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/**
 * Parses an XML document into its root element.
 * @param what - the format named in errors, e.g. `"arXiv Atom feed"`. Defaults to `"XML"`.
 * @throws FileFormatError on malformed input (unclosed or mismatched tags, bad attributes, stray text).
 */
export function parseXml(xml: string, what = "XML"): XmlElement {
  const fail = (detail: string, at: number): never => {
    const line = xml.slice(0, at).split("\n").length;
    throw new FileFormatError(what, undefined, `${detail} at line ${line}`);
  };
  const stack: { el: XmlElement; nsMap: Map<string, string> }[] = [];
  let root: XmlElement | undefined;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const raw = xml.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.el.text += decodeEntities(raw, what);
      else if (raw.trim()) fail("text outside the root element", i);
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end < 0) fail("unterminated comment", i);
      i = end + 3;
    } else if (xml.startsWith("<![CDATA[", i)) {
      const end = xml.indexOf("]]>", i + 9);
      if (end < 0) fail("unterminated CDATA section", i);
      const top = stack[stack.length - 1];
      if (!top) fail("CDATA outside the root element", i);
      else top.el.text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i + 2);
      if (end < 0) fail("unterminated processing instruction", i);
      i = end + 2;
    } else if (xml.startsWith("<!DOCTYPE", i)) {
      if (xml.slice(i, xml.indexOf(">", i)).includes("[")) fail("DOCTYPE with an internal subset is not supported", i);
      const end = xml.indexOf(">", i);
      i = end + 1;
    } else if (xml.startsWith("</", i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(xml);
      const top = stack.pop();
      if (!m || !top) return fail("stray closing tag", i);
      if (m[0] !== top.el.name) fail(`</${m[0]}> closes <${top.el.name}>`, i);
      const end = xml.indexOf(">", i);
      if (end < 0 || xml.slice(i + 2 + m[0].length, end).trim()) fail(`malformed closing tag </${m[0]}>`, i);
      i = end + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(xml);
      if (!m) return fail("malformed tag", i);
      if (!stack.length && root) fail("a second root element", i);
      const name = m[0];
      const attributes: Record<string, string> = {};
      let j = i + 1 + name.length;
      for (;;) {
        ATTR.lastIndex = j;
        const a = ATTR.exec(xml);
        if (!a) break;
        attributes[a[1] as string] = decodeEntities(a[2] ?? a[3] ?? "", what);
        j = ATTR.lastIndex;
      }
      while (/\s/.test(xml[j] ?? "")) j++;
      const selfClosing = xml.startsWith("/>", j);
      if (!selfClosing && xml[j] !== ">") fail(`malformed attributes in <${name}>`, i);
      const parentNs = stack[stack.length - 1]?.nsMap ?? new Map<string, string>();
      const nsMap = new Map(parentNs);
      for (const [k, v] of Object.entries(attributes)) {
        if (k === "xmlns") nsMap.set("", v);
        else if (k.startsWith("xmlns:")) nsMap.set(k.slice(6), v);
      }
      const colon = name.indexOf(":");
      const prefix = colon >= 0 ? name.slice(0, colon) : "";
      const ns = nsMap.get(prefix);
      if (prefix && ns === undefined) fail(`undeclared namespace prefix "${prefix}"`, i);
      const el: XmlElement = { name, local: colon >= 0 ? name.slice(colon + 1) : name, ns: ns ?? "", attributes, children: [], text: "" };
      const parent = stack[stack.length - 1];
      if (parent) parent.el.children.push(el);
      else root = el;
      if (!selfClosing) stack.push({ el, nsMap });
      i = j + (selfClosing ? 2 : 1);
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1]?.el.name}> is never closed`, xml.length);
  if (!root) fail("no root element", 0);
  return root as XmlElement;
}

/** Child elements of `el` with namespace `ns` and local name `local`. */
export function childrenOf(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}

/** The first such child's text with whitespace collapsed, or `""`. */
export function childText(el: XmlElement, ns: string, local: string): string {
  return collapse(childrenOf(el, ns, local)[0]?.text ?? "");
}

/** Collapses runs of whitespace (feeds wrap long values over lines) and trims. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
