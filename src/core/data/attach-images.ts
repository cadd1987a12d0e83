// Table + image files: a column of image paths (relative to the table's folder) gains a binary
// column with the bytes of each image; the path column stays for display.
import type { Cell, Column, Frame, SourceFile } from '../types';
import { IMAGE_PATH, dirname, joinPath, normalisePath } from './paths';

export interface Attached {
  warnings: string[];
  rowErrors: { row: number; message: string }[];
  /** Image files that a path column used. */
  used: Set<string>;
}

export async function attachImages(frame: Frame, tableName: string, images: SourceFile[]): Promise<Attached> {
  const out: Attached = { warnings: [], rowErrors: [], used: new Set() };
  const byName = new Map(images.map((f) => [normalisePath(f.name), f]));
  const dir = dirname(normalisePath(tableName));
  for (const column of [...frame.columns]) {
    if (!isPathColumn(column)) continue;
    const paths = column.values as (string | null)[];
    const resolved = paths.map((p) => (p ? findImage(byName, dir, p) : undefined));
    const found = resolved.filter(Boolean).length;
    if (found === 0) {
      if (images.length === 0) {
        out.warnings.push(
          `column "${column.name}" holds image paths but no image files were given; add the image folder`,
        );
      } else out.warnings.push(`column "${column.name}": none of its image paths match the given files`);
      continue;
    }
    const values: Cell[] = [];
    for (let row = 0; row < resolved.length; row++) {
      const src = resolved[row];
      if (src) {
        values.push(await src.bytes());
        out.used.add(src.name);
      } else {
        values.push(null);
        if (paths[row])
          out.rowErrors.push({ row, message: `image "${paths[row]}" not found among the given files` });
      }
    }
    frame.columns.push({ name: freeName(frame, column.name), type: 'binary', values });
  }
  return out;
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

/** Relative to the table's folder first, then relative to the drop root. */
function findImage(byName: Map<string, SourceFile>, dir: string, p: string): SourceFile | undefined {
  return byName.get(joinPath(dir, p.trim())) ?? byName.get(normalisePath(p.trim()));
}

function freeName(frame: Frame, pathColumn: string): string {
  const taken = new Set(frame.columns.map((c) => c.name));
  if (!taken.has('image')) return 'image';
  let name = `${pathColumn}_bytes`;
  for (let k = 2; taken.has(name); k++) name = `${pathColumn}_bytes_${k}`;
  return name;
}
