// The Hugging Face `Image` feature: a struct<bytes: binary, path: string> per row. Rows with
// bytes become a binary image column; rows with only a path keep it for the loader to resolve
// against the files the user gave (never anything outside them).
import type { Cell, Column } from '../types';

export interface ImageStructCell {
  bytes?: Uint8Array | null;
  path?: string | Uint8Array | null;
}

/** Paths to resolve, by row: a string = look it up; '' = the struct has neither bytes nor path. */
export type PendingPaths = (string | null)[];

export interface ImageStructColumn {
  column: Column;
  /** Present when some row has no bytes. */
  pending?: PendingPaths;
}

const KEYS = new Set(['bytes', 'path']);

/** Plain objects whose keys are `bytes` and/or `path` (and bytes, when present, are bytes). */
export function isImageStructCells(raw: readonly unknown[]): boolean {
  let seen = 0;
  for (const v of raw) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) return false;
    const keys = Object.keys(v);
    if (keys.length === 0 || !keys.every((k) => KEYS.has(k)) || !keys.includes('bytes')) return false;
    const b = (v as ImageStructCell).bytes;
    if (b !== null && b !== undefined && !(b instanceof Uint8Array)) return false;
    if (++seen >= 200) break;
  }
  return seen > 0;
}

export function imageStructColumn(
  name: string,
  n: number,
  cell: (row: number) => ImageStructCell | null,
): ImageStructColumn {
  const values: Cell[] = new Array(n);
  let pending: PendingPaths | undefined;
  for (let i = 0; i < n; i++) {
    const c = cell(i);
    const bytes = c?.bytes;
    if (bytes && bytes.byteLength > 0) {
      values[i] = bytes;
      continue;
    }
    values[i] = null;
    if (!c) continue;
    pending ??= new Array<string | null>(n).fill(null);
    const raw: unknown = c.path;
    const path =
      typeof raw === 'string' ? raw : raw instanceof Uint8Array ? new TextDecoder().decode(raw) : '';
    pending[i] = path.trim();
  }
  return { column: { name, type: 'binary', values, hint: 'image' }, pending };
}
