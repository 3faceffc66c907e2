import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { FileFormatError } from "../../core/index.js";
import { childrenOf, childText, parseXml } from "./xml.js";

describe("parseXml", () => {
  test("resolves namespaces by URI, whatever the prefix", () => {
    const doc = parseXml(
      '<?xml version="1.0"?><f xmlns="urn:a" xmlns:q="urn:b"><e><q:x>one</q:x><x xmlns="urn:b">two</x><x>three</x></e></f>',
    );
    const e = doc.children[0];
    assert.ok(e);
    assert.deepEqual(
      childrenOf(e, "urn:b", "x").map((c) => c.text),
      ["one", "two"],
    );
    assert.equal(childText(e, "urn:a", "x"), "three");
  });

  test("decodes entities, character references and CDATA; skips comments and PIs", () => {
    const doc = parseXml("<r a='&lt;&amp;&quot;'><!-- c --><?pi x?>A &#x3042;&#12354; <![CDATA[<b>&amp;</b>]]></r>");
    assert.equal(doc.attributes.a, '<&"');
    assert.equal(doc.text, "A ああ <b>&amp;</b>");
  });

  test("self-closing elements and attributes with either quote", () => {
    const doc = parseXml(`<r><link href="h" rel='alternate'/><c term="cs.CV" /></r>`);
    assert.deepEqual(
      doc.children.map((c) => [c.name, c.attributes]),
      [
        ["link", { href: "h", rel: "alternate" }],
        ["c", { term: "cs.CV" }],
      ],
    );
  });

  test("malformed input is a one-line FileFormatError with the line", () => {
    for (const [xml, detail] of [
      ["<a><b></a>", /<\/a> closes <b> at line 1/],
      ["<a>\n<b>", /<b> is never closed/],
      ["<a>&nbsp;</a>", /unknown entity &nbsp;/],
      ["<a><x:y/></a>", /undeclared namespace prefix "x"/],
      ["<a/><b/>", /a second root element/],
      ["just text", /text outside the root element/],
      ["<a b=c></a>", /malformed attributes in <a>/],
    ] as const) {
      assert.throws(
        () => parseXml(xml, "feed"),
        (e: unknown) => e instanceof FileFormatError && detail.test(e.message) && !e.message.includes("\n"),
      );
    }
  });
});
