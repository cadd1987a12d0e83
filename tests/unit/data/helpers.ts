// Shared test helpers: where the shared datasets live and a one-line load.
import { resolve } from 'node:path';
import { loadDataset } from '../../../src/core/data';
import { sourcesFromPath } from '../../../src/core/data/node-source';
import { InputError, type LoadedDataset } from '../../../src/core/types';

/** ../shared/datasets relative to the repository root (the test's working directory). */
export const DATASETS = resolve(process.cwd(), '../shared/datasets');
export const BAD = resolve(DATASETS, 'bad-inputs');

export async function loadPath(path: string): Promise<LoadedDataset> {
  return loadDataset(await sourcesFromPath(path));
}

/** The InputError a load throws (fails the test when it does not throw one). */
export async function loadError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

export const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

export function column(d: LoadedDataset, name: string) {
  const c = d.frame.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}
