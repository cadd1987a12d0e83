// What the three planters share: which rows may be picked, how many, and a label column with
// some labels replaced. Nothing here writes into the input frame: changed columns are new arrays.
import { labelIndex } from '../data';
import { mulberry32, shuffleInPlace } from '../random';
import type { Cell, Column, LoadedDataset, Roles } from '../types';
import { InputError } from '../types';

/** The dataset an attack is planted into, with its labels as class indices. */
export interface PlantInput {
  loaded: LoadedDataset;
  roles: Roles;
  classes: string[];
  /** Class index per row, -1 = missing. */
  labels: Int32Array;
  /** 1 = the row could not be read (an undecodable image): never picked. */
  unreadable: Uint8Array;
}

/** A planter's answer: the columns it replaced and the rows it planted. */
export interface Planting {
  replaced: Column[];
  planted: Uint8Array;
  notes: string[];
}

export function plantInput(loaded: LoadedDataset, roles: Roles): PlantInput {
  const { classes, labels } = labelIndex(loaded.frame, roles);
  const unreadable = new Uint8Array(loaded.frame.numRows);
  for (const e of loaded.rowErrors) if (e.row >= 0 && e.row < unreadable.length) unreadable[e.row] = 1;
  return { loaded, roles, classes, labels, unreadable };
}

/** Rows to plant for a share `rate` of all `n` rows: at least one. */
export function plantCount(rate: number, n: number): number {
  return Math.max(1, Math.round(rate * n));
}

/** The candidate rows in a seeded random order (pickers walk it until they have enough). */
export function shuffledRows(candidates: number[], seed: number): Int32Array {
  return shuffleInPlace(Int32Array.from(candidates), mulberry32(seed));
}

/** Says so when fewer rows could be planted than the rate asks for. */
export function shortfallNote(want: number, got: number, why: string): string[] {
  return got < want ? [`only ${got} of the ${want} rows the rate asks for could be planted (${why})`] : [];
}

export function labelColumn(input: PlantInput): Column {
  const col = input.loaded.frame.columns.find((c) => input.roles[c.name] === 'label');
  if (!col) throw new InputError(input.loaded.name, 'attack: the data has no label column');
  return col;
}

/** A copy of the label column with `newLabel[row]` (a class name) written at the given rows. */
export function relabelledColumn(column: Column, rows: Map<number, string>): Column {
  if (column.values instanceof Float64Array) {
    // Numeric labels: the class names are the numbers' strings.
    const values = Float64Array.from(column.values);
    for (const [row, cls] of rows) values[row] = Number(cls);
    return { ...column, values };
  }
  const values: Cell[] = column.values.slice();
  for (const [row, cls] of rows) values[row] = cls;
  return { ...column, values };
}

/** Index of `name` in the classes (the resolver already matched it to the data's spelling). */
export function classIndex(input: PlantInput, name: string): number {
  const i = input.classes.indexOf(name);
  if (i < 0) throw new InputError(input.loaded.name, `attack: no class "${name}"`);
  return i;
}
