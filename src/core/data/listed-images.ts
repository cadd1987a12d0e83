// Image files named by a table (or by an image struct's `path`): a relative path or a bare file
// name, resolved against the table's folder, the drop root, or a sibling folder whose files
// match ("train.csv" with `image_id` = "0a1b" and the images in "train/0a1b.png"). Only the
// files the user gave are ever looked at: a URL, an absolute path or a path that climbs out of
// the folder is reported and skipped.
import type { SourceFile } from '../types';
import { IMAGE_PATH, dirname, joinPath, normalisePath, unsafePathReason } from './paths';

export interface ImageIndex {
  byPath: Map<string, SourceFile>;
  /** "dir/stem" (the name without its image extension) -> file. */
  byStem: Map<string, SourceFile>;
  /** Folders that hold image files. */
  folders: string[];
}

export function imageIndex(files: readonly SourceFile[]): ImageIndex {
  const byPath = new Map<string, SourceFile>();
  const byStem = new Map<string, SourceFile>();
  const folders = new Set<string>();
  for (const f of files) {
    const p = normalisePath(f.name);
    byPath.set(p, f);
    if (IMAGE_PATH.test(p)) {
      const stem = p.replace(IMAGE_PATH, '');
      if (!byStem.has(stem)) byStem.set(stem, f);
      folders.add(dirname(p));
    }
  }
  return { byPath, byStem, folders: [...folders].sort() };
}

export type Resolved = { file: SourceFile } | { file?: undefined; unsafe?: string };

/** Looks a path up in each folder of `dirs` in turn: as written, then as a name without extension. */
export function resolveIn(index: ImageIndex, p: string, dirs: readonly string[]): Resolved {
  const value = p.trim();
  if (!value) return {};
  const base = dirs[0] ?? '';
  const unsafe = unsafePathReason(value, base);
  if (unsafe) return { unsafe };
  for (const dir of dirs) {
    const full = joinPath(dir, value);
    const file = index.byPath.get(full) ?? (IMAGE_PATH.test(full) ? undefined : index.byStem.get(full));
    if (file) return { file };
  }
  return {};
}

/**
 * The folders to look in for a table in `tableDir`: its own, the drop root, then the image folder
 * whose files match the most of the first values (a sibling such as "train/" or "images/").
 */
export function searchDirs(index: ImageIndex, tableDir: string, sample: readonly string[]): string[] {
  const dirs = [tableDir, ''];
  let best = '';
  let bestHits = 0;
  for (const folder of index.folders) {
    if (dirs.includes(folder)) continue;
    let hits = 0;
    for (const v of sample) if (resolveIn(index, v, [folder]).file) hits++;
    if (hits > bestHits) [best, bestHits] = [folder, hits];
  }
  if (bestHits > 0) dirs.push(best);
  return [...new Set(dirs)];
}

/** Column names that list image files even without an extension in their values. */
export const LISTED_NAMES = new Set([
  'image',
  'image_id',
  'imageid',
  'image_name',
  'image_file',
  'image_path',
  'img',
  'img_id',
  'img_name',
  'img_path',
  'file',
  'filename',
  'file_name',
  'filepath',
  'file_path',
  'path',
  'id',
]);
