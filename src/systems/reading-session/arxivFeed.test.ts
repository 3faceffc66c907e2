import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { recordedFeed } from "../../../test/reading-session/fixtures.js";
import { ExternalError } from "../../core/index.js";
import { paperAffiliations, parseArxivFeed } from "./arxivFeed.js";
import { findArxivIds, parseArxivId, tryParseArxivId } from "./arxivId.js";

describe("parseArxivFeed", () => {
  test("reads title, authors with affiliations, abstract, dates and categories from a recorded feed", () => {
    const [pix, cd] = parseArxivFeed(recordedFeed(["2211.09800", "2210.15097"]));
    assert.ok(pix && cd);
    assert.equal(pix.id, "2211.09800");
    assert.equal(pix.version, "v2");
    assert.equal(pix.title, "InstructPix2Pix: Learning to Follow Image Editing Instructions");
    assert.deepEqual(
      pix.authors.map((a) => a.name),
      ["Tim Brooks", "Aleksander Holynski", "Alexei A. Efros"],
    );
    assert.deepEqual(paperAffiliations(pix), ["University of California, Berkeley"]);
    assert.deepEqual(paperAffiliations(cd), []);
    assert.match(pix.abstract, /^FIXTURE ABSTRACT\. We teach .* fine-tuning & edits in seconds\.$/);
    assert.equal(pix.published, "2022-11-17T18:58:43Z");
    assert.deepEqual(pix.categories, ["cs.CV", "cs.AI", "cs.CL"]);
    assert.deepEqual(cd.categories, ["cs.CL", "cs.AI"]);
    assert.equal(pix.url, "https://arxiv.org/abs/2211.09800v2");
  });

  test("an API error entry becomes a one-line ExternalError with arXiv's message", () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title><summary>incorrect id format for 1234</summary></entry></feed>`;
    assert.throws(
      () => parseArxivFeed(xml),
      (e: unknown) => e instanceof ExternalError && /refused the query: incorrect id format for 1234/.test(e.message),
    );
  });
});

describe("arXiv ids", () => {
  test("accept new and old styles, versions, arXiv: and URLs", () => {
    assert.deepEqual(tryParseArxivId("2211.09800"), { id: "2211.09800", version: "" });
    assert.deepEqual(tryParseArxivId("arXiv:2301.01234v3"), { id: "2301.01234", version: "v3" });
    assert.deepEqual(tryParseArxivId("https://arxiv.org/pdf/2211.09800v1.pdf"), { id: "2211.09800", version: "v1" });
    assert.deepEqual(tryParseArxivId("hep-th/9901001v2"), { id: "hep-th/9901001", version: "v2" });
    assert.equal(tryParseArxivId("2211.098"), null);
    assert.throws(() => parseArxivId("banana"), /"banana" is not an arXiv id: expected e\.g\. 2211\.09800/);
  });

  test("findArxivIds picks ids out of listings in order, once each", () => {
    const text =
      "1. https://arxiv.org/abs/2211.09800v1 InstructPix2Pix\n2. arXiv:2210.15097 CD; again 2211.09800 and arxiv:cs/0112017; not 12211.098001 or 3.2211.0980";
    assert.deepEqual(
      findArxivIds(text).map((a) => a.id),
      ["2211.09800", "2210.15097", "cs/0112017"],
    );
  });
});
