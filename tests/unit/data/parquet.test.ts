import { describe, expect, it } from 'vitest';
import { inferRoles, loadDataset, sniffFormat, sourceFromBytes } from '../../../src/core/data';
import { grayPng } from './fixtures';
import { column, loadError } from './helpers';
import { writeParquet } from './parquet-writer';

const fixture = () =>
  writeParquet([
    { name: 'id', type: 'int32', values: [0, 1, 2, 3] },
    { name: 'x', type: 'double', values: [1.5, null, -2, 4.25] },
    { name: 'label', type: 'utf8', values: ['cat', 'dog', 'cat', 'dog'] },
    {
      name: 'image',
      type: 'bytes',
      values: [grayPng(4, 4, 1), grayPng(4, 4, 2), grayPng(4, 4, 3), grayPng(4, 4, 4)],
    },
  ]);

describe('Parquet', () => {
  it('is sniffed from its magic', () => {
    expect(sniffFormat(fixture(), 'data.bin')).toBe('parquet');
  });

  it('loads numbers, text, nulls and raw bytes (not mangled into text)', async () => {
    const d = await loadDataset([sourceFromBytes('data.parquet', fixture())]);
    expect(d.format).toBe('parquet');
    expect(d.frame.numRows).toBe(4);
    expect(column(d, 'id').values).toEqual(Float64Array.from([0, 1, 2, 3]));
    const x = Array.from(column(d, 'x').values as Float64Array);
    expect(x[0]).toBe(1.5);
    expect(Number.isNaN(x[1])).toBe(true);
    expect(column(d, 'label').values).toEqual(['cat', 'dog', 'cat', 'dog']);
    const image = column(d, 'image');
    expect(image.type).toBe('binary');
    expect(Array.from(image.values[2] as Uint8Array)).toEqual(Array.from(grayPng(4, 4, 3)));
    expect(d.rowErrors).toEqual([]);
    expect(inferRoles(d.frame).roles).toEqual({ id: 'id', x: 'numeric', label: 'label', image: 'image' });
  });

  it('a truncated Parquet file is an InputError', async () => {
    const bytes = fixture();
    const e = await loadError(
      loadDataset([sourceFromBytes('cut.parquet', bytes.subarray(0, bytes.length - 20))]),
    );
    expect(e.message).toMatch(/truncated or invalid Parquet file/);
  });
});
