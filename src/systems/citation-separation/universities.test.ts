import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyzeWorks } from "./analyzeCitations.js";
import { loadUniversityCountries, normaliseInstitutionName, UNIVERSITY_ALIASES, universityCountriesFromRecords } from "./universities.js";

const nocountry = (name: string) => ({
  author_position: "first",
  institutions: [{ id: "https://openalex.org/I9", display_name: name, country_code: null }],
});

describe("university-name country fallback", () => {
  test("the bundled Hipo list resolves names, keeps Tsinghua (CN) apart from National Tsinghua (TW), and skips ambiguous names", async () => {
    const u = await loadUniversityCountries();
    assert.ok(u.size > 9000);
    assert.equal(u.countryOf("Tsinghua University"), "CN");
    assert.equal(u.countryOf("National Tsinghua University"), "TW");
    assert.equal(u.countryOf("the University of Oxford"), "GB");
    assert.equal(u.countryOf("UC Berkeley"), "US");
    assert.equal(u.countryOf("ETH Zürich"), "CH");
    assert.equal(u.countryOf("Northeastern University"), undefined, "a name the list gives to two countries is not guessed");
    assert.ok(u.ambiguous > 0);
    for (const alias of Object.keys(UNIVERSITY_ALIASES)) assert.ok(u.countryOf(alias), `alias ${alias} resolves`);
  });

  test("fills countries only when asked, and counts what it filled", async () => {
    const works = [
      { id: "W1", publication_year: 2020, authorships: [nocountry("Tsinghua University")], referenced_works: ["W2"] },
      { id: "W2", publication_year: 2020, authorships: [nocountry("Massachusetts Institute of Technology")], referenced_works: [] },
    ];
    const plain = await analyzeWorks(works, { bootstrap: 0 });
    assert.equal(plain.papers.unassigned, 2);
    assert.equal(plain.settings.fillCountries, null);
    const filled = await analyzeWorks(works, { bootstrap: 0, universities: await loadUniversityCountries() });
    assert.deepEqual(filled.papers, { us: 1, cn: 1, eu: 0, other: 0, mixed: 0, unassigned: 0 });
    assert.equal(filled.countriesFilled, 2);
    assert.equal(filled.matrix.cn.us, 1);
  });

  test("names are normalised for matching", () => {
    assert.equal(normaliseInstitutionName("  The Université  de Montréal "), "universite de montreal");
    const u = universityCountriesFromRecords([{ name: "Texas A&M University", alpha_two_code: "us" }]);
    assert.equal(u.countryOf("texas a and m university"), "US");
    assert.throws(() => universityCountriesFromRecords({}, "x.json"), /not a valid university list file/);
  });
});
