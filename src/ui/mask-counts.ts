// Counts over a result's row masks (flagged, ambiguous). Plain loops: a 60k-row typed array's
// reduce calls its callback per row, a few ms each while cold, all in the task that shows a
// result (profile of a 60k page scan: the summary's three reduces were ~20 % of that task).

/** How many rows `mask` sets (non-zero). */
export function countSet(mask: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  return n;
}

/** How many rows `mask` sets whose `values` are at least `min`. */
export function countSetAtLeast(mask: ArrayLike<number>, values: ArrayLike<number>, min: number): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] && values[i] >= min) n++;
  return n;
}
