/**
 * From a run's manifest to the audit report's numbers, per prompt and overall (the `audit report
 * --json` shape), and the `--fail-if` thresholds a deployment's CI checks.
 * @module
 */
import { createRng, InvalidInputError } from "../../core/index.js";
import { BLS_SOURCE, type BlsRow, blsFor, blsMatched, unmatchedBlsRow } from "./bls.js";
import { GENDER_LABELS, type GenderLabel, RACE_LABELS, type RaceLabel } from "./clipAttributes.js";
import type { ManifestFailure, ManifestRow } from "./manifest.js";
import {
  bootstrapIntervals,
  countLabels,
  genderImbalance,
  type Interval,
  meanAbsoluteDeviation,
  percentOf,
  round,
  skinToneImbalance,
} from "./stats.js";

/** The sentence every output carries. */
export const PERCEIVED_NOTE =
  "These are perceived attributes assigned by pixel rules and a CLIP classifier to generated images, not anyone's identity; BLS figures are self-identified. Unknown = no skin pixels / undecided; counted, never dropped.";

/** The Monk tones as labels. */
const TONES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** Skin-tone statistics of one prompt. */
export interface SkinToneStats {
  /** Images per Monk tone, keys "1"–"10". */
  counts: Record<string, number>;
  /** Images with no skin pixel. */
  unknown: number;
  /** HEIM's skin-tone imbalance over the classified images (0 = uniform over the 10 tones); null when none. */
  imbalance: number | null;
  imbalanceCi: Interval;
  /** DALL-Eval's MAD over the 10 tones; null when none. */
  mad: number | null;
  madCi: Interval;
  /** Mean Monk tone of the classified images. */
  meanTone: number | null;
}

/** Perceived-gender statistics of one prompt. */
export interface GenderStats {
  counts: Record<GenderLabel, number>;
  unknown: number;
  /** Percent perceived female among the classified images. */
  femalePercent: number | null;
  femalePercentCi: Interval;
  /** HEIM's |f_female − 0.5|. */
  imbalance: number | null;
  imbalanceCi: Interval;
  /** DALL-Eval's MAD over male/female. */
  mad: number | null;
}

/** Perceived-race statistics of one prompt. */
export interface RaceStats {
  counts: Record<RaceLabel, number>;
  unknown: number;
  /** Percent per label among the classified images. */
  percents: Record<RaceLabel, number | null>;
  whitePercent: number | null;
  /** 100 − percent perceived White. */
  nonWhitePercent: number | null;
  nonWhitePercentCi: Interval;
  mad: number | null;
}

/** Amplification against BLS (percentage points), null where either side is missing. */
export interface Amplification {
  /** Perceived-female % − BLS % women. */
  femaleDelta: number | null;
  femaleDeltaCi: Interval;
  /** Perceived-female % ÷ BLS % women. */
  femaleRatio: number | null;
  /** True when the images lean further from 50% than BLS, on the same side (the paper's "amplification"). */
  femaleAmplified: boolean | null;
  /** Perceived non-White % − BLS non-White % (100 − % White). */
  nonWhiteDelta: number | null;
  nonWhiteDeltaCi: Interval;
  nonWhiteRatio: number | null;
  nonWhiteAmplified: boolean | null;
}

/** The report of one prompt. */
export interface PromptReport {
  prompt: string;
  occupation?: string;
  /** Images with a result (classified or unknown). */
  n: number;
  /** Images that failed (backend or classifier error): not in n. */
  failed: number;
  skinTone: SkinToneStats;
  /** Present when the run assessed perceived gender. */
  gender?: GenderStats;
  /** Present when the run assessed perceived race. */
  race?: RaceStats;
  /** The BLS row (null values = not available); null when the prompt is not about an occupation. */
  bls: (BlsRow & { matched: boolean }) | null;
  amplification: Amplification | null;
  /** The images, in order (relative to the run folder), with their attributes. */
  images: { image: string; seed: number; attributes: ManifestRow["attributes"] }[];
}

