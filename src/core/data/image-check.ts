// Validates the images of every image-like binary column; bad ones become row errors (the rows
// stay in the frame, so ids and row order are untouched).
import type { Column, Frame, RunControl } from '../types';
import { checkCancelled, report, yieldToEventLoop } from './control';
import { readImageHeader } from './image-header';
import type { Limits } from './limits';
import { validateImage } from './validate-image';

const BATCH = 4000;

/** A binary column is an image column when most of its first non-empty cells carry an image header. */
export function isImageColumn(column: Column): boolean {
  if (column.type !== 'binary') return false;
  let seen = 0;
  let images = 0;
  for (const v of column.values as (Uint8Array | null)[]) {
    if (!v) continue;
    seen++;
    if (readImageHeader(v)) images++;
    if (seen >= 50) break;
  }
  return seen > 0 && images * 2 >= seen;
}

export async function checkImages(
  frame: Frame,
  limits: Limits,
  control?: RunControl,
  progress: [number, number] = [0.5, 1],
): Promise<{ row: number; message: string }[]> {
  const errors: { row: number; message: string }[] = [];
  const columns = frame.columns.filter(isImageColumn);
  const total = columns.length * frame.numRows;
  let done = 0;
  for (const column of columns) {
    const values = column.values as (Uint8Array | null)[];
    for (let start = 0; start < values.length; start += BATCH) {
      checkCancelled(control);
      const end = Math.min(values.length, start + BATCH);
      for (let row = start; row < end; row++) {
        const bytes = values[row];
        if (!bytes) continue;
        const problem = validateImage(bytes, limits.maxImagePixels, limits.validateImages === 'full');
        if (problem)
          errors.push({ row, message: `undecodable image in column "${column.name}": ${problem}` });
      }
      done += end - start;
      report(control, progress[0] + ((progress[1] - progress[0]) * done) / total, 'checking images');
      await yieldToEventLoop();
    }
  }
  return errors.sort((a, b) => a.row - b.row);
}
