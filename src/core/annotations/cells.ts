// Reading a Frame's cells as the strings the annotation parsers compare: ids, annotator names and
// class names are text whatever type the loader inferred ("3" and 3 are the same item).
import type { Column, Frame } from '../types';

/** The cell as text; null for a missing value (null, NaN, empty). */
export function cellText(column: Column, row: number): string | null {
  const v = column.values[row];
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'boolean') return String(v);
  return null;
}

export function findColumn(frame: Frame, name: string): Column | undefined {
  return frame.columns.find((c) => c.name === name);
}

/** The first column whose name (case-insensitive) is one of `names`. */
export function guessColumn(frame: Frame, names: string[]): Column | undefined {
  for (const n of names) {
    const c = frame.columns.find((col) => col.name.toLowerCase() === n);
    if (c) return c;
  }
  return undefined;
}
