import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/random';
import { buildKnn } from '../../../src/core/layout/knn';
import {
  knn2d,
  neighbourPreservation,
  neighbourPreservationPerPoint,
} from '../../../src/core/layout/preservation';

function randomPoints(n: number, seed: number, clusters = 0): Float32Array {
  const rand = mulberry32(seed);
  const p = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const c = clusters ? i % clusters : 0;
    p[2 * i] = c * 50 + rand() * 10;
    p[2 * i + 1] = rand() * (clusters ? 1 : 10);
  }
  return p;
}

describe('knn2d', () => {
  for (const [n, clusters] of [
    [500, 0],
    [3000, 7],
  ] as const) {
    it(`matches the exact kNN (n=${n}, ${clusters || 'no'} clusters, with duplicates)`, () => {
      const p = randomPoints(n, n, clusters);
      p.copyWithin(20, 40, 42); // point 10 duplicates point 20
      p.copyWithin(60, 40, 42); // point 30 too
      const grid = knn2d(p, 12);
      const exact = buildKnn(p, n, 2, 12);
      expect(Array.from(grid.indices)).toEqual(Array.from(exact.indices));
    });
  }

  it('handles degenerate inputs', () => {
    expect(knn2d(new Float32Array(0), 5).k).toBe(0);
    expect(knn2d(new Float32Array(2), 5).k).toBe(0);
    const same = knn2d(new Float32Array(8).fill(3), 5);
    expect(same.k).toBe(3);
    expect(Array.from(same.indices.subarray(0, 3))).toEqual([1, 2, 3]);
    const withNaN = Float32Array.from([0, 0, 1, 1, NaN, 2, 3, 3]);
    expect(knn2d(withNaN, 2).indices.every((j) => j >= 0 && j < 4)).toBe(true);
  });
});

describe('neighbourPreservation', () => {
  it('is 1 when the layout is the data itself', () => {
    const p = randomPoints(800, 1);
    expect(neighbourPreservation({ data: p, dim: 2 }, p, 15)).toBe(1);
    expect(neighbourPreservation(buildKnn(p, 800, 2, 15), p, 15)).toBe(1);
  });

  it('is about k/n for a random layout', () => {
    const data = randomPoints(2000, 2);
    const layout = randomPoints(2000, 3);
    const score = neighbourPreservation({ data, dim: 2 }, layout, 15);
    expect(score).toBeLessThan(0.03);
  });

  it('scores each point by the share of its neighbours kept', () => {
    // Four points on a line; the layout swaps the ends' roles.
    const data = Float32Array.from([0, 0, 1, 0, 2, 0, 10, 0]);
    const layout = Float32Array.from([0, 0, 10, 0, 2, 0, 1.5, 0]);
    const per = neighbourPreservationPerPoint({ data, dim: 2 }, layout, 1);
    // Input nearest: 0→1, 1→0, 2→1, 3→2. Layout nearest: 0→3, 1→2, 2→3, 3→2: only 3 keeps its own.
    expect(Array.from(per)).toEqual([0, 0, 0, 1]);
    expect(neighbourPreservation({ data, dim: 2 }, layout, 1)).toBe(0.25);
  });

  it('caps k by the reference graph and by n − 1; nothing to compare scores 1', () => {
    const p = randomPoints(50, 4);
    const g = buildKnn(p, 50, 2, 5);
    expect(neighbourPreservation(g, p, 15)).toBe(1);
    expect(neighbourPreservation({ data: new Float32Array(2), dim: 2 }, new Float32Array(2))).toBe(1);
    expect(neighbourPreservation({ data: new Float32Array(0), dim: 2 }, new Float32Array(0))).toBe(1);
  });
});
