/**
 * The dense linear algebra FID needs, in float64: the symmetric eigendecomposition (Householder
 * reduction to tridiagonal form, then implicit-shift QL iterations, O(n³)), and from it the square
 * root of a positive semi-definite matrix. Matrices are row-major `Float64Array`s of n × n.
 * @module
 */
import { ExternalError } from "../../core/index.js";

/** Eigenvalues (ascending order not guaranteed) and eigenvectors (column j of `vectors` belongs to `values[j]`). */
export interface SymmetricEigen {
  values: Float64Array;
  vectors: Float64Array;
}

/**
 * Eigendecomposition of the symmetric matrix `a` (n × n, row-major; only symmetric input is
 * meaningful). `a` is not modified.
 */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  // z holds the accumulated orthogonal transform (row-major), d the diagonal, e the off-diagonal.
  const z = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(z, n, d, e);
  // The QL rotations combine pairs of columns of Q: work on Qᵀ so that they touch contiguous rows.
  const zt = transpose(z, n);
  tridiagonalQl(d, e, zt, n);
  return { values: d, vectors: transpose(zt, n) };
}

function transpose(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j] as number;
  return out;
}

/**
 * Householder reduction of the symmetric `z` to tridiagonal form T = Qᵀ A Q. On return `z` holds Q,
 * `d` the diagonal of T and `e[i]` (i ≥ 1) the element coupling i − 1 and i.
 */
function tridiagonalize(z: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(z[i * n + k] as number);
      if (scale === 0) e[i] = z[i * n + l] as number;
      else {
        for (let k = 0; k <= l; k++) {
          z[i * n + k] = (z[i * n + k] as number) / scale;
          h += (z[i * n + k] as number) ** 2;
        }
        let f = z[i * n + l] as number;
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        z[i * n + l] = f - g;
        f = 0;
        for (let j = 0; j <= l; j++) {
          z[j * n + i] = (z[i * n + j] as number) / h;
          let gg = 0;
          for (let k = 0; k <= j; k++) gg += (z[j * n + k] as number) * (z[i * n + k] as number);
          for (let k = j + 1; k <= l; k++) gg += (z[k * n + j] as number) * (z[i * n + k] as number);
          e[j] = gg / h;
          f += (e[j] as number) * (z[i * n + j] as number);
        }
        const hh = f / (h + h);
        for (let j = 0; j <= l; j++) {
          const fj = z[i * n + j] as number;
          const gj = (e[j] as number) - hh * fj;
          e[j] = gj;
          for (let k = 0; k <= j; k++) z[j * n + k] = (z[j * n + k] as number) - (fj * (e[k] as number) + gj * (z[i * n + k] as number));
        }
      }
    } else e[i] = z[i * n + l] as number;
    d[i] = h;
  }
  d[0] = 0;
  e[0] = 0;
  // Accumulate the transforms.
  for (let i = 0; i < n; i++) {
    const l = i - 1;
    if (d[i] !== 0) {
      for (let j = 0; j <= l; j++) {
        let g = 0;
        for (let k = 0; k <= l; k++) g += (z[i * n + k] as number) * (z[k * n + j] as number);
        for (let k = 0; k <= l; k++) z[k * n + j] = (z[k * n + j] as number) - g * (z[k * n + i] as number);
      }
    }
    d[i] = z[i * n + i] as number;
    z[i * n + i] = 1;
    for (let j = 0; j <= l; j++) {
      z[j * n + i] = 0;
      z[i * n + j] = 0;
    }
  }
}

/**
 * Eigenvalues and vectors of the tridiagonal matrix (d, e) by QL iterations with implicit shifts,
 * applying the rotations to the rows of `zt` (Qᵀ).
 */
function tridiagonalQl(d: Float64Array, e: Float64Array, zt: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i] as number;
  if (n > 0) e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iterations = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m] as number) + Math.abs(d[m + 1] as number);
        if (Math.abs(e[m] as number) <= Number.EPSILON * dd) break;
      }
      if (m !== l) {
        if (iterations++ === 60)
          throw new ExternalError("The eigendecomposition did not converge (the covariance has non-finite values?).");
        let g = ((d[l + 1] as number) - (d[l] as number)) / (2 * (e[l] as number));
        let r = Math.hypot(g, 1);
        g = (d[m] as number) - (d[l] as number) + (e[l] as number) / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1;
        let c = 1;
        let p = 0;
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          let f = s * (e[i] as number);
          const b = c * (e[i] as number);
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] = (d[i + 1] as number) - p;
            e[m] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = (d[i + 1] as number) - p;
          r = ((d[i] as number) - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          const ri = i * n;
          const rj = ri + n;
          for (let k = 0; k < n; k++) {
            f = zt[rj + k] as number;
            const zi = zt[ri + k] as number;
            zt[rj + k] = s * zi + c * f;
            zt[ri + k] = c * zi - s * f;
          }
        }
        if (underflow) continue;
        d[l] = (d[l] as number) - p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
}

/**
 * The square root of the symmetric positive semi-definite `a`: U·√Λ·Uᵀ, with eigenvalues below zero
 * (rounding) clipped to 0.
 */
export function sqrtmPsd(a: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(a, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const s = Math.sqrt(Math.max(values[k] as number, 0));
    if (s === 0) continue;
    for (let i = 0; i < n; i++) {
      const vi = (vectors[i * n + k] as number) * s;
      if (vi === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + vi * (vectors[j * n + k] as number);
    }
  }
  return out;
}
