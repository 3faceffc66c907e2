/**
 * Hand-built OpenAlex-shaped works whose counts are computed by hand in the comments (see
 * handFixture.test.ts). W6 has one US and one Chinese author (mixed under unanimous), W7 has no
 * institutions, W99 is not in the set.
 */
import type { OpenAlexWork } from "../../src/systems/citation-separation/index.js";

export function inst(
  country: string | null,
  name = `Univ ${country}`,
): { id: string; display_name: string; country_code: string | null; ror: null } {
  return { id: `https://openalex.org/I${name.length}${country ?? "x"}`, display_name: name, country_code: country, ror: null };
}

export function author(position: "first" | "middle" | "last", ...countries: (string | null)[]) {
  return { author_position: position, author: { id: null, display_name: "A" }, institutions: countries.map((c) => inst(c)) };
}

const W = (n: number) => `https://openalex.org/W${n}`;

export function work(n: number, year: number, authorships: OpenAlexWork["authorships"], refs: number[]): OpenAlexWork {
  return { id: W(n), publication_year: year, authorships, referenced_works: refs.map(W) };
}

/** The base fixture (unanimous: us 2, cn 2, eu 1, mixed 1, unassigned 1). */
export function handFixture(): OpenAlexWork[] {
  return [
    work(1, 2020, [author("first", "US"), author("last", "US")], [2, 3, 5, 99]),
    work(2, 2021, [author("first", "US")], [1, 4]),
    work(3, 2020, [author("first", "CN")], [4, 1]),
    work(4, 2021, [author("first", "CN"), author("last", "CN")], [3, 6]),
    work(5, 2020, [author("first", "DE")], [1, 2, 6]),
    work(6, 2021, [author("first", "US"), author("last", "CN")], [1]),
    work(7, 2021, [{ author_position: "first", institutions: [] }], [1]),
  ];
}

/** W9: two US authors and one Chinese author, citing W1. */
export function w9(): OpenAlexWork {
  return work(9, 2021, [author("first", "US"), author("middle", "CN"), author("last", "US")], [1]);
}
