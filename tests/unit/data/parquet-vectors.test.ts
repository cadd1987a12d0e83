// An embedding column as pyarrow / Spark / Ray Data write it (a Parquet LIST of FLOAT) loads into
// one Float32Array (rows × width), row group by row group, with exactly the values in the file.
import { parquetMetadata, parquetReadObjects, type FileMetaData } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { inferRoles, loadDataset, sourceFromBytes } from '../../../src/core/data';
import { defaultLimits } from '../../../src/core/data/limits';
import { checkVectorSize, parseParquet } from '../../../src/core/data/parquet';
import type { InputError } from '../../../src/core/types';
import { featurize } from '../../../src/core/features/featurize';
import { embeddingsParquetBytes } from '../../../scripts/make-embeddings-dataset';
import { column, loadError } from './helpers';

// 2,000 rows × 16 floats in 3 row groups (700 rows each, the last 600).
const { bytes, truth } = embeddingsParquetBytes({
  rows: 2000,
  dim: 16,
  rowGroup: 700,
  poison: 0.02,
  seed: 5,
});

describe('Parquet embedding column', () => {
  it('is the 3-level LIST<FLOAT> that pyarrow writes', () => {
    const buffer = bytes.slice().buffer;
    const meta = parquetMetadata(buffer);
    expect(meta.row_groups.length).toBe(3);
    expect(meta.schema.map((s) => [s.name, s.repetition_type, s.type])).toEqual([
      ['schema', undefined, undefined],
      ['id', 'OPTIONAL', 'INT64'],
      ['label', 'OPTIONAL', 'BYTE_ARRAY'],
      ['emb', 'OPTIONAL', undefined],
      ['list', 'REPEATED', undefined],
      ['element', 'OPTIONAL', 'FLOAT'],
    ]);
  });

  it('loads as views of one Float32Array with exactly the values hyparquet reads', async () => {
    const d = await loadDataset([sourceFromBytes('emb.parquet', bytes)]);
    expect(d.frame.numRows).toBe(2000);
    const emb = column(d, 'emb');
    expect(emb.type).toBe('vector');
    const cells = emb.values as Float32Array[];
    const buffer = cells[0].buffer;
    expect(cells.every((v, i) => v.buffer === buffer && v.length === 16 && v.byteOffset === i * 64)).toBe(
      true,
    );
    // The oracle: hyparquet's own row-by-row reader (arrays of numbers).
    const rows = await parquetReadObjects({ file: bytes.slice().buffer });
    for (let i = 0; i < 2000; i++) expect(Array.from(cells[i])).toEqual(rows[i].emb);
    expect(column(d, 'label').values).toEqual(rows.map((r) => r.label));
    expect(Array.from(column(d, 'id').values as Float64Array)).toEqual(rows.map((r) => Number(r.id)));
    expect(inferRoles(d.frame).roles).toEqual({ id: 'id', label: 'label', emb: 'embedding' });
    // The features are that one array, not a copy.
    const f = featurize(d.frame, inferRoles(d.frame).roles, 'emb.parquet');
    expect(f.x.buffer).toBe(buffer);
    expect(f.userEmbedding?.dim).toBe(16);
    expect(truth.poisoned.length).toBe(40);
  });

  it('lives in shared memory where the page is cross-origin isolated (the layout worker reads it)', async () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    g.crossOriginIsolated = true;
    try {
      const d = await loadDataset([sourceFromBytes('emb.parquet', bytes)]);
      const cells = column(d, 'emb').values as Float32Array[];
      expect(cells[0].buffer).toBeInstanceOf(SharedArrayBuffer);
      const rows = await parquetReadObjects({ file: bytes.slice().buffer });
      expect(Array.from(cells[1999])).toEqual(rows[1999].emb);
      const f = featurize(d.frame, inferRoles(d.frame).roles, 'emb.parquet');
      expect(f.x.buffer).toBe(cells[0].buffer);
    } finally {
      delete g.crossOriginIsolated;
    }
  });

  it("reads dictionary-encoded pages (pyarrow's default) exactly as hyparquet does", async () => {
    // Each row group's first page dictionary-encoded, the rest PLAIN (64 rows of 4,096 floats a page).
    const dict = embeddingsParquetBytes({
      rows: 300,
      dim: 4096,
      rowGroup: 200,
      seed: 9,
      dictionary: true,
    }).bytes;
    const d = await loadDataset([sourceFromBytes('dict.parquet', dict)]);
    const cells = column(d, 'emb').values as Float32Array[];
    const rows = await parquetReadObjects({ file: dict.slice().buffer });
    expect(cells.length).toBe(300);
    for (let i = 0; i < 300; i++) expect(Array.from(cells[i])).toEqual(rows[i].emb);
  });

  it('reads the file by byte ranges when the source can', async () => {
    const ranges: [number, number][] = [];
    const source = sourceFromBytes('emb.parquet', bytes);
    const slice = source.slice!.bind(source);
    source.slice = (start, end) => {
      ranges.push([start, end]);
      return slice(start, end);
    };
    source.bytes = () => Promise.reject(new Error('read whole'));
    const { frame } = await parseParquet(source, 'emb.parquet', defaultLimits);
    expect(frame.numRows).toBe(2000);
    // The footer (hyparquet's first guess reads the last 512 KB: all of this small file), then each
    // row group's embedding chunk and the other columns' chunks, each a part of the file.
    expect(ranges.length).toBe(7);
    expect(ranges.slice(1).every(([s, e]) => e - s < bytes.byteLength / 2)).toBe(true);
  });

  it('a truncated file is still one line naming it', async () => {
    const e = await loadError(
      loadDataset([sourceFromBytes('emb.parquet', bytes.subarray(0, bytes.byteLength - 100))]),
    );
    expect(e.line).toMatch(/^emb\.parquet: truncated or invalid Parquet file/);
  });
});

describe('the embedding column limit', () => {
  it('refuses a column over 2 GB before reading it, in one line naming the limit', () => {
    const metadata = {
      row_groups: [
        {
          num_rows: 1000n,
          columns: [{ meta_data: { path_in_schema: ['emb', 'list', 'element'], num_values: 384000n } }],
        },
      ],
    } as unknown as FileMetaData;
    expect(() => checkVectorSize('big.parquet', 'emb', 1_390_000, metadata)).not.toThrow();
    let line = '';
    try {
      checkVectorSize('big.parquet', 'emb', 1_500_000, metadata);
    } catch (e) {
      line = (e as InputError).line;
    }
    expect(line).toBe(
      'big.parquet: column "emb": 1,500,000 vectors × 384 floats take 2197.3 MB, over the 2048 MB limit for one ' +
        'embedding column (held as one Float32Array); scan a sample of the rows, or reduce the width (e.g. PCA ' +
        'to 128 dimensions) where the embeddings are computed',
    );
  });
});
