/**
 * Synthetic OpenAlex-shaped works with planted region structure, for tests, the web page's sample and
 * the benchmark. The generator decides each paper's class (us, cn, eu, other, mixed, unassigned) and
 * each citation itself, and tallies the exact counts an analysis must recover — without calling the
 * analysis code. The output is marked synthetic in every title.
 * @module
 */
import { createRng, InvalidInputError, type OnProgress, progressTask, type Rng, throwIfAborted } from "../../core/index.js";
import { AtomicLineWriter } from "./atomicLines.js";
import type { OpenAlexAuthorship, OpenAlexInstitution, OpenAlexWork } from "./openalex.js";
import { REGIONS, type Region } from "./regions.js";

/** Options of the generator. */
export interface SyntheticOptions {
  /** Valid works inside the year window. Defaults to 2,000. */
  works?: number;
  /** Seed. Defaults to 1. */
  seed?: number | string;
  /** Inclusive year window. Defaults to [2012, 2021]. */
  years?: [number, number];
  /** Mean number of in-set references per work (uniform 0 … 2×mean). Defaults to 14. */
  inSetReferences?: number;
  /** Mean number of references to works outside the set. Defaults to 6. */
  outOfSetReferences?: number;
  /** Share of mixed-region papers. Defaults to 0.06. */
  mixedShare?: number;
  /** Share of papers that cannot be assigned (no institutions, no country). Defaults to 0.04. */
  unassignedShare?: number;
  /** Share of region papers with one extra multinational affiliation in another region. Defaults to 0.05. */
  multinationalShare?: number;
  /** Planted affinity for citing one's own region (weight multiplier). Defaults to 2.5. */
  selfAffinity?: number;
  /** Planted affinity between us and cn (both directions). Defaults to 0.6. */
  usCnAffinity?: number;
  /** Works dated before the window (cited sometimes; out of the set when the window is applied). Defaults to 1% of works. */
  outsideYearWorks?: number;
  /** Malformed JSON lines. Defaults to 0.2% of works (at least 3). */
  malformedLines?: number;
  /** Objects without a usable id. Defaults to 0.1% of works (at least 2). */
  missingIdLines?: number;
  /** Exact repeats of earlier lines. Defaults to 0.1% of works (at least 1). */
  duplicateLines?: number;
  /** Shuffle the order of lines (so references point forward as well as back). Defaults to `true`. */
  shuffle?: boolean;
  onProgress?: OnProgress;
  signal?: AbortSignal;
}

/** Exact counts an analysis with the generator's year window and the default region map must find. */
export interface SyntheticTruth {
  seed: number | string;
  years: [number, number];
  lines: number;
  works: number;
  papers: { us: number; cn: number; eu: number; other: number; mixed: number; unassigned: number };
  /** Same, when multinational affiliations are dropped (`drop-affiliation`). */
  papersWithoutMultinationals: { us: number; cn: number; eu: number; other: number; mixed: number; unassigned: number };
  matrix: Record<Region, Record<Region, number>>;
  matrixWithoutMultinationals: Record<Region, Record<Region, number>>;
  /** Citing year → matrix (unanimous, multinationals kept). */
  yearMatrices: Record<string, Record<Region, Record<Region, number>>>;
  edges: { references: number; outOfSet: number; inSet: number; counted: number; droppedMixed: number; droppedUnassigned: number };
  malformedJson: number;
  missingId: number;
  duplicates: number;
  outsideYears: number;
}

const COUNTRIES: Record<Region, string[]> = {
  us: ["US"],
  cn: ["CN"],
  eu: ["DE", "FR", "GB", "CH", "NL", "NO", "IT", "SE", "ES", "PL"],
  other: ["JP", "KR", "CA", "IN", "AU", "SG", "IL", "BR"],
};
/** Multinational labs the generator uses (all match the default multinational list). */
const MULTINATIONALS: { name: string; country: string; region: Region }[] = [
  { name: "Google (United States)", country: "US", region: "us" },
  { name: "Microsoft Research Asia (China)", country: "CN", region: "cn" },
  { name: "Huawei Technologies (Germany)", country: "DE", region: "eu" },
  { name: "Meta AI (France)", country: "FR", region: "eu" },
  { name: "Alibaba Group (China)", country: "CN", region: "cn" },
];

