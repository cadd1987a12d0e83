import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { buildKnn, buildKnnWithInfo } from '../../../src/core/layout/knn';
import { CancelledError } from '../../../src/core/types';

/** O(N²) reference: direct Σ(a−b)², keeps the k smallest by (distance, index). */
function naive(x: Float32Array, n: number, dim: number, k: number): { idx: Int32Array; dist: Float64Array } {
  const idx = new Int32Array(n * k);
  const dist = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const bd: number[] = [];
    const bi: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < dim; t++) s += (x[i * dim + t] - x[j * dim + t]) ** 2;
      if (bd.length === k && s >= bd[k - 1]) continue;
      let p = bd.length;
      while (p > 0 && bd[p - 1] > s) p--;
      bd.splice(p, 0, s);
      bi.splice(p, 0, j);
      if (bd.length > k) {
        bd.pop();
        bi.pop();
      }
    }
    for (let t = 0; t < k; t++) {
      idx[i * k + t] = bi[t];
      dist[i * k + t] = Math.sqrt(bd[t]);
    }
  }
  return { idx, dist };
}

function data(n: number, dim: number, seed: number, clusters = 0, anisotropic = false): Float32Array {
  const g = gaussian(mulberry32(seed));
  const centres = Array.from({ length: Math.max(1, clusters) * dim }, () => g() * 4);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = clusters ? i % clusters : 0;
    for (let t = 0; t < dim; t++)
      x[i * dim + t] = (clusters ? centres[c * dim + t] : 0) + g() * (anisotropic ? 4 / (1 + t) : 1);
  }
  return x;
}

describe('buildKnn', () => {
  for (const [n, dim, k, clusters, aniso, pds] of [
    [300, 16, 10, 0, false, false],
    [3500, 16, 10, 0, false, false],
    [4000, 8, 5, 12, false, false],
    [4000, 24, 10, 6, true, true],
  ] as const) {
    it(`matches brute force exactly (n=${n}, dim=${dim}, k=${k}, ${clusters || 'no'} clusters, ${pds ? 'partial-distance' : 'blocked'} kernel)`, () => {
      const x = data(n, dim, n + dim, clusters, aniso);
      // A few exact duplicates, including a triple: ties must resolve by index.
      for (const [dst, src] of [
        [10, 20],
        [30, 20],
        [n - 1, 5],
      ])
        x.copyWithin(dst * dim, src * dim, src * dim + dim);
      const info = buildKnnWithInfo(x, n, dim, k);
      expect(info.kernel).toBe(pds ? 'partial-distance' : 'blocked');
      const g = info.graph;
      const ref = naive(x, n, dim, k);
      expect(g.k).toBe(k);
      expect(Array.from(g.indices)).toEqual(Array.from(ref.idx));
      for (let i = 0; i < ref.dist.length; i++) expect(g.distances[i]).toBeCloseTo(ref.dist[i], 4);
      expect(g.indices[20 * k]).toBe(10);
      expect(g.indices[20 * k + 1]).toBe(30);
      expect(g.distances[20 * k]).toBe(0);
    });
  }

  it('all points identical: neighbours by index, distance 0; k capped at n − 1', () => {
    const x = new Float32Array(5 * 3).fill(2);
    const g = buildKnn(x, 5, 3, 10);
    expect(g.k).toBe(4);
    expect(Array.from(g.indices.slice(0, 4))).toEqual([1, 2, 3, 4]);
    expect(Array.from(g.indices.slice(8, 12))).toEqual([0, 1, 3, 4]);
    expect(Array.from(g.distances).every((d) => d === 0)).toBe(true);
    expect(buildKnn(new Float32Array(3), 1, 3, 10).k).toBe(0);
  });

  it('reports progress and honours cancellation', () => {
    const x = data(5000, 8, 3);
    const seen: number[] = [];
    buildKnn(x, 5000, 8, 5, { onProgress: (p) => seen.push(p.fraction) });
    expect(seen[0]).toBe(0);
    expect(seen[seen.length - 1]).toBe(1);
    expect(seen.length).toBeGreaterThan(10);
    let calls = 0;
    expect(() => buildKnn(x, 5000, 8, 5, { isCancelled: () => ++calls > 3 })).toThrow(CancelledError);
  });
});
