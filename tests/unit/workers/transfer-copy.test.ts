import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { sparseReasons } from '../../../workers/transfer-copy';

describe('sparseReasons (the page copy of the per-row reasons)', () => {
  const reason = { detector: 'spectral', tag: 'spectral', text: 'far along the top direction' };
  const dense = Array.from({ length: 6000 }, (_, i) => (i % 100 === 7 ? [reason] : []));

  it('keeps every row that has reasons and leaves the rest missing (read as none)', () => {
    const sparse = sparseReasons(dense);
    expect(sparse.length).toBe(dense.length);
    for (let i = 0; i < dense.length; i++) expect(sparse[i] ?? []).toEqual(dense[i]);
    expect(Object.keys(sparse)).toHaveLength(60);
  });

  it('is written sparse by the structured clone (smaller, and it survives the trip)', () => {
    const sparse = sparseReasons(dense);
    const bytes = serialize(sparse);
    expect(bytes.length).toBeLessThan(serialize(dense).length / 4);
    const back = deserialize(bytes) as (typeof reason)[][];
    expect(back.length).toBe(dense.length);
    expect(back[7]).toEqual([reason]);
    expect(back[8]).toBeUndefined();
  });
});