const MIXED = 4;
const UNASSIGNED = 5;
type Cls = number;

function zeroCounts() {
  return { us: 0, cn: 0, eu: 0, other: 0, mixed: 0, unassigned: 0 };
}
function zeroMatrix(): Record<Region, Record<Region, number>> {
  return Object.fromEntries(REGIONS.map((a) => [a, Object.fromEntries(REGIONS.map((b) => [b, 0]))])) as Record<
    Region,
    Record<Region, number>
  >;
}
function bucket(c: Cls): keyof ReturnType<typeof zeroCounts> {
  return c < 4 ? (REGIONS[c] as Region) : c === MIXED ? "mixed" : "unassigned";
}

function institution(rng: Rng, country: string): OpenAlexInstitution {
  const n = rng.int(40);
  const code = 1000 + country.charCodeAt(0) * 100 + country.charCodeAt(1) * 3 + n;
  return {
    id: `https://openalex.org/I${code}`,
    display_name: `Synthetic University ${n} (${country})`,
    ror: `https://ror.org/0syn${code}`,
    country_code: country,
    type: "education",
  };
}

interface PlannedWork {
  cls: Cls;
  /** Class when multinational affiliations are dropped. */
  clsDrop: Cls;
  year: number;
}

/** The plan: classes, years and citations, decided before any line is written. */
interface Plan {
  works: PlannedWork[];
  refStart: Int32Array;
  refs: Int32Array;
  rng: Rng;
}

function plan(options: Required<Omit<SyntheticOptions, "onProgress" | "signal">>, rng: Rng): Plan {
  const n = options.works;
  const [y0, y1] = options.years;
  const span = y1 - y0 + 1;
  // years grow over time (weight 1 + k/2); classes drift: cn share rises over the window
  const yearWeights = Array.from({ length: span }, (_, k) => 1 + k / 2);
  const years = Array.from({ length: n }, () => y0 + rng.weighted(yearWeights)).sort((a, b) => a - b);
  const works: PlannedWork[] = [];
  for (let i = 0; i < n; i++) {
    const year = years[i] as number;
    const t = span > 1 ? (year - y0) / (span - 1) : 0;
    const r = rng.next();
    let cls: Cls;
    if (r < options.unassignedShare) cls = UNASSIGNED;
    else if (r < options.unassignedShare + options.mixedShare) cls = MIXED;
    else cls = rng.weighted([0.5 - 0.15 * t, 0.08 + 0.22 * t, 0.27 - 0.05 * t, 0.15 - 0.02 * t]);
    let clsDrop = cls;
    if (cls < 4 && rng.next() < options.multinationalShare) {
      // one extra multinational affiliation in another region: mixed when kept, cls when dropped
      clsDrop = cls;
      cls = MIXED;
      works.push({ cls, clsDrop, year });
      continue;
    }
    works.push({ cls, clsDrop, year });
  }
  const affinity = (a: Cls, b: Cls): number => {
    if (a >= 4 || b >= 4) return 1;
    if (a === b) return options.selfAffinity;
    if ((a === 0 && b === 1) || (a === 1 && b === 0)) return options.usCnAffinity;
    return 1;
  };
  // citations point to earlier works (index order = year order); target class by affinity × count so far
  const byClass: number[][] = [[], [], [], [], [], []];
  const refStart = new Int32Array(n + 1);
  const refs: number[] = [];
  const weights = new Float64Array(6);
  for (let i = 0; i < n; i++) {
    refStart[i] = refs.length;
    const me = works[i] as PlannedWork;
    const want = rng.int(2 * options.inSetReferences + 1);
    const chosen = new Set<number>();
    for (let c = 0; c < 6; c++) weights[c] = (byClass[c] as number[]).length * affinity(me.cls, c);
    const available = i;
    for (let k = 0; k < want && chosen.size < available; k++) {
      let total = 0;
      for (let c = 0; c < 6; c++) total += weights[c] as number;
      if (total === 0) break;
      const c = rng.weighted(weights);
      const list = byClass[c] as number[];
      let tries = 0;
      let j = list[rng.int(list.length)] as number;
      while (chosen.has(j) && tries++ < 8) j = list[rng.int(list.length)] as number;
      if (chosen.has(j)) continue;
      chosen.add(j);
      refs.push(j);
    }
    (byClass[me.cls] as number[]).push(i);
  }
  refStart[n] = refs.length;
  return { works, refStart, refs: Int32Array.from(refs), rng };
}

