// Cell equality and a short text for people, for the dataset diff. Missing is missing however it
// is spelled (null, undefined, NaN); a number and its string are equal (a CSV and an Arrow copy of
// the same data type the same column differently); bytes and vectors compare by content.
import { fnv1aBytes } from '../features/hashing';
import type { Cell } from '../types';

/** Longest text kept in a diff cell before it is cut (with "…"). */
const MAX_TEXT = 300;

const isMissing = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) || v === '';

export function cellsEqual(a: Cell | undefined, b: Cell | undefined): boolean {
  if (isMissing(a) || isMissing(b)) return isMissing(a) && isMissing(b);
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (a instanceof Float32Array || b instanceof Float32Array) {
    if (!(a instanceof Float32Array && b instanceof Float32Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++)
      if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
    return true;
  }
  return a === b || String(a) === String(b);
}

/** A cell as a short string: bytes as their length and a fingerprint, long text cut. */
export function cellText(v: Cell | undefined): string {
  if (isMissing(v)) return '';
  if (v instanceof Uint8Array) return `<${v.length} bytes ${fnv1aBytes(v).toString(16).padStart(8, '0')}>`;
  if (v instanceof Float32Array) return `<vector of ${v.length}>`;
  const s = String(v);
  return s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
}
