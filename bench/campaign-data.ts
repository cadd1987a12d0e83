// Clean inputs for the campaign benchmarks and tests, built from ../shared/datasets on the fly
// (nothing large is committed):
//   spam-clean:     spam-flip (3,000 SpamAssassin messages, six annotators) with its 240 flipped
//                   labels restored from truth.json;
//   penguins-clean: penguins-flip (347 Palmer penguins) with its 21 flips restored and its 3
//                   injected conflicting duplicates dropped, and an `annotator` column (a1…a4,
//                   drawn with seed 1) so that a campaign can be carried by one of them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table, Utf8, tableFromIPC, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { mulberry32 } from '../src/core/random';

export const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/datasets');

function restored(dir: string): {
  table: Table;
  labelColumn: string;
  labels: string[];
  truth: Record<string, unknown>;
} {
  const table = tableFromIPC(fs.readFileSync(path.join(SHARED, dir, 'data.arrow')));
  const truth = JSON.parse(fs.readFileSync(path.join(SHARED, dir, 'truth.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const labelColumn = String(truth.label_column ?? 'label');
  const originals = truth.original_label_by_id as Record<string, string>;
  const ids = table.getChild('id')!;
  const labels = table.getChild(labelColumn)!;
  return {
    table,
    labelColumn,
    truth,
    labels: Array.from(
      { length: table.numRows },
      (_, i) => originals[String(ids.get(i))] ?? (labels.get(i) as string),
    ),
  };
}

/** spam-flip with its flipped labels restored: 3,000 rows, id,text,label,annotator. */
export function spamClean(): Uint8Array {
  const { table, labels } = restored('spam-flip');
  const columns = Object.fromEntries(
    table.schema.fields.map((f) => [
      f.name,
      f.name === 'label' ? vectorFromArray(labels, new Utf8()) : table.getChild(f.name)!,
    ]),
  );
  return tableToIPC(new Table(columns), 'file');
}

/** penguins-flip restored, its injected duplicates dropped, with annotators a1…a4 (seed 1). */
export function penguinsClean(withAnnotators = true): Uint8Array {
  const { table, labelColumn, labels, truth } = restored('penguins-flip');
  const dupes = new Set((truth.duplicate_pairs as [number, number][]).map((p) => String(p[1])));
  const ids = table.getChild('id')!;
  const keep = Array.from({ length: table.numRows }, (_, i) => i).filter(
    (i) => !dupes.has(String(ids.get(i))),
  );
  const rand = mulberry32(1);
  const columns: Record<string, Vector> = {};
  for (const f of table.schema.fields) {
    const col = table.getChild(f.name)!;
    const values = keep.map((i) => (f.name === labelColumn ? labels[i] : col.get(i)));
    columns[f.name] = vectorFromArray(values as never, f.type);
  }
  if (withAnnotators)
    columns.annotator = vectorFromArray(
      keep.map(() => `a${1 + Math.floor(rand() * 4)}`),
      new Utf8(),
    );
  return tableToIPC(new Table(columns), 'file');
}
