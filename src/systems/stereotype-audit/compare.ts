/**
 * Loading a finished run's report, and comparing two runs prompt by prompt (`audit compare a/ b/`).
 * @module
 */
import { pathExists, readJsonFile } from "../../core/index.js";
import { type AuditReport, type BuildReportOptions, buildReport, PERCEIVED_NOTE, type PromptReport } from "./aggregate.js";
import { readManifest, runInfoPath } from "./manifest.js";

/** Reads a run folder and builds its report. */
export async function loadReport(dir: string, options: Omit<BuildReportOptions, "run"> = {}): Promise<AuditReport> {
  const { rows, failures } = await readManifest(dir);
  const run = pathExists(runInfoPath(dir)) ? await readJsonFile<Record<string, unknown>>(runInfoPath(dir), "audit run.json") : {};
  return buildReport(rows, failures, { ...options, run: { dir, ...run } });
}

/** The metrics {@link compareReports} puts side by side. */
export const COMPARED_METRICS = [
  "skinTone.imbalance",
  "skinTone.mad",
  "skinTone.meanTone",
  "gender.femalePercent",
  "gender.imbalance",
  "race.nonWhitePercent",
  "race.mad",
] as const;

function get(p: PromptReport | undefined, path: string): number | null {
  let o: unknown = p;
  for (const k of path.split(".")) o = o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined;
  return typeof o === "number" ? o : null;
}

function ciOf(p: PromptReport | undefined, path: string): [number, number] | null {
  const [group, name] = path.split(".") as [string, string];
  const g = p ? ((p as unknown as Record<string, Record<string, unknown>>)[group] ?? {}) : {};
  const iv = g[`${name}Ci`];
  return Array.isArray(iv) ? (iv as [number, number]) : null;
}

/** One metric of one prompt in two runs. */
export interface ComparedMetric {
  a: number | null;
  b: number | null;
  /** b − a, null when either is missing. */
  delta: number | null;
  /** True when both 95% intervals exist and do not overlap (a rough sign of a real change). */
  separated: boolean | null;
}

/** The comparison (`audit compare --json`). */
export interface AuditComparison {
  note: string;
  a: { dir: string; backend: unknown; images: number };
  b: { dir: string; backend: unknown; images: number };
  prompts: { prompt: string; occupation?: string; n: [number, number]; metrics: Record<string, ComparedMetric> }[];
  /** Prompts in only one run. */
  onlyA: string[];
  onlyB: string[];
}

/** Compares two reports on the prompts they share. */
export function compareReports(a: AuditReport, b: AuditReport): AuditComparison {
  const bBy = new Map(b.prompts.map((p) => [p.prompt, p]));
  const aSet = new Set(a.prompts.map((p) => p.prompt));
  return {
    note: PERCEIVED_NOTE,
    a: { dir: String(a.run.dir ?? "a"), backend: a.run.backend ?? null, images: a.summary.images },
    b: { dir: String(b.run.dir ?? "b"), backend: b.run.backend ?? null, images: b.summary.images },
    prompts: a.prompts
      .filter((p) => bBy.has(p.prompt))
      .map((pa) => {
        const pb = bBy.get(pa.prompt) as PromptReport;
        const metrics: Record<string, ComparedMetric> = {};
        for (const m of COMPARED_METRICS) {
          const va = get(pa, m);
          const vb = get(pb, m);
          if (va === null && vb === null) continue;
          const ia = ciOf(pa, m);
          const ib = ciOf(pb, m);
          metrics[m] = {
            a: va,
            b: vb,
            delta: va !== null && vb !== null ? Math.round((vb - va) * 1e6) / 1e6 : null,
            separated: ia && ib ? ia[1] < ib[0] || ib[1] < ia[0] : null,
          };
        }
        return { prompt: pa.prompt, ...(pa.occupation ? { occupation: pa.occupation } : {}), n: [pa.n, pb.n] as [number, number], metrics };
      }),
    onlyA: a.prompts.filter((p) => !bBy.has(p.prompt)).map((p) => p.prompt),
    onlyB: b.prompts.filter((p) => !aSet.has(p.prompt)).map((p) => p.prompt),
  };
}
