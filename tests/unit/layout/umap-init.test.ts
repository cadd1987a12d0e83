import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { PCA_START_FULL_FIT_MAX, pcaInit, sampleRows } from '../../../src/core/layout/umap-init';

describe('sampleRows', () => {
  it('draws m distinct rows in increasing order, the same for the same seed', () => {
    const rows = sampleRows(1_000_000, 5000, 7);
    expect(rows.length).toBe(5000);
    for (let i = 1; i < rows.length; i++) expect(rows[i]).toBeGreaterThan(rows[i - 1]);
    expect(rows[0]).toBeGreaterThanOrEqual(0);
    expect(rows[rows.length - 1]).toBeLessThan(1_000_000);
    expect(Array.from(sampleRows(1_000_000, 5000, 7))).toEqual(Array.from(rows));
    expect(Array.from(sampleRows(1_000_000, 5000, 8))).not.toEqual(Array.from(rows));
    // Spread over the whole range, not bunched: each tenth of the rows gets about a tenth.
    const tenths = new Array<number>(10).fill(0);
    for (const r of rows) tenths[Math.floor(r / 100_000)]++;
    for (const c of tenths) expect(c).toBeGreaterThan(400);
    expect(Array.from(sampleRows(5, 9, 1))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('pcaInit past the full-fit size (directions fitted on a sample)', () => {
  it('still lays every row out along the two directions of most variance', () => {
    const n = PCA_START_FULL_FIT_MAX + 10_000;
    const dim = 8;
    const g = gaussian(mulberry32(3));
    const x = new Float32Array(n * dim);
    // Standard deviation 5 along axis 3, 3 along axis 5, 1 elsewhere.
    for (let i = 0; i < n; i++)
      for (let t = 0; t < dim; t++) x[i * dim + t] = g() * (t === 3 ? 5 : t === 5 ? 3 : 1);
    const start = pcaInit(x, n, dim, 1);
    expect(start.length).toBe(n * 2);
    const corr = (c: number, axis: number) => {
      let sxy = 0;
      let sxx = 0;
      let syy = 0;
      for (let i = 0; i < n; i++) {
        const a = start[i * 2 + c];
        const b = x[i * dim + axis];
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
      }
      return Math.abs(sxy / Math.sqrt(sxx * syy));
    };
    expect(corr(0, 3)).toBeGreaterThan(0.99);
    expect(corr(1, 5)).toBeGreaterThan(0.99);
    expect(Array.from(pcaInit(x, n, dim, 1).slice(0, 10))).toEqual(Array.from(start.slice(0, 10)));
  });
});
