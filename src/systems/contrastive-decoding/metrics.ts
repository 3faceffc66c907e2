/**
 * Open-ended generation metrics as the paper's `eval_script.py` defines them: rep-n and diversity (the
 * SimCTG definition, on whitespace tokens), MAUVE (Pillutla et al. 2021) on embeddings, and
 * prompt–continuation coherence (cosine of embeddings; the paper uses SimCSE). Embeddings come from any
 * {@link LanguageModel} with `capabilities.embeddings` (e.g. a SimCSE/BERT GGUF through llama.cpp).
 * @module
 */
import { cosine, createRng, InvalidInputError } from "../../core/index.js";
import type { LanguageModel } from "../../lm/index.js";

/** rep-n = 100 · (1 − unique n-grams / total n-grams) over whitespace tokens; 0 when there is no n-gram. */
export function repN(text: string, n: number): number {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const total = words.length - n + 1;
  if (total <= 0) return 0;
  const seen = new Set<string>();
  for (let i = 0; i < total; i++) seen.add(words.slice(i, i + n).join("\u0001"));
  return 100 * (1 - seen.size / total);
}

/** diversity = Π_{n=2..4} (1 − rep-n / 100). */
export function diversity(text: string): number {
  let d = 1;
  for (let n = 2; n <= 4; n++) d *= 1 - repN(text, n) / 100;
  return d;
}

/** rep-2..4 and diversity averaged over texts (each text scored separately, then averaged). */
export function repetitionStats(texts: readonly string[]): { rep2: number; rep3: number; rep4: number; diversity: number } {
  const mean = (f: (t: string) => number) => (texts.length ? texts.reduce((s, t) => s + f(t), 0) / texts.length : 0);
  return { rep2: mean((t) => repN(t, 2)), rep3: mean((t) => repN(t, 3)), rep4: mean((t) => repN(t, 4)), diversity: mean(diversity) };
}

/** Mean cosine similarity between the embeddings of each prompt and its continuation. */
export async function coherence(
  embedder: LanguageModel,
  pairs: readonly { prompt: string; continuation: string }[],
  signal?: AbortSignal,
): Promise<number> {
  if (!embedder.capabilities.embeddings)
    throw new InvalidInputError(`${embedder.name} cannot produce embeddings; pass an embedding model for coherence.`);
  let sum = 0;
  for (const p of pairs)
    sum += cosine(await embedder.embed(p.prompt, signal ? { signal } : {}), await embedder.embed(p.continuation, signal ? { signal } : {}));
  return pairs.length ? sum / pairs.length : 0;
}

/** Options of {@link mauve}. */
export interface MauveOptions {
  /** Number of k-means clusters. Defaults to max(2, round(n / 10)) as in the reference implementation. */
  buckets?: number;
  /** Scaling constant c of the divergence curve. Defaults to `5`. */
  scaling?: number;
  /** Points on the divergence curve. Defaults to `25`. */
  discretization?: number;
  /** k-means restarts (best inertia wins). Defaults to `5`. */
  restarts?: number;
  /** k-means iterations per restart. Defaults to `100`. */
  iterations?: number;
  /** Seed of the k-means initialisation. Defaults to `25` (the reference `seed`). */
  seed?: number | string;
}

function kl(p: number[], q: number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as number;
    if (a > 0) s += a * Math.log(a / (q[i] as number));
  }
  return s;
}

/**
 * MAUVE between reference features `p` and generation features `q`: both sets are quantised together
 * by k-means, the cluster histograms P and Q are compared along R_λ = λP + (1 − λ)Q, and the score is
 * the area under the curve (exp(−c·KL(Q‖R_λ)), exp(−c·KL(P‖R_λ))). 1 means indistinguishable.
 * (The reference implementation also PCA-whitens the features first; this one clusters them directly.)
 */
export function mauve(p: readonly ArrayLike<number>[], q: readonly ArrayLike<number>[], o: MauveOptions = {}): number {
  if (p.length === 0 || q.length === 0) throw new InvalidInputError("MAUVE needs at least one reference and one generation.");
  const all = [...p, ...q].map((v) => Float64Array.from(v as ArrayLike<number>));
  const k = Math.min(all.length, o.buckets ?? Math.max(2, Math.round(Math.min(p.length, q.length) / 10)));
  const labels = kmeans(all, k, o.restarts ?? 5, o.iterations ?? 100, createRng(o.seed ?? 25));
  const hp = new Array<number>(k).fill(0);
  const hq = new Array<number>(k).fill(0);
  labels.forEach((l, i) => {
    if (i < p.length) hp[l] = (hp[l] as number) + 1 / p.length;
    else hq[l] = (hq[l] as number) + 1 / q.length;
  });
  const c = o.scaling ?? 5;
  const m = o.discretization ?? 25;
  const curve: [number, number][] = [
    [0, 1],
    [1, 0],
  ];
  for (let i = 0; i < m; i++) {
    const w = 1e-6 + ((1 - 2e-6) * i) / (m - 1);
    const r = hp.map((a, j) => w * a + (1 - w) * (hq[j] as number));
    curve.push([Math.exp(-c * kl(hq, r)), Math.exp(-c * kl(hp, r))]);
  }
  curve.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let area = 0;
  for (let i = 1; i < curve.length; i++) {
    const [x0, y0] = curve[i - 1] as [number, number];
    const [x1, y1] = curve[i] as [number, number];
    area += ((x1 - x0) * (y0 + y1)) / 2;
  }
  return area;
}

function kmeans(points: Float64Array[], k: number, restarts: number, iterations: number, rng: ReturnType<typeof createRng>): number[] {
  const dist = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += ((a[i] as number) - (b[i] as number)) ** 2;
    return s;
  };
  let best: number[] = [];
  let bestInertia = Number.POSITIVE_INFINITY;
  for (let r = 0; r < restarts; r++) {
    // k-means++ initialisation.
    const centers: Float64Array[] = [Float64Array.from(points[rng.int(points.length)] as Float64Array)];
    while (centers.length < k) {
      const d = points.map((pt) => Math.min(...centers.map((c) => dist(pt, c))));
      const sum = d.reduce((a, b) => a + b, 0);
      centers.push(Float64Array.from(points[sum > 0 ? rng.weighted(d) : rng.int(points.length)] as Float64Array));
    }
    let labels = new Array<number>(points.length).fill(0);
    for (let it = 0; it < iterations; it++) {
      const next = points.map((pt) => {
        let bi = 0;
        let bd = Number.POSITIVE_INFINITY;
        centers.forEach((c, ci) => {
          const dd = dist(pt, c);
          if (dd < bd) {
            bd = dd;
            bi = ci;
          }
        });
        return bi;
      });
      const changed = next.some((l, i) => l !== labels[i]);
      labels = next;
      centers.forEach((c, ci) => {
        const members = points.filter((_, i) => labels[i] === ci);
        if (members.length === 0) return;
        c.fill(0);
        for (const m of members) for (let j = 0; j < c.length; j++) c[j] = (c[j] as number) + (m[j] as number) / members.length;
      });
      if (!changed && it > 0) break;
    }
    const inertia = points.reduce((s, pt, i) => s + dist(pt, centers[labels[i] as number] as Float64Array), 0);
    if (inertia < bestInertia) {
      bestInertia = inertia;
      best = labels;
    }
  }
  return best;
}
