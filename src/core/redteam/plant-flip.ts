// Label flips: a share of the rows gets another class. Concentrated in one annotator (a careless
// or malicious labeller) or one class pair when the spec says so; spread at random otherwise.
import { mulberry32, subSeed } from '../random';
import { InputError } from '../types';
import type { FlipAttack } from './attack';
import {
  classIndex,
  labelColumn,
  plantCount,
  relabelledColumn,
  shortfallNote,
  shuffledRows,
  type PlantInput,
  type Planting,
} from './planting';

export function plantFlip(input: PlantInput, spec: FlipAttack): Planting {
  const { loaded, roles, labels, classes } = input;
  const n = loaded.frame.numRows;
  const from = spec.fromClass !== undefined ? classIndex(input, spec.fromClass) : -1;
  const to = spec.toClass !== undefined ? classIndex(input, spec.toClass) : -1;
  let annotatorOf: ((row: number) => string | null) | null = null;
  if (spec.annotator !== undefined) {
    const col = loaded.frame.columns.find((c) => roles[c.name] === 'annotator');
    if (!col) throw new InputError(loaded.name, 'flip attack: the data has no annotator column');
    annotatorOf = (row) => {
      const v = col.values[row];
      return v === null || v === undefined ? null : String(v);
    };
  }
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y < 0 || (from >= 0 && y !== from) || (to >= 0 && y === to)) continue;
    if (annotatorOf && annotatorOf(i) !== spec.annotator) continue;
    candidates.push(i);
  }
  const want = plantCount(spec.rate, n);
  const rand = mulberry32(subSeed(spec.seed, 2));
  const planted = new Uint8Array(n);
  const relabel = new Map<number, string>();
  for (const row of shuffledRows(candidates, subSeed(spec.seed, 1))) {
    if (relabel.size >= want) break;
    // A random class other than the row's own: draw from the c - 1 others.
    let next = to;
    if (next < 0) {
      next = Math.floor(rand() * (classes.length - 1));
      if (next >= labels[row]) next++;
    }
    relabel.set(row, classes[next]);
    planted[row] = 1;
  }
  const scope = [
    spec.annotator !== undefined ? `annotator ${spec.annotator}` : '',
    spec.fromClass !== undefined ? `class "${spec.fromClass}"` : '',
    spec.toClass !== undefined ? `not already "${spec.toClass}"` : '',
  ].filter(Boolean);
  return {
    replaced: [relabelledColumn(labelColumn(input), relabel)],
    planted,
    notes: shortfallNote(
      want,
      relabel.size,
      `${candidates.length} labelled rows${scope.length ? ` of ${scope.join(', ')}` : ''}`,
    ),
  };
}
