import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { pca, symmetricEigen } from '../../../src/core/layout/pca';

describe('pca', () => {
  it('symmetricEigen recovers a known spectrum', () => {
    const e = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    expect(Array.from(e.values).map((v) => +v.toFixed(9))).toEqual([5, 3, 1]);
    expect(Math.abs(e.vectors[2])).toBeCloseTo(1, 9);
  });

  for (const dim of [20, 160]) {
    it(`finds planted directions and variances (dim ${dim}, ${dim > 128 ? 'randomised' : 'exact'})`, () => {
      const n = 3000;
      const g = gaussian(mulberry32(dim));
      const x = new Float32Array(n * dim);
      // Variance 25 along axis 3, 9 along axis 7, 1 elsewhere; mean 10.
      for (let i = 0; i < n; i++)
        for (let t = 0; t < dim; t++) x[i * dim + t] = 10 + g() * (t === 3 ? 5 : t === 7 ? 3 : 1);
      const p = pca(x, n, dim, 4, 1);
      expect(p.outDim).toBe(4);
      expect(p.variances[0]).toBeGreaterThan(22);
      expect(p.variances[0]).toBeLessThan(28);
      expect(p.variances[1]).toBeGreaterThan(7.5);
      expect(p.variances[1]).toBeLessThan(10.5);
      expect(Math.abs(p.components[3])).toBeGreaterThan(0.99);
      expect(Math.abs(p.components[dim + 7])).toBeGreaterThan(0.98);
      expect(p.mean[0]).toBeCloseTo(10, 0);
      // Projections are centred and have the component's variance.
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        s += p.projected[i * 4];
        s2 += p.projected[i * 4] ** 2;
      }
      expect(Math.abs(s / n)).toBeLessThan(1e-3);
      expect(s2 / n).toBeCloseTo(p.variances[0], 1);
      // Deterministic.
      expect(Array.from(pca(x, n, dim, 4, 1).projected.slice(0, 20))).toEqual(
        Array.from(p.projected.slice(0, 20)),
      );
    });
  }
});

describe('pca on fewer rows than requested dimensions', () => {
  it('16 rows × 784 dims to 32 components terminates with finite output', () => {
    const x = new Float32Array(16 * 784);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1000) / 1000;
    const p = pca(x, 16, 784, 32, 1);
    expect(p.outDim).toBe(32);
    expect(Array.from(p.projected).every(Number.isFinite)).toBe(true);
  });
});
