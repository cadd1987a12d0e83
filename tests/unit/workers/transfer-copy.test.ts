import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { rowId, rowReasons } from '../../../src/state/result-rows';
import type { Reason } from '../../../src/core/types';
import { packIds, packReasons } from '../../../workers/transfer-copy';

describe('packReasons (the page copy of the per-row reasons)', () => {
  const reason: Reason = {
    detector: 'spectral',
    tag: 'spectral',
    text: 'far along the top direction – σ ≥ 4',
    values: { z: 4.25 },
  };
  // Each flagged row's reasons are objects of their own, as in a scan result.
  const dense: Reason[][] = Array.from({ length: 6000 }, (_, i) =>
    i % 100 === 7 ? [{ ...reason, values: { z: i } }, { ...reason }] : [],
  );

  it('reads back every row equal, empty where a row has none and out of range', () => {
    const packed = packReasons(dense);
    expect(packed.reasonsEnds.length).toBe(dense.length);
    for (let i = 0; i < dense.length; i++) expect(rowReasons(packed, i)).toEqual(dense[i]);
    expect(rowReasons(packed, dense.length)).toEqual([]);
    expect(rowReasons(packed, -1)).toEqual([]);
  });

  it('clones as one string and one typed array, however many rows have reasons', () => {
    const packed = packReasons(dense);
    const back = deserialize(serialize(packed)) as typeof packed;
    expect(typeof back.reasonsText).toBe('string');
    expect(back.reasonsEnds).toBeInstanceOf(Uint32Array);
    expect(rowReasons(back, 7)).toEqual(dense[7]);
    expect(rowReasons(back, 8)).toEqual([]);
  });
});

describe('packIds (the page copy of the ids)', () => {
  it('gives back every id, empty and non-ASCII ones included, and the row number out of range', () => {
    const ids = ['0', 'cat/001.png', '', 'naïve – ünïcode 🐈', '42', 'a\nb'];
    const packed = packIds(ids);
    expect(packed.idEnds.length).toBe(ids.length);
    for (let i = 0; i < ids.length; i++) expect(rowId(packed, i)).toBe(ids[i]);
    expect(rowId(packed, 6)).toBe('6');
    expect(rowId(packed, -1)).toBe('-1');
  });

  it('clones as one string and one typed array, however many rows', () => {
    const ids = Array.from({ length: 60_000 }, (_, i) => String(i));
    const packed = packIds(ids);
    const back = deserialize(serialize(packed)) as typeof packed;
    expect(rowId(back, 59_999)).toBe('59999');
    expect(rowId(back, 12_345)).toBe('12345');
    expect(typeof back.idText).toBe('string');
    expect(back.idEnds).toBeInstanceOf(Uint32Array);
  });
});
