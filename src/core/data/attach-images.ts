// Table + image files: a column of image paths or file names (relative to the table's folder, the
// drop root or a sibling image folder, see listed-images.ts) gains a binary column with the bytes
// of each image; the path column stays for display.
import type { Cell, Column, Frame, SourceFile } from '../types';
import {
  LISTED_NAMES,
  imageIndex,
  resolveIn,
  searchDirs,
  type ImageIndex,
  type Resolved,
} from './listed-images';
import { IMAGE_PATH, dirname, normalisePath } from './paths';

export interface Attached {
  warnings: string[];
  rowErrors: { row: number; message: string }[];
  /** Image files that a path column used. */
  used: Set<string>;
}

/** Rows whose paths are looked at to choose the folder the names refer to. */
const SAMPLE = 200;

export async function attachImages(frame: Frame, tableName: string, images: SourceFile[]): Promise<Attached> {
  const out: Attached = { warnings: [], rowErrors: [], used: new Set() };
  const index = imageIndex(images);
  const dir = dirname(normalisePath(tableName));
  let hasImage = frame.columns.some((c) => c.type === 'binary');
  // Columns of paths with an image extension first; a column of bare names ("image_id") only
  // when none of those gave the rows their images.
  const columns = [...frame.columns].sort((a, b) => Number(isPathColumn(b)) - Number(isPathColumn(a)));
  for (const column of columns) {
    const byContent = isPathColumn(column);
    // A named column ("image_id", "file" …) of bare names counts only when files match it.
    if (!byContent && (hasImage || images.length === 0 || !isListedColumn(column))) continue;
    const paths = cellsAsText(column);
    const sample = paths.filter((p): p is string => !!p).slice(0, SAMPLE);
    const dirs = searchDirs(index, dir, sample);
    const resolved = paths.map((p) => (p ? resolveIn(index, p, dirs) : {}));
    const found = resolved.filter((r) => r.file).length;
    if (!byContent && found * 2 < sample.length) continue;
    if (found === 0) {
      if (images.length === 0) {
        out.warnings.push(
          `column "${column.name}" holds image paths but no image files were given; add the image folder`,
        );
      } else out.warnings.push(`column "${column.name}": none of its image paths match the given files`);
      continue;
    }
    const values = await readResolved(resolved, paths, out);
    frame.columns.push({ name: freeName(frame, column.name), type: 'binary', values });
    hasImage = true;
  }
  return out;
}

/** Bytes for each resolved row; one row error per path that is unsafe or not among the files. */
export async function readResolved(
  resolved: Resolved[],
  paths: readonly (string | null)[],
  out: Attached,
): Promise<Cell[]> {
  const values: Cell[] = [];
  for (let row = 0; row < resolved.length; row++) {
    const r = resolved[row];
    if (r.file) {
      values.push(await r.file.bytes());
      out.used.add(r.file.name);
      continue;
    }
    values.push(null);
    const p = paths[row];
    if (p) out.rowErrors.push({ row, message: notRead(p, r) });
  }
  return values;
}

/** Why an image path gave no bytes: unsafe (never followed) or not among the given files. */
function notRead(p: string, r: Resolved): string {
  return 'unsafe' in r && r.unsafe
    ? `image path "${p}" is ${r.unsafe}; skipped (only files inside what was given are read)`
    : `image "${p}" not found among the given files`;
}

export function cellsAsText(column: Column): (string | null)[] {
  const out: (string | null)[] = [];
  for (const v of column.values as Iterable<Cell>) {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) out.push(null);
    else if (typeof v === 'string' || typeof v === 'number') out.push(String(v).trim() || null);
    else out.push(null);
  }
  return out;
}

function isListedColumn(column: Column): boolean {
  return (
    (column.type === 'string' || column.type === 'number') &&
    LISTED_NAMES.has(column.name.trim().toLowerCase())
  );
}

function isPathColumn(column: Column): boolean {
  if (column.type !== 'string') return false;
  const values = column.values as (string | null)[];
  let seen = 0;
  let paths = 0;
  for (const v of values) {
    if (v === null) continue;
    seen++;
    if (IMAGE_PATH.test(v.trim())) paths++;
    if (seen >= 100) break;
  }
  return seen > 0 && paths * 2 >= seen;
}

function freeName(frame: Frame, pathColumn: string): string {
  const taken = new Set(frame.columns.map((c) => c.name));
  if (!taken.has('image')) return 'image';
  let name = `${pathColumn}_bytes`;
  for (let k = 2; taken.has(name); k++) name = `${pathColumn}_bytes_${k}`;
  return name;
}

export type { ImageIndex };

/**
 * Image-struct rows that carry a path instead of bytes (tables' `pending`): looked up among the
 * given files, relative to the table's folder, then the drop root.
 */
export async function attachPending(
  result: { frame: Frame; pending?: Record<string, (string | null)[]> },
  tableName: string,
  files: SourceFile[],
): Promise<Attached> {
  const out: Attached = { warnings: [], rowErrors: [], used: new Set() };
  const entries = Object.entries(result.pending ?? {});
  if (entries.length === 0) return out;
  const index = imageIndex(files);
  const dir = dirname(normalisePath(tableName));
  for (const [name, paths] of entries) {
    const column = result.frame.columns.find((c) => c.name === name);
    if (!column || column.hint === 'ignore') continue;
    const values = column.values as Cell[];
    for (let row = 0; row < paths.length; row++) {
      const p = paths[row];
      if (p === null) continue;
      if (p === '') {
        out.rowErrors.push({ row, message: `column "${name}": the image has neither bytes nor a path` });
        continue;
      }
      const r = resolveIn(index, p, [dir, '']);
      if (r.file) {
        values[row] = await r.file.bytes();
        out.used.add(r.file.name);
      } else out.rowErrors.push({ row, message: notRead(p, r) });
    }
  }
  return out;
}