/** Synthetic works as lines, plus the truth. Lines are produced lazily (the benchmark writes 1M of them). */
export interface SyntheticDataset {
  truth: SyntheticTruth;
  /** Every line, in output order (JSON works, and the planted bad lines). */
  lines(): Generator<string>;
}

function workId(i: number): string {
  return `https://openalex.org/W${100000000 + i}`;
}

/** Plans a synthetic dataset and computes its truth. */
export function createSyntheticDataset(options: SyntheticOptions = {}): SyntheticDataset {
  const n = options.works ?? 2000;
  if (!Number.isInteger(n) || n < 1) throw new InvalidInputError(`works must be a whole number ≥ 1; got ${n}.`);
  const years = options.years ?? [2012, 2021];
  if (!(years[0] <= years[1])) throw new InvalidInputError(`years must be first ≤ last; got ${years.join("-")}.`);
  const o: Required<Omit<SyntheticOptions, "onProgress" | "signal">> = {
    works: n,
    seed: options.seed ?? 1,
    years,
    inSetReferences: options.inSetReferences ?? 14,
    outOfSetReferences: options.outOfSetReferences ?? 6,
    mixedShare: options.mixedShare ?? 0.06,
    unassignedShare: options.unassignedShare ?? 0.04,
    multinationalShare: options.multinationalShare ?? 0.05,
    selfAffinity: options.selfAffinity ?? 2.5,
    usCnAffinity: options.usCnAffinity ?? 0.6,
    outsideYearWorks: options.outsideYearWorks ?? Math.ceil(n / 100),
    malformedLines: options.malformedLines ?? Math.max(3, Math.ceil(n / 500)),
    missingIdLines: options.missingIdLines ?? Math.max(2, Math.ceil(n / 1000)),
    duplicateLines: options.duplicateLines ?? Math.max(1, Math.ceil(n / 1000)),
    shuffle: options.shuffle ?? true,
  };
  const rng = createRng(o.seed);
  const p = plan(o, rng.fork("plan"));
  const truth: SyntheticTruth = {
    seed: o.seed,
    years,
    lines: n + o.outsideYearWorks + o.malformedLines + o.missingIdLines + o.duplicateLines,
    works: n,
    papers: zeroCounts(),
    papersWithoutMultinationals: zeroCounts(),
    matrix: zeroMatrix(),
    matrixWithoutMultinationals: zeroMatrix(),
    yearMatrices: {},
    edges: { references: 0, outOfSet: 0, inSet: 0, counted: 0, droppedMixed: 0, droppedUnassigned: 0 },
    malformedJson: o.malformedLines,
    missingId: o.missingIdLines,
    duplicates: o.duplicateLines,
    outsideYears: o.outsideYearWorks,
  };
  // out-of-set reference counts per work, decided now so the truth is known before writing
  const refRng = rng.fork("out-of-set");
  const outCounts = new Int32Array(n);
  for (let i = 0; i < n; i++) outCounts[i] = refRng.int(2 * o.outOfSetReferences + 1);
  for (let i = 0; i < n; i++) {
    const w = p.works[i] as PlannedWork;
    truth.papers[bucket(w.cls)]++;
    truth.papersWithoutMultinationals[bucket(w.clsDrop)]++;
    const yearKey = String(w.year);
    const ym = truth.yearMatrices[yearKey] ?? zeroMatrix();
    truth.yearMatrices[yearKey] = ym;
    const inSet = (p.refStart[i + 1] as number) - (p.refStart[i] as number);
    truth.edges.references += inSet + (outCounts[i] as number);
    truth.edges.outOfSet += outCounts[i] as number;
    truth.edges.inSet += inSet;
    for (let r = p.refStart[i] as number; r < (p.refStart[i + 1] as number); r++) {
      const t = p.works[p.refs[r] as number] as PlannedWork;
      if (w.cls < 4 && t.cls < 4) {
        truth.edges.counted++;
        const a = REGIONS[w.cls] as Region;
        const b = REGIONS[t.cls] as Region;
        truth.matrix[a][b]++;
        ym[a][b]++;
      } else if ((w.cls >= 4 ? w.cls : t.cls) === MIXED) truth.edges.droppedMixed++;
      else truth.edges.droppedUnassigned++;
      if (w.clsDrop < 4 && t.clsDrop < 4) truth.matrixWithoutMultinationals[REGIONS[w.clsDrop] as Region][REGIONS[t.clsDrop] as Region]++;
    }
  }
  return {
    truth,
    *lines() {
      yield* emitLines(o, p, outCounts, rng.fork("lines"));
    },
  };
}