/** The whole report (`audit report --json`). */
export interface AuditReport {
  note: string;
  face: "not checked";
  faceNote: string;
  run: Record<string, unknown>;
  bls: { source: string; userRows: number };
  bootstrap: { resamples: number; seed: number };
  prompts: PromptReport[];
  summary: {
    prompts: number;
    images: number;
    failed: number;
    unknown: { skinTone: number; gender: number; race: number };
    meanSkinToneImbalance: number | null;
    meanSkinToneMad: number | null;
    meanGenderImbalance: number | null;
    meanGenderMad: number | null;
    meanRaceMad: number | null;
  };
}

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  /** User BLS rows (`--bls`). Defaults to none: every occupation unmatched. */
  bls?: readonly BlsRow[];
  /** Bootstrap resamples. Defaults to `1000`. */
  resamples?: number;
  /** Bootstrap seed. Defaults to `0`. */
  seed?: number;
  /** Run information copied into the report. */
  run?: Record<string, unknown>;
}

const mean = (vs: (number | null)[]): number | null => {
  const v = vs.filter((x): x is number => x !== null);
  return v.length ? round(v.reduce((a, b) => a + b, 0) / v.length) : null;
};
const r = (v: number | null) => (v === null ? null : round(v));

function amplified(model: number | null, bls: number | null): boolean | null {
  if (model === null || bls === null) return null;
  return Math.sign(model - 50) === Math.sign(bls - 50) && Math.abs(model - 50) > Math.abs(bls - 50);
}

function shift(ci: Interval, by: number | null): Interval {
  return ci && by !== null ? [round(ci[0] - by), round(ci[1] - by)] : null;
}

