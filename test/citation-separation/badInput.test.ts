/** Inputs users get wrong: each must be a one-line error that names the problem and the fix, never a stack trace. */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { YomikaiError } from "../../src/core/index.js";
import { analyzeCitationFiles, isCountryCode, regionMapFromJson } from "../../src/systems/citation-separation/index.js";
import { runYomikai } from "../utils/cli.js";
import { tempDir } from "../utils/tmp.js";
import { handFixture } from "./fixtures.js";

/** The one error line (progress lines such as "read works: started" may precede it). */
const oneLine = (stderr: string) => {
  const lines = stderr
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("yomikai:"));
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /\n\s+at /, "no stack trace");
  return lines[0] as string;
};

describe("bad inputs", () => {
  const dir = tempDir();
  const jsonl = `${handFixture()
    .map((w) => JSON.stringify(w))
    .join("\n")}\n`;

  test("gzip is recognised by its bytes, not its name; a fake .gz says how to fix it", async () => {
    const plain = join(dir, "w.jsonl");
    const gzNoExt = join(dir, "w-gzipped.jsonl");
    const fakeGz = join(dir, "w-plain.jsonl.gz");
    writeFileSync(plain, jsonl);
    writeFileSync(gzNoExt, gzipSync(jsonl));
    writeFileSync(fakeGz, jsonl);
    const a = await analyzeCitationFiles([plain], { bootstrap: 0 });
    const b = await analyzeCitationFiles([gzNoExt], { bootstrap: 0 });
    assert.deepEqual(b.matrix, a.matrix);
    assert.equal(b.invalidLines, 0);
    await assert.rejects(
      analyzeCitationFiles([fakeGz], { bootstrap: 0 }),
      /w-plain\.jsonl\.gz: not a valid gzip file \(no gzip header; .*rename it without \.gz\)/,
    );
  });

  test("whole-JSON files (an array, a saved API page) are refused with a jq one-liner", async () => {
    const array = join(dir, "array.json");
    writeFileSync(array, JSON.stringify(handFixture(), null, 2));
    await assert.rejects(
      analyzeCitationFiles([array], { bootstrap: 0 }),
      /one JSON array, not one work per line; convert it with: jq -c '\.\[\]'/,
    );
    const page = join(dir, "page.json");
    writeFileSync(page, JSON.stringify({ meta: { count: 7 }, results: handFixture() }));
    await assert.rejects(analyzeCitationFiles([page], { bootstrap: 0 }), /saved API page .*jq -c '\.results\[\]'/);
  });

  test("an empty file is an error, a file of only bad lines is not fatal in the library", async () => {
    const empty = join(dir, "empty.jsonl");
    writeFileSync(empty, "\n  \n");
    await assert.rejects(
      analyzeCitationFiles([empty], { bootstrap: 0 }),
      (e: unknown) => e instanceof YomikaiError && /empty\.jsonl is empty: pass OpenAlex works/.test(e.message),
    );
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, "{oops\n42\n{}\n");
    const r = await analyzeCitationFiles([bad], { bootstrap: 0 });
    assert.deepEqual([r.input.malformedJson, r.input.notAnObject, r.input.missingId, r.input.works], [1, 1, 1, 0]);
  });

  test("region maps accept only real country codes", () => {
    assert.ok(isCountryCode("DE") && isCountryCode("TW") && isCountryCode("XK"));
    assert.ok(!isCountryCode("XX") && !isCountryCode("EU") && !isCountryCode("ZZ") && !isCountryCode("AA"));
    assert.equal(regionMapFromJson({ eu: ["de", "uk"] }).countries.get("GB"), "eu");
    assert.throws(
      () => regionMapFromJson({ eu: ["DE", "XX"] }, "m.json"),
      /m\.json: not a valid region map file \("XX" under "eu" is not an ISO 3166 alpha-2 country code/,
    );
  });

  test("the CLI answers each mistake with one line and the fix", async () => {
    const works = join(dir, "cli.jsonl");
    writeFileSync(works, jsonl);
    const empty = join(dir, "cli-empty.jsonl");
    writeFileSync(empty, "");
    const array = join(dir, "cli-array.json");
    writeFileSync(array, JSON.stringify(handFixture()));
    const map = join(dir, "bad-map.json");
    writeFileSync(map, JSON.stringify({ us: ["US"], eu: ["DE", "XX"] }));
    const run = (...args: string[]) => runYomikai(["citations", "analyze", "--bootstrap", "0", ...args]);
    const [e, arr, abc, later, m, outside, single] = await Promise.all([
      run("--input", empty),
      run("--input", array),
      run("--input", works, "--years", "abc"),
      run("--input", works, "--years", "2021-2012"),
      run("--input", works, "--region-map", map),
      run("--input", works, "--years", "1990-1991"),
      run("--input", works, "--years", "2021", "--json"),
    ]);
    assert.equal(e.code, 1);
    assert.match(oneLine(e.stderr), /^yomikai: .*cli-empty\.jsonl is empty: pass OpenAlex works, one JSON object per line/);
    assert.equal(arr.code, 1);
    assert.match(oneLine(arr.stderr), /cli-array\.json: not a valid OpenAlex works JSONL file \(it is one JSON array/);
    assert.equal(abc.code, 2);
    assert.match(oneLine(abc.stderr), /--years needs YEAR or FIRST-LAST \(e\.g\. 2012-2021\); got "abc"/);
    assert.equal(later.code, 2);
    assert.match(oneLine(later.stderr), /the first year is after the last; write 2012-2021/);
    assert.equal(m.code, 1);
    assert.match(oneLine(m.stderr), /"XX" under "eu" is not an ISO 3166 alpha-2 country code/);
    assert.equal(outside.code, 1);
    assert.match(oneLine(outside.stderr), /No works in the set: 7 line\(s\) read, 7 outside --years 1990-1991, .*widen --years/);
    assert.equal(single.code, 0, single.stderr);
    const r = JSON.parse(single.stdout);
    assert.deepEqual(r.settings.years, [2021, 2021]);
    // 2021 works: W2 us, W4 cn, W6 mixed, W7 unassigned; W2→W4 is the only counted edge
    assert.deepEqual(r.papers, { us: 1, cn: 1, eu: 0, other: 0, mixed: 1, unassigned: 1 });
    assert.equal(r.matrix.us.cn, 1);
    assert.equal(r.edges.counted, 1);
  });
});