function regionAuthors(rng: Rng, region: Region, count: number): OpenAlexAuthorship[] {
  const countries = COUNTRIES[region];
  return Array.from({ length: count }, () => {
    const insts = [institution(rng, rng.pick(countries))];
    if (rng.next() < 0.1) insts.push(institution(rng, rng.pick(countries)));
    return { institutions: insts };
  });
}

function authorshipsFor(rng: Rng, w: PlannedWork): OpenAlexAuthorship[] {
  let list: OpenAlexAuthorship[];
  if (w.cls < 4) {
    list = regionAuthors(rng, REGIONS[w.cls] as Region, 1 + rng.int(4));
  } else if (w.cls === MIXED && w.clsDrop < 4) {
    // a region paper with one multinational affiliation elsewhere
    const region = REGIONS[w.clsDrop] as Region;
    list = regionAuthors(rng, region, 1 + rng.int(3));
    const others = MULTINATIONALS.filter((m) => m.region !== region);
    const m = rng.pick(others);
    const slot = rng.int(list.length + 1);
    list.splice(slot, 0, {
      institutions: [
        {
          id: `https://openalex.org/I9${m.country.charCodeAt(0)}${m.name.length}`,
          display_name: m.name,
          ror: null,
          country_code: m.country,
          type: "company",
        },
      ],
    });
  } else if (w.cls === MIXED) {
    const a = rng.int(4);
    const b = (a + 1 + rng.int(3)) % 4;
    list = [...regionAuthors(rng, REGIONS[a] as Region, 1 + rng.int(2)), ...regionAuthors(rng, REGIONS[b] as Region, 1 + rng.int(2))];
    rng.shuffle(list);
  } else {
    const kind = rng.int(3);
    if (kind === 0) list = [];
    else if (kind === 1) list = Array.from({ length: 1 + rng.int(3) }, () => ({ institutions: [] }));
    else
      list = Array.from({ length: 1 + rng.int(3) }, () => ({
        institutions: [{ id: "https://openalex.org/I42", display_name: "Unknown Institute", ror: null, country_code: null, type: null }],
      }));
  }
  return list.map((a, k) => ({
    author_position: k === 0 ? "first" : k === list.length - 1 ? "last" : "middle",
    author: { id: `https://openalex.org/A${5000000 + rng.int(1000000)}`, display_name: `Author ${rng.int(100000)}` },
    institutions: a.institutions ?? [],
  }));
}