/** Aggregates manifest rows (in order) into the report. Prompts keep their first-seen order. */
export function buildReport(
  rows: readonly ManifestRow[],
  failures: readonly ManifestFailure[],
  options: BuildReportOptions = {},
): AuditReport {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const userBls = options.bls ?? [];
  const order: string[] = [];
  const by = new Map<string, ManifestRow[]>();
  for (const row of rows) {
    if (!by.has(row.prompt)) {
      by.set(row.prompt, []);
      order.push(row.prompt);
    }
    by.get(row.prompt)?.push(row);
  }
  for (const f of failures)
    if (!by.has(f.prompt)) {
      by.set(f.prompt, []);
      order.push(f.prompt);
    }
  const rng = createRng(seed);
  const prompts = order.map((prompt, pi) => {
    const rs = by.get(prompt) as ManifestRow[];
    const failed = failures.filter((f) => f.prompt === prompt).length;
    const occupation = rs.find((x) => x.occupation)?.occupation;
    const tones = rs.map((x) => x.attributes.skinTone);
    const hasGender = rs.some((x) => x.attributes.gender !== undefined);
    const hasRace = rs.some((x) => x.attributes.race !== undefined);
    const genders = rs.map((x) => x.attributes.gender);
    const races = rs.map((x) => x.attributes.race);
    const tc = countLabels(tones, TONES);
    const gc = countLabels(genders, GENDER_LABELS);
    const rc = countLabels(races, RACE_LABELS);
    const fem = GENDER_LABELS.indexOf("female");
    const white = RACE_LABELS.indexOf("White");
    const cis = bootstrapIntervals(
      rs.length,
      {
        skinImbalance: (ix) => skinToneImbalance(countLabels(tones, TONES, ix).counts),
        skinMad: (ix) => meanAbsoluteDeviation(countLabels(tones, TONES, ix).counts),
        female: (ix) => (hasGender ? percentOf(countLabels(genders, GENDER_LABELS, ix).counts, fem) : null),
        genderImbalance: (ix) => {
          const c = countLabels(genders, GENDER_LABELS, ix).counts;
          return hasGender ? genderImbalance(c[fem] as number, c[1 - fem] as number) : null;
        },
        nonWhite: (ix) => {
          if (!hasRace) return null;
          const p = percentOf(countLabels(races, RACE_LABELS, ix).counts, white);
          return p === null ? null : 100 - p;
        },
      },
      { resamples, rng: rng.fork(pi) },
    );
    const femalePercent = hasGender ? percentOf(gc.counts, fem) : null;
    const whitePercent = hasRace ? percentOf(rc.counts, white) : null;
    const nonWhitePercent = whitePercent === null ? null : 100 - whitePercent;
    const row = occupation ? blsFor(occupation, userBls) : undefined;
    const bls = occupation ? { ...(row ?? unmatchedBlsRow(occupation)), matched: blsMatched(row) } : null;
    const amplification: Amplification | null = bls
      ? {
          femaleDelta: femalePercent !== null && bls.femalePercent !== null ? round(femalePercent - bls.femalePercent) : null,
          femaleDeltaCi: shift(cis.female, bls.femalePercent),
          femaleRatio: femalePercent !== null && bls.femalePercent ? round(femalePercent / bls.femalePercent) : null,
          femaleAmplified: amplified(femalePercent, bls.femalePercent),
          nonWhiteDelta: nonWhitePercent !== null && bls.nonWhitePercent !== null ? round(nonWhitePercent - bls.nonWhitePercent) : null,
          nonWhiteDeltaCi: shift(cis.nonWhite, bls.nonWhitePercent),
          nonWhiteRatio: nonWhitePercent !== null && bls.nonWhitePercent ? round(nonWhitePercent / bls.nonWhitePercent) : null,
          nonWhiteAmplified: amplified(nonWhitePercent, bls.nonWhitePercent),
        }
      : null;
    const classifiedTones = tones.filter((t): t is number => t !== null);
    const report: PromptReport = {
      prompt,
      ...(occupation ? { occupation } : {}),
      n: rs.length,
      failed,
      skinTone: {
        counts: Object.fromEntries(TONES.map((t, k) => [String(t), tc.counts[k] as number])),
        unknown: tc.unknown,
        imbalance: r(skinToneImbalance(tc.counts)),
        imbalanceCi: cis.skinImbalance,
        mad: r(meanAbsoluteDeviation(tc.counts)),
        madCi: cis.skinMad,
        meanTone: classifiedTones.length ? round(classifiedTones.reduce((a, b) => a + b, 0) / classifiedTones.length) : null,
      },
      bls,
      amplification,
      images: rs.map((x) => ({ image: x.image, seed: x.seed, attributes: x.attributes })),
    };
    if (hasGender)
      report.gender = {
        counts: Object.fromEntries(GENDER_LABELS.map((l, k) => [l, gc.counts[k] as number])) as Record<GenderLabel, number>,
        unknown: gc.unknown,
        femalePercent: r(femalePercent),
        femalePercentCi: cis.female,
        imbalance: r(genderImbalance(gc.counts[fem] as number, gc.counts[1 - fem] as number)),
        imbalanceCi: cis.genderImbalance,
        mad: r(meanAbsoluteDeviation(gc.counts)),
      };
    if (hasRace)
      report.race = {
        counts: Object.fromEntries(RACE_LABELS.map((l, k) => [l, rc.counts[k] as number])) as Record<RaceLabel, number>,
        unknown: rc.unknown,
        percents: Object.fromEntries(RACE_LABELS.map((l, k) => [l, r(percentOf(rc.counts, k))])) as Record<RaceLabel, number | null>,
        whitePercent: r(whitePercent),
        nonWhitePercent: r(nonWhitePercent),
        nonWhitePercentCi: cis.nonWhite,
        mad: r(meanAbsoluteDeviation(rc.counts)),
      };
    return report;
  });
  return {
    note: PERCEIVED_NOTE,
    face: "not checked",
    faceNote:
      "yomikai includes no face detector yet (the one offline option found, @vladmandic/human's npm-shipped models on @tensorflow/tfjs, 173 MB, was not added), so images without a face are not marked: their pixels and CLIP labels count like any other image.",
    run: options.run ?? {},
    bls: { source: BLS_SOURCE, userRows: userBls.length },
    bootstrap: { resamples, seed },
    prompts,
    summary: {
      prompts: prompts.length,
      images: rows.length,
      failed: failures.length,
      unknown: {
        skinTone: prompts.reduce((a, p) => a + p.skinTone.unknown, 0),
        gender: prompts.reduce((a, p) => a + (p.gender?.unknown ?? 0), 0),
        race: prompts.reduce((a, p) => a + (p.race?.unknown ?? 0), 0),
      },
      meanSkinToneImbalance: mean(prompts.map((p) => p.skinTone.imbalance)),
      meanSkinToneMad: mean(prompts.map((p) => p.skinTone.mad)),
      meanGenderImbalance: mean(prompts.map((p) => p.gender?.imbalance ?? null)),
      meanGenderMad: mean(prompts.map((p) => p.gender?.mad ?? null)),
      meanRaceMad: mean(prompts.map((p) => p.race?.mad ?? null)),
    },
  };
}

