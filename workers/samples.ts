// Reads a few rows of a loaded dataset for display: image bytes, text and every field as a string.
import type { Cell, DatasetSummary, Frame, Role } from '../src/core/types';

/** One row of the dataset as the page shows it. Strings are shown as text, never as HTML. */
export interface Sample {
  row: number;
  /** Encoded image bytes (PNG/JPEG) when the dataset has an image column. */
  image?: Uint8Array;
  /** The text column(s) joined, when the dataset has any. */
  text?: string;
  /** Every other column, as display strings. */
  fields: Record<string, string>;
}

const MAX_FIELD = 500;

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isNaN(cell) ? '' : String(cell);
  if (typeof cell === 'string') return cell.length > MAX_FIELD ? `${cell.slice(0, MAX_FIELD)}…` : cell;
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  if (cell instanceof Float32Array) {
    const head = Array.from(cell.subarray(0, 4), (v) => v.toFixed(3)).join(', ');
    return `[${head}${cell.length > 4 ? ', …' : ''}] (${cell.length})`;
  }
  return `${cell.length} bytes`;
}

function cellAt(frame: Frame, col: number, row: number): Cell | undefined {
  const values = frame.columns[col].values;
  return values[row];
}

/** Column roles from the scan's summary; without one, the first binary column is the image. */
function rolesOf(frame: Frame, summary: DatasetSummary | null): Role[] {
  const byName = new Map(summary?.columns.map((c) => [c.name, c.role]) ?? []);
  let imageSeen = false;
  return frame.columns.map((c) => {
    const known = byName.get(c.name);
    if (known) return known;
    if (c.type === 'binary' && !imageSeen) {
      imageSeen = true;
      return 'image';
    }
    return 'ignore';
  });
}

export function readSamples(frame: Frame, rows: number[], summary: DatasetSummary | null): Sample[] {
  const roles = rolesOf(frame, summary);
  return rows
    .filter((r) => Number.isInteger(r) && r >= 0 && r < frame.numRows)
    .map((row) => {
      const sample: Sample = { row, fields: {} };
      const texts: string[] = [];
      frame.columns.forEach((column, i) => {
        const cell = cellAt(frame, i, row);
        if (roles[i] === 'image' && cell instanceof Uint8Array && sample.image === undefined) {
          // A copy: a view would clone the whole underlying buffer across the worker boundary.
          sample.image = cell.slice();
          return;
        }
        if (roles[i] === 'text' && typeof cell === 'string') texts.push(cell);
        sample.fields[column.name] = cellText(cell);
      });
      if (texts.length) sample.text = texts.join('\n\n');
      return sample;
    });
}
