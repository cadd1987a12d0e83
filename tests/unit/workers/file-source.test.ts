import { describe, expect, it } from 'vitest';
import { embeddingsParquetBytes } from '../../../scripts/make-embeddings-dataset';
import { loadDataset } from '../../../src/core/data/load';
import type { SourceFile } from '../../../src/core/types';
import { fileSource } from '../../../workers/file-source';

describe('fileSource (the page’s File in the engine worker)', () => {
  it('reads byte ranges without reading the file whole', async () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    const source = fileSource(new File([bytes], 'x.bin'));
    expect(await source.slice!(10, 20)).toEqual(bytes.subarray(10, 20));
    expect(await source.slice!(990, 2000)).toEqual(bytes.subarray(990));
  });

  it('loads a big Parquet file by ranges (never bytes())', async () => {
    // Over the loader's read-whole size (16 MB), so Parquet reads it by column chunks.
    const { bytes } = embeddingsParquetBytes({ rows: 12_000, dim: 384 });
    expect(bytes.byteLength).toBeGreaterThan(16 * 1024 * 1024);
    const inner = fileSource(new File([bytes as Uint8Array<ArrayBuffer>], 'embeddings.parquet'));
    let whole = 0;
    let ranged = 0;
    const counted: SourceFile = {
      ...inner,
      bytes: () => {
        whole++;
        return inner.bytes();
      },
      slice: (start, end) => {
        ranged += end - start;
        return inner.slice!(start, end);
      },
    };
    const loaded = await loadDataset([counted]);
    expect(loaded.frame.numRows).toBe(12_000);
    expect(whole).toBe(0);
    expect(ranged).toBeGreaterThan(0);
  });
});
