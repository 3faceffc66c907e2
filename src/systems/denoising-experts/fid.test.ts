import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { featureStats, fid, frechetDistance, traceSqrtProduct } from "./fid.js";
import { sqrtmPsd, symmetricEigen } from "./linalg.js";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) < tol, `${a} ≠ ${b}`);

describe("FID math", () => {
  it("takes the square root of [[2,1],[1,2]]: ½[[√3+1, √3−1],[√3−1, √3+1]]", () => {
    const s = sqrtmPsd(Float64Array.of(2, 1, 1, 2), 2);
    const a = (Math.sqrt(3) + 1) / 2;
    const b = (Math.sqrt(3) - 1) / 2;
    for (const [i, v] of [a, b, b, a].entries()) close(s[i] as number, v);
  });

  it("decomposes symmetric matrices (A·v = λ·v, orthonormal vectors)", () => {
    for (const n of [3, 17]) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = i; j < n; j++) {
          const v = Math.sin(i * 7 + j * 3 + 1);
          a[i * n + j] = v;
          a[j * n + i] = v;
        }
      const { values, vectors } = symmetricEigen(a, n);
      for (let k = 0; k < n; k++)
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += (a[i * n + j] as number) * (vectors[j * n + k] as number);
          close(s, (values[k] as number) * (vectors[i * n + k] as number), 1e-12);
        }
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (vectors[i * n + k] as number) ** 2;
        close(s, 1, 1e-12);
      }
    }
  });

  it("gives the 1-D closed form (μ₁ − μ₂)² + (σ₁ − σ₂)²", () => {
    // Set 1: {0, 2} → μ 1, variance 2; set 2: {4, 10} → μ 7, variance 18. (1−7)² + 2 + 18 − 2·√36 = 44.
    close(fid([[0], [2]], [[4], [10]]), 44);
  });

  it("gives hand-computed values for 2-D Gaussians", () => {
    const I = Float64Array.of(1, 0, 0, 1);
    const A = Float64Array.of(2, 1, 1, 2);
    // Tr(√A) = √3 + 1, so FID(N(0, A), N(0, I)) = 4 + 2 − 2(√3 + 1) = 4 − 2√3.
    close(traceSqrtProduct(A, I, 2), Math.sqrt(3) + 1);
    const z = new Float64Array(2);
    close(frechetDistance({ count: 2, dim: 2, mean: z, cov: A }, { count: 2, dim: 2, mean: z, cov: I }), 4 - 2 * Math.sqrt(3));
    // Diagonal covariances diag(1, 4) and diag(9, 16), means (0,0) and (3,4): 25 + (1−3)² + (2−4)² = 33.
    close(
      frechetDistance(
        { count: 2, dim: 2, mean: z, cov: Float64Array.of(1, 0, 0, 4) },
        { count: 2, dim: 2, mean: Float64Array.of(3, 4), cov: Float64Array.of(9, 0, 0, 16) },
      ),
      33,
    );
  });

  it("is 0 for a set against itself and uses the N − 1 covariance", () => {
    const set = [
      [1, 2, 3],
      [2, 0, 1],
      [0, 1, 5],
      [3, 3, 3],
    ];
    close(fid(set, set), 0, 1e-9);
    const s = featureStats([
      [1, 0],
      [3, 4],
    ]);
    assert.deepEqual(Array.from(s.mean), [2, 2]);
    assert.deepEqual(Array.from(s.cov), [2, 4, 4, 8]);
    assert.throws(() => featureStats([[1]]), /at least 2 images/);
  });
});
