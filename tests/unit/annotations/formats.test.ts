// Long and wide judgements read from Arrow and Parquet through the ordinary loaders.
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { judgementsFromLong, judgementsFromWide } from '../../../src/core/annotations';
import { loadDataset, sourceFromBytes } from '../../../src/core/data';
import { writeParquet } from '../data/parquet-writer';
import { triples } from './helpers';

describe('judgements from Arrow and Parquet', () => {
  it('reads long format from Arrow, with numeric item ids', async () => {
    const table = tableFromArrays({
      item: Int32Array.from([1, 1, 2]),
      annotator: ['ann', 'bob', 'ann'],
      label: ['cat', 'dog', 'dog'],
    });
    const loaded = await loadDataset([sourceFromBytes('j.arrow', tableToIPC(table, 'file'))]);
    const { table: t, warnings } = judgementsFromLong(loaded.frame, 'j.arrow');
    expect(warnings).toEqual([]);
    expect(triples(t)).toEqual(['1/ann/cat', '1/bob/dog', '2/ann/dog']);
  });

  it('reads wide format from Parquet, a missing cell being no judgement', async () => {
    const bytes = writeParquet([
      { name: 'id', type: 'int32', values: [5, 6] },
      { name: 'annotator_a', type: 'utf8', values: ['cat', null] },
      { name: 'annotator_b', type: 'utf8', values: ['dog', 'dog'] },
    ]);
    const loaded = await loadDataset([sourceFromBytes('w.parquet', bytes)]);
    const { table: t } = judgementsFromWide(loaded.frame, 'w.parquet', { item: 'id' });
    expect(triples(t)).toEqual(['5/annotator_a/cat', '5/annotator_b/dog', '6/annotator_b/dog']);
  });
});
