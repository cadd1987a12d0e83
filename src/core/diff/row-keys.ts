// The key a row is matched by across two versions of a dataset: its id when both versions have an
// id column, else a fingerprint of its feature cells (image, text, numbers, categories,
// embeddings; not the label, id or annotator), so a relabelled row still matches itself.
// A key can repeat (duplicate rows, a reused id): diff-datasets.ts pairs repeats up.
import { RowFingerprint } from '../features/hashing';
import type { Column, LoadedDataset, Roles } from '../types';

export const FEATURE_ROLES = new Set(['image', 'text', 'numeric', 'categorical', 'embedding']);

export function idColumn(loaded: LoadedDataset, roles: Roles): Column | undefined {
  return loaded.frame.columns.find((c) => roles[c.name] === 'id');
}

/** Feature columns of a version, by name. */
export function featureColumns(loaded: LoadedDataset, roles: Roles): Column[] {
  return loaded.frame.columns.filter((c) => FEATURE_ROLES.has(roles[c.name]));
}

export function idText(column: Column | undefined, row: number): string {
  const v = column?.values[row];
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : String(v);
}

export interface RowKeys {
  keys: string[];
  /** Keys that occur more than once in this version. */
  repeated: number;
}

function countRepeats(keys: string[]): RowKeys {
  const seen = new Map<string, number>();
  let repeated = 0;
  for (const k of keys) {
    const count = (seen.get(k) ?? 0) + 1;
    seen.set(k, count);
    if (count === 2) repeated++;
  }
  return { keys, repeated };
}

export function idKeys(loaded: LoadedDataset, column: Column): RowKeys {
  return countRepeats(Array.from({ length: loaded.frame.numRows }, (_, i) => `id:${idText(column, i)}`));
}

/** Content keys over the named feature columns (the same names in both versions). */
export function contentKeys(loaded: LoadedDataset, names: string[]): RowKeys {
  const cols = names.map((n) => loaded.frame.columns.find((c) => c.name === n)!);
  const raw = Array.from({ length: loaded.frame.numRows }, (_, i) => {
    const fp = new RowFingerprint();
    for (const c of cols) fp.add(c.values[i]);
    return `content:${fp.hex()}`;
  });
  return countRepeats(raw);
}
