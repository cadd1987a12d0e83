// Point sizes on the map (ScatterMap.svelte): a base diameter that shrinks as the map fills,
// emphasised (suspicious) points drawn larger, and how much points grow when the user zooms in.

/** Emphasised points: this much larger than the base size… */
export const EMPHASIS_SCALE = 1.8;
/** …and at least this many CSS px across. */
export const EMPHASIS_MIN = 6;

/** Base point diameter in CSS px for a map of `count` points: smaller as the map gets denser. */
export function defaultPointSize(count: number): number {
  if (count <= 2_000) return 6;
  if (count <= 20_000) return 4.5;
  if (count <= 100_000) return 3.5;
  if (count <= 400_000) return 2.5;
  return 2;
}

/**
 * Per-point diameters: `base` for every point, the emphasised ones (emph[i] ≠ 0) larger. An
 * `emph` of the wrong length is ignored.
 */
export function sizesFor(count: number, emph: Uint8Array | null, base: number): Float32Array {
  const out = new Float32Array(count).fill(base);
  if (emph && emph.length === count) {
    const big = Math.max(base * EMPHASIS_SCALE, EMPHASIS_MIN);
    for (let i = 0; i < count; i++) if (emph[i]) out[i] = big;
  }
  return out;
}

/** The largest size (0 for none): bounds how far a pick has to search. */
export function maxSize(sizes: Float32Array): number {
  let m = 0;
  for (let i = 0; i < sizes.length; i++) if (sizes[i] > m) m = sizes[i];
  return m;
}

/** How much points grow at zoom scale k: √k, never below 0.75× nor above 4×, so dense regions open up. */
export function zoomGrowth(k: number): number {
  return Math.min(4, Math.max(0.75, Math.sqrt(k)));
}

/**
 * One row's diameter as sizesFor (or explicit `sizes` of `count` entries) gives it, without
 * building the whole array: the hover ring and a click on the hovered row need only that row's.
 */
export function sizeOf(
  row: number,
  count: number,
  sizes: Float32Array | null,
  emph: Uint8Array | null,
  base: number,
): number {
  if (sizes && sizes.length === count) return sizes[row];
  // Rounded to float32, as sizesFor stores them: the same number whichever computed it.
  if (emph && emph.length === count && emph[row])
    return Math.fround(Math.max(base * EMPHASIS_SCALE, EMPHASIS_MIN));
  return Math.fround(base);
}
