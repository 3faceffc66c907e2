/**
 * Fréchet Inception Distance (Heusel et al. 2017): fit a Gaussian to each set of image features and
 * take the Fréchet (2-Wasserstein) distance between them,
 *
 *   FID = ‖μ₁ − μ₂‖² + Tr(Σ₁) + Tr(Σ₂) − 2·Tr((Σ₁Σ₂)^½),
 *
 * with Tr((Σ₁Σ₂)^½) = Tr((Σ₁^½ Σ₂ Σ₁^½)^½) computed from symmetric eigendecompositions (the inner
 * matrix is symmetric PSD, so its eigenvalues are real and ≥ 0 up to rounding). Covariances use the
 * N − 1 denominator, as numpy's `cov` and pytorch-fid do.
 * @module
 */
import { InvalidInputError } from "../../core/index.js";
import { sqrtmPsd, symmetricEigen } from "./linalg.js";

/** The Gaussian fitted to a feature set. */
export interface FeatureStats {
  /** Number of feature vectors. */
  count: number;
  /** Feature width. */
  dim: number;
  mean: Float64Array;
  /** Covariance, dim × dim row-major. */
  cov: Float64Array;
}

/** Mean and covariance (N − 1 denominator) of feature vectors of equal length; needs at least 2. */
export function featureStats(features: readonly ArrayLike<number>[]): FeatureStats {
  const count = features.length;
  if (count < 2) throw new InvalidInputError(`FID needs at least 2 images per set; got ${count}.`);
  const dim = features[0]?.length ?? 0;
  const mean = new Float64Array(dim);
  for (const f of features) {
    if (f.length !== dim) throw new InvalidInputError(`Feature vectors differ in length (${dim} and ${f.length}).`);
    for (let i = 0; i < dim; i++) mean[i] = (mean[i] as number) + (f[i] as number) / count;
  }
  const cov = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (const f of features) {
    for (let i = 0; i < dim; i++) centred[i] = (f[i] as number) - (mean[i] as number);
    for (let i = 0; i < dim; i++) {
      const ci = centred[i] as number;
      if (ci === 0) continue;
      for (let j = i; j < dim; j++) cov[i * dim + j] = (cov[i * dim + j] as number) + ci * (centred[j] as number);
    }
  }
  for (let i = 0; i < dim; i++)
    for (let j = i; j < dim; j++) {
      const v = (cov[i * dim + j] as number) / (count - 1);
      cov[i * dim + j] = v;
      cov[j * dim + i] = v;
    }
  return { count, dim, mean, cov };
}

/** A·B for n × n row-major matrices. */
function matmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const v = a[i * n + k] as number;
      if (v === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + v * (b[k * n + j] as number);
    }
  return out;
}

/** Tr((A·B)^½) for symmetric PSD A and B (n × n). */
export function traceSqrtProduct(a: Float64Array, b: Float64Array, n: number): number {
  const ra = sqrtmPsd(a, n);
  // M = √A · B · √A (symmetric PSD).
  const m = matmul(matmul(ra, b, n), ra, n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const s = ((m[i * n + j] as number) + (m[j * n + i] as number)) / 2;
      m[i * n + j] = s;
      m[j * n + i] = s;
    }
  let trace = 0;
  for (const v of symmetricEigen(m, n).values) trace += Math.sqrt(Math.max(v, 0));
  return trace;
}

/** The Fréchet distance between two Gaussians (μ₁, Σ₁) and (μ₂, Σ₂). */
export function frechetDistance(a: FeatureStats, b: FeatureStats): number {
  if (a.dim !== b.dim)
    throw new InvalidInputError(`Feature widths differ (${a.dim} and ${b.dim}); use the same feature extractor for both sets.`);
  const n = a.dim;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += ((a.mean[i] as number) - (b.mean[i] as number)) ** 2;
  let traces = 0;
  for (let i = 0; i < n; i++) traces += (a.cov[i * n + i] as number) + (b.cov[i * n + i] as number);
  return meanTerm + traces - 2 * traceSqrtProduct(a.cov, b.cov, n);
}

/** FID between two feature sets. */
export function fid(real: readonly ArrayLike<number>[], generated: readonly ArrayLike<number>[]): number {
  return frechetDistance(featureStats(real), featureStats(generated));
}
