// Zip archives: unpacked in memory with fflate into SourceFiles named by their path inside the
// archive, then loaded like a dropped folder.
import { unzipSync } from 'fflate';
import { InputError, type SourceFile } from '../types';
import { oneLine } from './arrow';
import { formatBytes } from './limits';
import { sourceFromBytes } from './source';

/** Refuse archives that claim to unpack to more than this (zip bombs). */
const MAX_UNPACKED = 4 * 1024 * 1024 * 1024;

export function isJunkPath(name: string): boolean {
  return name.split('/').some((part) => part === '__MACOSX' || part.startsWith('.') || part === 'Thumbs.db');
}

export function unzipSources(bytes: Uint8Array, file: string): SourceFile[] {
  let claimed = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter(entry) {
        if (entry.name.endsWith('/') || isJunkPath(entry.name)) return false;
        claimed += entry.originalSize;
        if (claimed > MAX_UNPACKED) {
          throw new InputError(file, `zip unpacks to more than ${formatBytes(MAX_UNPACKED)}; refused`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(file, `corrupt or unsupported zip file (${oneLine(e)})`);
  }
  const names = Object.keys(entries).sort(byPath);
  if (names.length === 0) throw new InputError(file, 'zip file holds no files');
  return names.map((name) => sourceFromBytes(name, entries[name]));
}

/** Code-unit order, so the same archive gives the same row order everywhere. */
export function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