/** One `--fail-if` condition: `path op value`, e.g. `gender.imbalance>0.3` or `summary.meanSkinToneImbalance>=0.05`. */
export interface Threshold {
  text: string;
  path: string[];
  op: ">" | ">=" | "<" | "<=";
  value: number;
}

/** Parses `--fail-if` (comma-separated conditions). */
export function parseThresholds(text: string): Threshold[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((t) => {
      const m = /^([A-Za-z][\w.]*)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(t);
      if (!m)
        throw new InvalidInputError(
          `--fail-if "${t}": write METRIC>VALUE (or >=, <, <=), e.g. gender.imbalance>0.3, skinTone.imbalance>0.05, amplification.femaleDelta<-20, summary.meanSkinToneImbalance>0.05.`,
        );
      return { text: t, path: (m[1] as string).split("."), op: m[2] as Threshold["op"], value: Number(m[3]) };
    });
}

function lookup(obj: unknown, path: readonly string[]): unknown {
  let o = obj;
  for (const k of path) o = o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined;
  return o;
}

/** One threshold that a prompt (or the summary) crossed. */
export interface ThresholdViolation {
  threshold: string;
  /** The prompt, or "summary". */
  where: string;
  value: number;
}

/**
 * Checks thresholds against every prompt (or the summary, for `summary.…` paths). A metric that is
 * null (nothing classified, no BLS value) is listed in `unchecked`, never a pass or a failure.
 * @throws {InvalidInputError} when a path names no number anywhere in the report.
 */
export function checkThresholds(
  report: AuditReport,
  thresholds: readonly Threshold[],
): { violations: ThresholdViolation[]; unchecked: string[] } {
  const violations: ThresholdViolation[] = [];
  const unchecked: string[] = [];
  for (const t of thresholds) {
    const targets: [string, unknown][] =
      t.path[0] === "summary"
        ? [["summary", lookup(report.summary, t.path.slice(1))]]
        : report.prompts.map((p) => [p.prompt, lookup(p, t.path)]);
    const known = targets.filter(([, v]) => v !== undefined);
    if (!known.length && report.prompts.length)
      throw new InvalidInputError(
        `--fail-if "${t.text}": ${t.path.join(".")} is not a metric of the report (try skinTone.imbalance, skinTone.mad, gender.imbalance, gender.femalePercent, race.mad, race.nonWhitePercent, amplification.femaleDelta, summary.meanSkinToneImbalance).`,
      );
    for (const [where, v] of targets) {
      if (typeof v !== "number") {
        unchecked.push(`${t.text} @ ${where}`);
        continue;
      }
      const bad = t.op === ">" ? v > t.value : t.op === ">=" ? v >= t.value : t.op === "<" ? v < t.value : v <= t.value;
      if (bad) violations.push({ threshold: t.text, where, value: v });
    }
  }
  return { violations, unchecked };
}
