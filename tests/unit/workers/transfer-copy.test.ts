import { serialize, deserialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { rowId, rowReasons } from '../../../src/state/result-rows';
import type { Reason } from '../../../src/core/types';
import { packReasons, packStrings } from '../../../workers/transfer-copy';

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
    const packedReasons = packReasons(dense);
    expect(packedReasons.ends.length).toBe(dense.length);
    for (let i = 0; i < dense.length; i++) expect(rowReasons({ packedReasons }, i)).toEqual(dense[i]);
    expect(rowReasons({ packedReasons }, dense.length)).toEqual([]);
    expect(rowReasons({ packedReasons }, -1)).toEqual([]);
  });

  it('clones as two typed arrays (no string to rebuild), however many rows have reasons', () => {
    const packedReasons = deserialize(serialize(packReasons(dense))) as ReturnType<typeof packReasons>;
    expect(packedReasons.bytes).toBeInstanceOf(Uint8Array);
    expect(packedReasons.ends).toBeInstanceOf(Uint32Array);
    expect(rowReasons({ packedReasons }, 7)).toEqual(dense[7]);
    expect(rowReasons({ packedReasons }, 8)).toEqual([]);
  });
});

describe('packStrings (the page copy of the ids)', () => {
  it('gives back every id, empty and non-ASCII ones included, and the row number out of range', () => {
    const ids = ['0', 'cat/001.png', '', 'naïve – ünïcode 🐈', '42', 'a\nb', '\u{1F600}x'];
    const packedIds = packStrings(ids);
    expect(packedIds.ends.length).toBe(ids.length);
    for (let i = 0; i < ids.length; i++) expect(rowId({ packedIds }, i)).toBe(ids[i]);
    expect(rowId({ packedIds }, ids.length)).toBe(String(ids.length));
    expect(rowId({ packedIds }, -1)).toBe('-1');
  });

  it('clones as two typed arrays, however many rows', () => {
    const ids = Array.from({ length: 60_000 }, (_, i) => String(i));
    const packedIds = deserialize(serialize(packStrings(ids))) as ReturnType<typeof packStrings>;
    expect(rowId({ packedIds }, 59_999)).toBe('59999');
    expect(rowId({ packedIds }, 12_345)).toBe('12345');
    expect(packedIds.bytes.length).toBe(ids.join('').length);
  });
});
