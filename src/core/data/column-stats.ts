// Small per-column statistics that the role heuristics look at.
import type { Column } from '../types';
import { IMAGE_PATH } from './paths';

export interface ColumnStats {
  present: number;
  distinct: number;
  /** Every present value is an integer (number columns). */
  integers: boolean;
  /** Mean text length and mean word count (string columns). */
  meanLength: number;
  meanWords: number;
  /** Share of present strings that look like file paths to images. */
  pathShare: number;
  /** Some present string has whitespace in it. */
  hasSpaces: boolean;
}

export function columnStats(column: Column): ColumnStats {
  const seen = new Set<unknown>();
  let present = 0;
  let integers = true;
  let length = 0;
  let words = 0;
  let paths = 0;
  let hasSpaces = false;
  const values = column.values as ArrayLike<unknown>;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
    present++;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) integers = false;
      seen.add(v);
    } else if (typeof v === 'string') {
      seen.add(v);
      length += v.length;
      const w = v.trim().split(/\s+/).length;
      words += w;
      if (w > 1) hasSpaces = true;
      if (IMAGE_PATH.test(v.trim())) paths++;
    } else if (typeof v === 'boolean') seen.add(v);
  }
  return {
    present,
    distinct: seen.size,
    integers: column.type === 'number' && integers,
    meanLength: present ? length / present : 0,
    meanWords: present ? words / present : 0,
    pathShare: present ? paths / present : 0,
    hasSpaces,
  };
}
