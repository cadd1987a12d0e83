import { describe, expect, it } from 'vitest';
import { suspicionRanking } from '../../../src/core/report/ranking';

describe('suspicionRanking', () => {
  it('orders rows by suspicion, highest first, ties by row', () => {
    const s = Float32Array.from([0.2, 0.9, 0.5, 0.9, 0]);
    expect(Array.from(suspicionRanking(s))).toEqual([1, 3, 2, 0, 4]);
  });

  it('is a permutation of the rows for a large random input', () => {
    const n = 10_000;
    const s = Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000);
    const r = suspicionRanking(s);
    expect(new Set(r).size).toBe(n);
    for (let i = 1; i < n; i++) expect(s[r[i - 1]] >= s[r[i]]).toBe(true);
  });
});
