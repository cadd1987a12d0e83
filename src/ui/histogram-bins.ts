// Binning for ScoreHistogram: one pass over the typed array per series (fine for 60k values on
// every selection change), kept out of the component so it is tested on its own.
import { nice } from 'd3';

export interface Binned {
  lo: number;
  hi: number;
  total: Int32Array;
  flagged: Int32Array;
  selected: Int32Array;
  flaggedCount: number;
  selectedCount: number;
  /** Non-finite values: counted here, in no bin. */
  missing: number;
}

/**
 * `count` equal bins over `fixed`, or over the finite values' range rounded to nice numbers
 * (a constant score gets a unit-wide range around it). Values outside a fixed range go to the
 * first or last bin.
 */
export function binValues(
  values: Float32Array,
  flags: Uint8Array | undefined,
  selected: Uint8Array | null,
  count: number,
  fixed: [number, number] | null,
): Binned {
  const nb = Math.max(1, Math.floor(count));
  let lo = Infinity;
  let hi = -Infinity;
  if (fixed) [lo, hi] = fixed;
  else {
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
    else if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    [lo, hi] = nice(lo, hi, nb);
  }
  const total = new Int32Array(nb);
  const flaggedBins = new Int32Array(nb);
  const selectedBins = new Int32Array(nb);
  const scale = nb / (hi - lo || 1);
  let flaggedCount = 0;
  let selectedCount = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      missing++;
      continue;
    }
    const b = Math.min(nb - 1, Math.max(0, Math.floor((x - lo) * scale)));
    total[b]++;
    if (flags && flags[i]) {
      flaggedBins[b]++;
      flaggedCount++;
    }
    if (selected && selected[i]) {
      selectedBins[b]++;
      selectedCount++;
    }
  }
  return {
    lo,
    hi,
    total,
    flagged: flaggedBins,
    selected: selectedBins,
    flaggedCount,
    selectedCount,
    missing,
  };
}

/** The bin under a pointer at `fraction` (0 = left edge, 1 = right edge) of the plot's width. */
export function binAt(fraction: number, bins: number): number | null {
  if (!(fraction >= 0 && fraction <= 1)) return null;
  return Math.min(bins - 1, Math.floor(fraction * bins));
}
