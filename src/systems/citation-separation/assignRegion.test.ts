import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type AssignContext, assignRegion, CLASS_MIXED, CLASS_UNASSIGNED, CLASS_WEIGHTED, type PaperPolicy } from "./assignRegion.js";
import { createMultinationalList, type MultinationalMode } from "./multinationals.js";
import { createRegionMap, regionMapFromJson } from "./regions.js";

const inst = (country: string | null, name = "Some University") => ({
  id: "https://openalex.org/I1",
  display_name: name,
  country_code: country,
});
const au = (position: string, ...insts: ReturnType<typeof inst>[]) => ({ author_position: position, institutions: insts });

function ctx(policy: PaperPolicy = "unanimous", mode: MultinationalMode = "keep", chinaIncludes: string[] = []): AssignContext {
  return { policy, regionMap: createRegionMap({ chinaIncludes }), multinationals: createMultinationalList(), multinationalMode: mode };
}
function run(authorships: unknown, c: AssignContext) {
  const w = new Float64Array(4);
  const a = assignRegion(authorships, c, w);
  return { ...a, w: [...w] };
}

describe("assignRegion", () => {
  test("unanimous: one region, mixed, and unassigned with a reason", () => {
    assert.equal(run([au("first", inst("US")), au("last", inst("US"))], ctx()).cls, 0);
    assert.equal(run([au("first", inst("GB")), au("last", inst("CH"), inst("NO"))], ctx()).cls, 2, "UK, CH, NO are eu");
    assert.equal(run([au("first", inst("JP"))], ctx()).cls, 3);
    assert.equal(run([au("first", inst("US")), au("last", inst("CN"))], ctx()).cls, CLASS_MIXED);
    assert.deepEqual(run([], ctx()), { cls: CLASS_UNASSIGNED, reason: "no-affiliation", w: [0, 0, 0, 0] });
    assert.equal(run([au("first", inst(null))], ctx()).reason, "unknown-country");
    assert.equal(run(null, ctx()).reason, "no-affiliation");
  });

  test("an author with an unknown country is ignored when others resolve", () => {
    assert.equal(run([au("first", inst(null)), au("last", inst("cn"))], ctx()).cls, 1);
  });

  test("HK, MO and TW are other unless chinaIncludes says so", () => {
    assert.equal(run([au("first", inst("HK"))], ctx()).cls, 3);
    assert.equal(run([au("first", inst("HK"))], ctx("unanimous", "keep", ["HK"])).cls, 1);
    assert.equal(run([au("first", inst("TW"))], ctx("unanimous", "keep", ["HK"])).cls, 3);
    assert.throws(() => createRegionMap({ chinaIncludes: ["JP"] }), /HK, MO, TW/);
  });

  test("multinationals: kept, dropped as affiliations, or dropping the paper", () => {
    const paper = [au("first", inst("US")), au("last", inst("CN", "Microsoft Research Asia"))];
    assert.equal(run(paper, ctx()).cls, CLASS_MIXED);
    assert.equal(run(paper, ctx("unanimous", "drop-affiliation")).cls, 0);
    assert.deepEqual(run(paper, ctx("unanimous", "drop-paper")).reason, "has-multinational");
    assert.equal(
      run([au("first", inst("US", "Google (United States)"))], ctx("unanimous", "drop-affiliation")).reason,
      "only-multinationals",
    );
    // "Metabolic Institute" must not match "Meta"
    assert.equal(run([au("first", inst("US", "Metabolic Institute"))], ctx("unanimous", "drop-affiliation")).cls, 0);
  });

  test("majority needs more than half of the resolved authors", () => {
    const twoToOne = [au("first", inst("US")), au("middle", inst("CN")), au("last", inst("US"))];
    assert.equal(run(twoToOne, ctx("majority")).cls, 0);
    assert.equal(run([au("first", inst("US")), au("last", inst("CN"))], ctx("majority")).cls, CLASS_MIXED);
    // an author with two regions splits their vote: US ½+1, CN ½ → us
    assert.equal(run([au("first", inst("US"), inst("CN")), au("last", inst("US"))], ctx("majority")).cls, 0);
  });

  test("first-author uses author_position, else the first listed", () => {
    assert.equal(run([au("middle", inst("CN")), au("first", inst("US"))], ctx("first-author")).cls, 0);
    assert.equal(run([au("middle", inst("CN")), au("last", inst("US"))], ctx("first-author")).cls, 1);
    assert.equal(run([au("first", inst(null)), au("last", inst("US"))], ctx("first-author")).reason, "first-author-unresolved");
    assert.equal(run([au("first", inst("US"), inst("DE"))], ctx("first-author")).cls, CLASS_MIXED);
  });

  test("fractional weights sum to 1; a single-region paper is one-hot", () => {
    const r = run([au("first", inst("US")), au("middle", inst("CN"), inst("DE")), au("last", inst("US"))], ctx("fractional"));
    assert.equal(r.cls, CLASS_WEIGHTED);
    assert.deepEqual(r.w, [2 / 3, 1 / 6, 1 / 6, 0]);
    assert.equal(run([au("first", inst("FR"))], ctx("fractional")).cls, 2);
  });

  test("region map JSON: valid maps load, bad ones give one-line errors", () => {
    const m = regionMapFromJson({ us: ["US"], cn: ["CN", "HK", "TW"], eu: ["DE"] }, "map.json");
    assert.equal(m.countries.get("TW"), "cn");
    assert.equal(run([au("first", inst("FR"))], { ...ctx(), regionMap: m }).cls, 3, "FR not listed → other");
    assert.throws(() => regionMapFromJson({ asia: ["JP"] }, "map.json"), /unknown region "asia"/);
    assert.throws(() => regionMapFromJson({ us: ["US"], eu: ["US"] }, "map.json"), /listed under both/);
    assert.throws(() => regionMapFromJson({ us: ["USA"] }, "map.json"), /"USA" under "us" is not an ISO 3166 alpha-2 country code/);
  });
});
