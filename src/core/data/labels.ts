// Label normalisation: variants that differ only in surrounding whitespace or letter case are
// one class (" spam", "SPAM" -> "spam"); an empty label is missing, never a class.
import type { Column, Frame, Roles } from '../types';

export interface LabelInfo {
  classes: string[];
  normalised: { from: string; to: string }[];
  missing: number;
}

export interface LabelIndex {
  classes: string[];
  /** Class index per row; -1 = missing. */
  labels: Int32Array;
}

function rawLabel(column: Column, row: number): string | null {
  const v = column.values[row];
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  return null;
}

const keyOf = (s: string): string => s.normalize('NFC').trim().toLowerCase();

export function normaliseLabels(column: Column, numRows: number): LabelInfo & LabelIndex {
  const raws: (string | null)[] = [];
  // key -> variant -> count; the most frequent trimmed spelling names the class.
  const variants = new Map<string, Map<string, number>>();
  let missing = 0;
  for (let i = 0; i < numRows; i++) {
    const raw = rawLabel(column, i);
    raws.push(raw);
    if (raw === null || raw.trim() === '') {
      missing++;
      continue;
    }
    const key = keyOf(raw);
    const counts = variants.get(key) ?? new Map<string, number>();
    counts.set(raw, (counts.get(raw) ?? 0) + 1);
    variants.set(key, counts);
  }
  const canonical = new Map<string, string>();
  const normalised: { from: string; to: string }[] = [];
  for (const [key, counts] of variants) {
    const trimmed = new Map<string, number>();
    for (const [v, c] of counts) trimmed.set(v.trim(), (trimmed.get(v.trim()) ?? 0) + c);
    let best = '';
    let bestCount = -1;
    // Most frequent spelling; ties go to the lower-case one, then to code-unit order.
    const rank = (v: string) => (v === v.toLowerCase() ? 0 : 1);
    for (const [v, c] of trimmed) {
      const better =
        c > bestCount || (c === bestCount && (rank(v) < rank(best) || (rank(v) === rank(best) && v < best)));
      if (better) [best, bestCount] = [v, c];
    }
    canonical.set(key, best);
    for (const v of counts.keys()) if (v !== best) normalised.push({ from: v, to: best });
  }
  const numeric = column.type === 'number';
  const classes = [...canonical.values()].sort((a, b) =>
    numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0,
  );
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = new Int32Array(numRows);
  raws.forEach((raw, i) => {
    labels[i] =
      raw === null || raw.trim() === '' ? -1 : (index.get(canonical.get(keyOf(raw)) as string) as number);
  });
  return { classes, normalised, missing, labels };
}

/** Class names and a class index per row (-1 = missing) for the column with the label role. */
export function labelIndex(frame: Frame, roles: Roles): LabelIndex {
  const column = frame.columns.find((c) => roles[c.name] === 'label');
  if (!column) return { classes: [], labels: new Int32Array(frame.numRows).fill(-1) };
  const { classes, labels } = normaliseLabels(column, frame.numRows);
  return { classes, labels };
}
