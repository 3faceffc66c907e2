/**
 * The system registry: one entry per system of the reading session, in deck order. The index page,
 * `yomikai papers`, the exports test and the completeness test read it. Pure data: importing it loads
 * no system, no CLI and no web code.
 *
 * Adding a system = its folder `src/systems/<slug>/index.ts` + its entry here (status `"available"`) +
 * its CLI group (`src/cli/commands/index.ts`) and page (`src/web/pages/index.ts`); see CONTRIBUTING.md.
 * `test/foundation/registry.test.ts` checks that every available system has all of them.
 * @module
 */
import { type Paper, papers } from "./papers.js";

/** Whether a system can be run yet. */
export type SystemStatus = "available" | "planned";

/** What a system declares in the registry; everything else follows from its slug. */
export interface SystemDeclaration {
  /**
   * Kebab-case id: the folder `src/systems/<slug>/`, the export `yomikai/<slug>`, the page `/<slug>`,
   * the docs `docs/<slug>.md`. For a paper's system, the slug `papers.ts` gives that paper.
   */
  slug: string;
  /** Short English name, the start of its README section heading when it has no paper. */
  title: string;
  /** Its CLI group: `yomikai <cli> <verb>`. */
  cli: string;
  /** `"available"` once every piece exists; `"planned"` before. */
  status: SystemStatus;
}

/** One system with everything derived from its declaration and `papers.ts`. */
export interface SystemEntry extends SystemDeclaration {
  /** The paper's position in the deck (1–10), or null for a system that is not a paper's (the reading session). */
  paper: number | null;
  /** The paper's arXiv id without version, or null. */
  arxiv: string | null;
  /** The source folder, `src/systems/<slug>`. */
  folder: string;
  /** The package export subpath, `./<slug>` (imported as `yomikai/<slug>`). */
  exportPath: string;
  /** The web page path, `/<slug>`. */
  page: string;
  /** The docs page, `docs/<slug>.md`. */
  docs: string;
}

// One entry per system, in deck order. Keep the comment line between entries: it lets two branches
// each change their own entry without a merge conflict.
const declarations: SystemDeclaration[] = [
  // 1. Easily Accessible Text-to-Image Generation Amplifies Demographic Stereotypes
  { slug: "stereotype-audit", title: "Stereotype audit", cli: "audit", status: "planned" },
  // 2. InstructPix2Pix
  { slug: "instruct-pix2pix", title: "InstructPix2Pix", cli: "edit", status: "available" },
  // 3. Efficiently Scaling Transformer Inference
  { slug: "inference-planner", title: "Inference planner", cli: "plan", status: "available" },
  // 4. BLOOM
  { slug: "bloom", title: "BLOOM", cli: "bloom", status: "planned" },
  // 5. Adversarial Policies Beat Professional-Level Go AIs
  { slug: "adversarial-go", title: "Adversarial Go", cli: "go", status: "available" },
  // 6. Teaching Algorithmic Reasoning via In-context Learning
  { slug: "algorithmic-prompting", title: "Algorithmic prompting", cli: "algo", status: "planned" },
  // 7. Large Language Models Are Human-Level Prompt Engineers
  { slug: "ape", title: "APE", cli: "ape", status: "planned" },
  // 8. ERNIE-ViLG 2.0: mixture of denoising experts
  { slug: "denoising-experts", title: "Mixture of denoising experts", cli: "mode", status: "available" },
  // 9. One Venue, Two Conferences
  { slug: "citation-separation", title: "Citation separation", cli: "citations", status: "available" },
  // 10. Contrastive Decoding
  { slug: "contrastive-decoding", title: "Contrastive decoding", cli: "cd", status: "available" },
  // The reading session itself (no paper): arXiv ids → the deck's summary format → slides
  { slug: "reading-session", title: "Reading session", cli: "session", status: "planned" },
];

function complete(d: SystemDeclaration): SystemEntry {
  const paper: Paper | undefined = papers.find((p) => p.slug === d.slug);
  return {
    ...d,
    paper: paper?.number ?? null,
    arxiv: paper?.arxiv ?? null,
    folder: `src/systems/${d.slug}`,
    exportPath: `./${d.slug}`,
    page: `/${d.slug}`,
    docs: `docs/${d.slug}.md`,
  };
}

/** Every system, in deck order (a system without a paper last). */
export const systems: readonly SystemEntry[] = declarations.map(complete);

/** The systems that can be run now. */
export function availableSystems(): SystemEntry[] {
  return systems.filter((s) => s.status === "available");
}

/** The system with this slug, or undefined. */
export function findSystem(slug: string): SystemEntry | undefined {
  return systems.find((s) => s.slug === slug);
}

/**
 * The JSON of `yomikai papers --json` and `GET /api/papers`: each paper with its system's status, CLI
 * group and docs, and `hasPage` (its page is served).
 * @param pageSlugs - Slugs of the pages being served. Defaults to the available systems.
 */
export function papersJson(pageSlugs: readonly string[] = availableSystems().map((s) => s.slug)) {
  return papers.map((p) => {
    const s = findSystem(p.slug);
    return {
      ...p,
      hasPage: pageSlugs.includes(p.slug),
      status: s?.status ?? "planned",
      cli: s?.cli ?? null,
      docs: s?.status === "available" ? s.docs : null,
    };
  });
}