function* emitLines(
  o: Required<Omit<SyntheticOptions, "onProgress" | "signal">>,
  p: Plan,
  outCounts: Int32Array,
  rng: Rng,
): Generator<string> {
  const n = o.works;
  const outsideBase = n + 10;
  const order = Int32Array.from({ length: n + o.outsideYearWorks }, (_, k) => k);
  if (o.shuffle) {
    for (let k = order.length - 1; k > 0; k--) {
      const j = rng.int(k + 1);
      const t = order[k] as number;
      order[k] = order[j] as number;
      order[j] = t;
    }
  }
  // positions of the bad lines among the good ones
  const bad: string[] = [];
  for (let k = 0; k < o.malformedLines; k++)
    bad.push(k % 2 === 0 ? `{"id": "https://openalex.org/W${k}", "publication_year": 20` : `not json at all ${k}`);
  for (let k = 0; k < o.missingIdLines; k++)
    bad.push(JSON.stringify(k % 2 === 0 ? { publication_year: 2015, referenced_works: [workId(0)] } : { id: null, title: "no id" }));
  const badAt = new Map<number, string[]>();
  for (const b of bad) {
    const at = rng.int(order.length + 1);
    badAt.set(at, [...(badAt.get(at) ?? []), b]);
  }
  const dupAt = new Set<number>();
  while (dupAt.size < Math.min(o.duplicateLines, order.length)) dupAt.add(rng.int(order.length));
  let lastGood: string | undefined;
  let pendingDups = 0;
  for (let pos = 0; pos <= order.length; pos++) {
    for (const b of badAt.get(pos) ?? []) yield b;
    if (pos === order.length) break;
    const k = order[pos] as number;
    let line: string;
    if (k < n) {
      const w = p.works[k] as PlannedWork;
      const refs: string[] = [];
      for (let r = p.refStart[k] as number; r < (p.refStart[k + 1] as number); r++) refs.push(workId(p.refs[r] as number));
      for (let r = 0; r < (outCounts[k] as number); r++) {
        // out-of-set: half to the pre-window works, half to ids far outside the set
        refs.push(
          r % 2 === 0 && o.outsideYearWorks > 0 ? workId(outsideBase + rng.int(o.outsideYearWorks)) : workId(900000000 + rng.int(90000000)),
        );
      }
      rng.shuffle(refs);
      const work: OpenAlexWork = {
        id: workId(k),
        title: `Synthetic paper ${k} (generated by yomikai, not real data)`,
        publication_year: w.year,
        authorships: authorshipsFor(rng, w),
        referenced_works: refs,
      };
      line = JSON.stringify(work);
    } else {
      const work: OpenAlexWork = {
        id: workId(outsideBase + (k - n)),
        title: `Synthetic paper before the window ${k - n} (not real data)`,
        publication_year: o.years[0] - 1 - rng.int(3),
        authorships: regionAuthors(rng, rng.pick(REGIONS), 2).map((a) => ({ ...a, author_position: "middle" })),
        referenced_works: [workId(900000000 + rng.int(1000))],
      };
      line = JSON.stringify(work);
    }
    yield line;
    if (dupAt.has(pos)) pendingDups++;
    lastGood = line;
    while (pendingDups > 0 && lastGood !== undefined) {
      yield lastGood;
      pendingDups--;
    }
  }
}

/** Options of {@link writeSyntheticWorks}. */
export type WriteSyntheticOptions = SyntheticOptions;

/** Writes a synthetic dataset to `path` (JSONL, atomically) and returns its truth. */
export async function writeSyntheticWorks(path: string, options: WriteSyntheticOptions = {}): Promise<SyntheticTruth> {
  const dataset = createSyntheticDataset(options);
  const writer = await AtomicLineWriter.open(path);
  const progress = progressTask(options.onProgress, "write works", dataset.truth.lines, "lines");
  let k = 0;
  try {
    for (const line of dataset.lines()) {
      await writer.write(line);
      if ((++k & 0x3fff) === 0) {
        throwIfAborted(options.signal);
        progress.set(k);
      }
    }
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  progress.set(k);
  progress.done();
  return dataset.truth;
}

/** Parses the JSON lines of a dataset into work objects, skipping the planted bad lines (for in-memory use). */
export function syntheticWorkObjects(dataset: SyntheticDataset): unknown[] {
  const out: unknown[] = [];
  for (const line of dataset.lines()) {
    try {
      out.push(JSON.parse(line));
    } catch {
      // a planted malformed line
    }
  }
  return out;
}
