import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { buildKnn } from '../../../src/core/layout/knn';
import { nnDescent } from '../../../src/core/layout/nn-descent';
import { CancelledError, type KnnGraph } from '../../../src/core/types';

/** Clustered data with anisotropic clusters, like embeddings. */
function clustered(n: number, dim: number, clusters: number, seed: number): Float32Array {
  const g = gaussian(mulberry32(seed));
  const centres = Array.from({ length: clusters * dim }, () => g() * 3);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    for (let t = 0; t < dim; t++) x[i * dim + t] = centres[c * dim + t] + (g() * 2) / (1 + t * 0.2);
  }
  return x;
}

function recall(approx: KnnGraph, exact: KnnGraph, n: number): number {
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const truth = new Set(exact.indices.subarray(i * exact.k, (i + 1) * exact.k));
    for (let s = 0; s < approx.k; s++) if (truth.has(approx.indices[i * approx.k + s])) hit++;
  }
  return hit / (n * exact.k);
}

/** Checks the KnnGraph contract on the first `rows` rows: valid, distinct, non-self indices; true distances ascending. */
function expectWellFormed(g: KnnGraph, x: Float32Array, n: number, dim: number, rows = n): void {
  for (let i = 0; i < rows; i++) {
    const seen = new Set<number>();
    for (let s = 0; s < g.k; s++) {
      const j = g.indices[i * g.k + s];
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThan(n);
      expect(j).not.toBe(i);
      expect(seen.has(j)).toBe(false);
      seen.add(j);
      let d = 0;
      for (let t = 0; t < dim; t++) d += (x[i * dim + t] - x[j * dim + t]) ** 2;
      expect(g.distances[i * g.k + s]).toBeCloseTo(Math.sqrt(d), 4);
      if (s > 0) expect(g.distances[i * g.k + s]).toBeGreaterThanOrEqual(g.distances[i * g.k + s - 1]);
    }
  }
}

describe('nnDescent', () => {
  it('finds > 95% of the exact 15 nearest neighbours on 10k clustered points', () => {
    const n = 10_000;
    const dim = 24;
    const x = clustered(n, dim, 20, 1);
    const exact = buildKnn(x, n, dim, 15);
    const approx = nnDescent(x, n, dim, 15, { seed: 1 });
    expect(approx.k).toBe(15);
    expect(recall(approx, exact, n)).toBeGreaterThan(0.95);
    expectWellFormed(approx, x, n, dim, 500);
  });

  it('is deterministic for a seed', () => {
    const n = 2000;
    const x = clustered(n, 8, 5, 2);
    const a = nnDescent(x, n, 8, 10, { seed: 4 });
    const b = nnDescent(x, n, 8, 10, { seed: 4 });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.distances)).toEqual(Array.from(b.distances));
    expectWellFormed(a, x, n, 8, 300);
  });

  it('is exact on small inputs and caps k at n − 1', () => {
    for (const n of [0, 1, 2, 5, 300]) {
      const x = clustered(n, 4, 3, 3);
      const g = nnDescent(x, n, 4, 15);
      const exact = buildKnn(x, n, 4, 15);
      expect(g.k).toBe(Math.max(0, Math.min(15, n - 1)));
      expect(Array.from(g.indices)).toEqual(Array.from(exact.indices));
    }
  });

  it('survives many exact duplicates', () => {
    const n = 1500;
    const x = clustered(n, 6, 4, 5);
    // Two thirds of the points collapse onto 10 locations.
    for (let i = 0; i < 1000; i++) x.copyWithin(i * 6, (i % 10) * 6, (i % 10) * 6 + 6);
    const g = nnDescent(x, n, 6, 10, { seed: 1 });
    expectWellFormed(g, x, n, 6, 300);
    expect(g.distances[0]).toBe(0);
  });

  it('throws CancelledError when cancelled', () => {
    const n = 3000;
    const x = clustered(n, 8, 5, 6);
    let polls = 0;
    expect(() => nnDescent(x, n, 8, 10, {}, { isCancelled: () => ++polls > 3 })).toThrow(CancelledError);
  });
});
