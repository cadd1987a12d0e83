// What the map's point layer draws on top and how (ScatterMap.svelte): the selection summary, the
// per-point flag bits (selected, emphasised) and the draw order, back to front, in which
// emphasised points and then selected points come last so nothing covers them.
import { FLAG_EMPHASIS, FLAG_SELECTED } from './points-renderer';

/** Whether any point is selected and how many; a `sel` of the wrong length selects nothing. */
export function selectionOf(count: number, sel: Uint8Array | null): { any: boolean; count: number } {
  if (!sel || sel.length !== count) return { any: false, count: 0 };
  let c = 0;
  for (let i = 0; i < count; i++) if (sel[i]) c++;
  return { any: c > 0, count: c };
}

/** Per-point flag bytes: FLAG_SELECTED where sel[i], FLAG_EMPHASIS where emph[i] (right length only). */
export function flagsFor(count: number, sel: Uint8Array | null, emph: Uint8Array | null): Uint8Array {
  const out = new Uint8Array(count);
  if (sel && sel.length === count) for (let i = 0; i < count; i++) if (sel[i]) out[i] |= FLAG_SELECTED;
  if (emph && emph.length === count) for (let i = 0; i < count; i++) if (emph[i]) out[i] |= FLAG_EMPHASIS;
  return out;
}

/** Rows in `base` order (or row order), stably split so rows with mark[row] set come last. */
export function marksLast(count: number, base: Uint32Array | null, mark: Uint8Array): Uint32Array {
  const out = new Uint32Array(count);
  let front = 0;
  let marked = 0;
  for (let o = 0; o < count; o++) if (mark[base ? base[o] : o]) marked++;
  let back = count - marked;
  for (let o = 0; o < count; o++) {
    const row = base ? base[o] : o;
    if (mark[row]) out[back++] = row;
    else out[front++] = row;
  }
  return out;
}

/**
 * The draw order, rows back to front, or null for plain row order: the `given` order if it has
 * `count` rows, else emphasised rows last (when there are any); then, when `sel` is given, the
 * selected rows brought forward so the faded rest never covers them.
 */
export function orderFor(
  count: number,
  given: Uint32Array | null,
  emph: Uint8Array | null,
  sel: Uint8Array | null,
): Uint32Array | null {
  let base: Uint32Array | null = given && given.length === count ? given : null;
  if (!base && emph && emph.length === count && emph.some((e) => e !== 0))
    base = marksLast(count, null, emph);
  return sel && sel.length === count ? marksLast(count, base, sel) : base;
}
