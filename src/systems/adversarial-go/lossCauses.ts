/**
 * Why an attack game was lost or won narrowly: each game's move record is reduced to a few facts (the
 * victim's passes, the Tromp-Taylor margin and the victim's open area when it first passed, the plants
 * and whether the victim answered them) and a cause is assigned by fixed rules, so the docs can tabulate
 * loss causes over a whole bench.
 * @module
 */
import type { EndReason } from "./match.js";

/** One move as the analysis sees it. */
export interface MoveRecord {
  by: "adversary" | "victim";
  pass: boolean;
  /** Tromp-Taylor margin after the move, from the adversary's side, komi included. */
  margin: number;
  /** Why the adversary played it (the search's reason: `policy`, `harvest`, `tromp-taylor-win`, …). */
  source?: string;
  /** At a victim pass: empty points the victim owned under Tromp-Taylor (what plants could still take). */
  victimArea?: number;
  /** At a victim pass: empty points owned by neither side. */
  neutral?: number;
}

/**
 * Why a game was lost, drawn or won narrowly:
 * - `victim-never-passed`: the victim did not pass before the game ended (no opening for the exploit).
 * - `fight-lost`: when the victim first passed the adversary was behind by more than plants could ever
 *   recover (twice the empty points not owned by the adversary: each such point can at best swing from
 *   the victim to the adversary): its own moves had lost the fight.
 * - `planting-too-late`: the deficit at the victim's first pass was recoverable, but the plants that
 *   followed did not recover it (the victim answered them or they ran out).
 * - `victim-model-misjudged-pass`: a plant the victim model said the victim would ignore was answered.
 * - `adversary-passed-behind`: the adversary passed (by its policy or search) while the count lost.
 * - `narrow-win-passed-at-once` / `narrow-win-after-plants`: won by at most {@link NARROW_MARGIN}.
 */
export type LossCause =
  | "victim-never-passed"
  | "fight-lost"
  | "planting-too-late"
  | "victim-model-misjudged-pass"
  | "adversary-passed-behind"
  | "narrow-win-passed-at-once"
  | "narrow-win-after-plants";

/** A win by at most this many points counts as narrow. */
export const NARROW_MARGIN = 2.5;

/** The facts of one game behind {@link LossCause}. */
export interface AttackAnalysis {
  victimPasses: number;
  /** Adversary-side Tromp-Taylor margin right after the victim's first pass (null: it never passed). */
  marginAtVictimPass: number | null;
  /** Empty points of the victim's area at its first pass. */
  victimAreaAtPass: number | null;
  /** Empty points owned by neither side at the victim's first pass. */
  neutralAtPass?: number | null;
  /** Stones planted after a victim pass, and how many the victim model expected to be ignored. */
  plants: number;
  plantsConfirmed: number;
  /** Plants the victim answered with a move instead of a pass. */
  plantsAnswered: number;
  /** Confirmed plants that the victim answered (the model misjudged its pass). */
  misjudgedPasses: number;
  /** Adversary passes made while the count did not win for it. */
  passesBehind: number;
  /** Adversary moves per source (`policy`, `search`, `harvest`, `tromp-taylor-win`, …). */
  sources: Record<string, number>;
  /** Null for clear wins and forfeits. */
  cause: LossCause | null;
}

/** Reduces a game's move records to {@link AttackAnalysis} and assigns the cause. */
export function analyseAttackGame(
  moves: readonly MoveRecord[],
  winner: "adversary" | "victim" | "draw" | "forfeit",
  margin: number,
  _endReason: EndReason,
): AttackAnalysis {
  const sources: Record<string, number> = {};
  let victimPasses = 0;
  let marginAtVictimPass: number | null = null;
  let victimAreaAtPass: number | null = null;
  let neutralAtPass: number | null = null;
  let plants = 0;
  let plantsConfirmed = 0;
  let plantsAnswered = 0;
  let misjudgedPasses = 0;
  let passesBehind = 0;
  for (let i = 0; i < moves.length; i++) {
    const m = moves[i] as MoveRecord;
    if (m.by === "victim") {
      if (m.pass) {
        victimPasses++;
        if (marginAtVictimPass === null) {
          marginAtVictimPass = m.margin;
          victimAreaAtPass = m.victimArea ?? null;
          neutralAtPass = m.neutral ?? null;
        }
      }
      continue;
    }
    const source = m.pass && !m.source ? "pass" : (m.source ?? "search");
    sources[source] = (sources[source] ?? 0) + 1;
    const before = i > 0 ? (moves[i - 1] as MoveRecord).margin : 0;
    if (m.pass && before <= 0) passesBehind++;
    if (source.startsWith("harvest")) {
      plants++;
      const confirmed = source !== "harvest-unconfirmed";
      if (confirmed) plantsConfirmed++;
      const reply = moves[i + 1];
      if (reply && !reply.pass) {
        plantsAnswered++;
        if (confirmed) misjudgedPasses++;
      }
    }
  }
  const facts = {
    victimPasses,
    marginAtVictimPass,
    victimAreaAtPass,
    neutralAtPass,
    plants,
    plantsConfirmed,
    plantsAnswered,
    misjudgedPasses,
    passesBehind,
    sources,
  };
  return { ...facts, cause: classifyLossCause(facts, winner, margin) };
}

/**
 * The cause of a lost, drawn or narrowly won game from its facts (null for a clear win or a forfeit).
 * Kept apart from the facts so a report can re-derive causes from stored games.
 */
export function classifyLossCause(
  a: Omit<AttackAnalysis, "cause">,
  winner: "adversary" | "victim" | "draw" | "forfeit",
  margin: number,
): LossCause | null {
  if (winner === "victim" || winner === "draw") {
    if (a.victimPasses === 0) return "victim-never-passed";
    if (a.misjudgedPasses > 0) return "victim-model-misjudged-pass";
    const open = (a.victimAreaAtPass ?? 0) + (a.neutralAtPass ?? 0);
    if (a.marginAtVictimPass !== null && -a.marginAtVictimPass > 2 * open) return "fight-lost";
    if (a.passesBehind > 0 && a.plants === 0) return "adversary-passed-behind";
    return "planting-too-late";
  }
  if (winner === "adversary" && margin <= NARROW_MARGIN) return a.plants > 0 ? "narrow-win-after-plants" : "narrow-win-passed-at-once";
  return null;
}

/** Counts causes over games: `[cause, games]`, most frequent first. */
export function tallyLossCauses(games: readonly { analysis: AttackAnalysis }[]): [LossCause, number][] {
  const counts = new Map<LossCause, number>();
  for (const g of games) if (g.analysis.cause) counts.set(g.analysis.cause, (counts.get(g.analysis.cause) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}
