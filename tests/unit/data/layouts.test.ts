// fashion-badnets in every layout Assay reads (HF Parquet shards, HF save_to_disk, WebDataset
// tars, CSV + image folder) must load to the same rows, labels (by name) and images as the
// canonical Arrow file (bench/loaders.ts scans each at 6,000 rows and compares the scores).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferRoles, labelIndex } from '../../../src/core/data';
import type { LoadedDataset } from '../../../src/core/types';
import { DATASETS, column, loadPath } from './helpers';
import { readRows, writeCsvFolder, writeHfParquet, writeHfSaved, writeWebDataset } from './layouts';

const N = 600;
const SOURCE = path.join(DATASETS, 'fashion-badnets/data.arrow');
let root: string;
const LAYOUTS = ['hf-parquet', 'hf-saved', 'webdataset', 'csv-folder'] as const;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-layouts-'));
  const rows = readRows(SOURCE, N);
  const table = tableFromIPC(fs.readFileSync(SOURCE));
  fs.writeFileSync(path.join(root, 'data.arrow'), tableToIPC(table.slice(0, N), 'file'));
  writeHfParquet(path.join(root, 'hf-parquet'), rows, 3);
  writeHfSaved(path.join(root, 'hf-saved'), rows, 2);
  writeWebDataset(path.join(root, 'webdataset'), rows, 2);
  writeCsvFolder(path.join(root, 'csv-folder'), rows);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function byName(d: LoadedDataset) {
  const { roles } = inferRoles(d.frame);
  const image = d.frame.columns.find((c) => roles[c.name] === 'image')!;
  const id = d.frame.columns.find((c) => roles[c.name] === 'id')!;
  const { classes, labels } = labelIndex(d.frame, roles);
  return {
    roles,
    ids: Array.from(id.values as ArrayLike<unknown>, (v) => Number(v)),
    labels: Array.from(labels, (k) => classes[k]),
    images: image.values as Uint8Array[],
  };
}

describe('dataset layouts', () => {
  it('each layout loads the same rows, labels by name and image bytes as the Arrow file', async () => {
    const want = byName(await loadPath(path.join(root, 'data.arrow')));
    for (const layout of LAYOUTS) {
      const d = await loadPath(path.join(root, layout));
      const got = byName(d);
      expect(d.frame.numRows, layout).toBe(N);
      expect(d.rowErrors, layout).toEqual([]);
      expect(got.ids, layout).toEqual(want.ids);
      expect(got.labels, layout).toEqual(want.labels);
      for (let i = 0; i < N; i++)
        expect(Buffer.compare(got.images[i], want.images[i]), `${layout} ${i}`).toBe(0);
      expect(Object.values(got.roles).filter((r) => r === 'image' || r === 'label').length, layout).toBe(2);
    }
  });

  it('HF Parquet: ClassLabel names from the schema metadata, the image struct as an image column', async () => {
    const d = await loadPath(path.join(root, 'hf-parquet'));
    expect(d.format).toBe('parquet');
    expect(column(d, 'label').type).toBe('string');
    expect(column(d, 'label').classNames?.[0]).toBe('T-shirt/top');
    expect(column(d, 'image').type).toBe('binary');
    expect(d.files.map((f) => f.name)).toEqual([
      'data/train-00000-of-00003.parquet',
      'data/train-00001-of-00003.parquet',
      'data/train-00002-of-00003.parquet',
    ]);
    expect(d.warnings).toEqual([]);
  });
});
