// A random slice of clean Fashion-MNIST (../shared/datasets/fashion-60k) as Arrow IPC bytes, for
// the red-team and confirmation tests: real images, small enough to scan in well under a minute.
import fs from 'node:fs';
import path from 'node:path';
import { Binary, Int32, Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { mulberry32, sampleIndices } from '../../../src/core/random';
import { SHARED } from '../cli/run-cli';

export const FASHION_60K = path.join(SHARED, 'datasets/fashion-60k/data.arrow');

/** `rows` images drawn at random (seeded) from the 60,000, with ids 0..rows-1. */
export function fashionSlice(rows: number, seed: number): Uint8Array {
  const table = tableFromIPC(fs.readFileSync(FASHION_60K));
  const images = table.getChild('image')!;
  const labels = table.getChild('label')!;
  const picked = sampleIndices(table.numRows, rows, mulberry32(seed));
  const out = new Table({
    id: vectorFromArray(
      Array.from(picked, (_, i) => i),
      new Int32(),
    ),
    image: vectorFromArray(
      Array.from(picked, (r) => images.get(r) as Uint8Array),
      new Binary(),
    ),
    label: vectorFromArray(
      Array.from(picked, (r) => labels.get(r) as string),
      new Utf8(),
    ),
  });
  return tableToIPC(out, 'file');
}
