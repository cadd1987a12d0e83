// Where do the flagged images of a class differ from the rest of that class? BadNets stamps the
// same patch on every poisoned image, so the mean of the flagged images minus the mean of their
// labelled class shows the trigger as a bright square while the natural variation averages out.
// DOM-free: runs in the worker and in Node.

/** The brightest square window of a difference image. */
export interface Hotspot {
  /** Top row of the window. */
  row: number;
  /** Left column of the window. */
  col: number;
  /** Side of the window in pixels. */
  size: number;
  /** Mean difference over the window (grey levels in [-1, 1]). */
  meanDiff: number;
}

export interface TriggerDiff {
  /** flaggedMean − classMean, h×w row-major, in [-1, 1]. */
  diff: Float32Array;
  /** Grey-level mean of the flagged images, h×w in [0, 1]. */
  flaggedMean: Float32Array;
  /** Grey-level mean of the class rows that are not flagged, h×w in [0, 1]. */
  classMean: Float32Array;
  h: number;
  w: number;
  /** Null when either group is empty (there is nothing to compare). */
  hotspot: Hotspot | null;
}

export const DEFAULT_WINDOW_SIZES = [2, 3, 4, 5, 6];

/**
 * Grey-level means of the flagged rows and of the class rows (flagged rows left out), and their
 * difference with its brightest window.
 *
 * `images` is n×h×w×c row-major (NHWC); grey = mean over the c channels, divided by `scale`
 * (1 for values in [0, 1], 255 for bytes).
 */
export function triggerDiff(
  images: ArrayLike<number>,
  n: number,
  h: number,
  w: number,
  c: number,
  flaggedRows: readonly number[],
  classRows: readonly number[],
  scale = 1,
  sizes: readonly number[] = DEFAULT_WINDOW_SIZES,
): TriggerDiff {
  if (![n, h, w, c].every((v) => Number.isInteger(v) && v > 0)) {
    throw new RangeError(`triggerDiff: bad shape ${n}×${h}×${w}×${c}`);
  }
  if (images.length < n * h * w * c) {
    throw new RangeError(`triggerDiff: ${images.length} values for ${n}×${h}×${w}×${c} images`);
  }
  if (!(scale > 0)) throw new RangeError(`triggerDiff: scale must be positive, got ${scale}`);
  const isFlagged = new Uint8Array(n);
  const flagged: number[] = [];
  for (const r of flaggedRows) {
    checkRow(r, n);
    if (!isFlagged[r]) flagged.push(r);
    isFlagged[r] = 1;
  }
  const rest: number[] = [];
  const seen = new Uint8Array(n);
  for (const r of classRows) {
    checkRow(r, n);
    if (isFlagged[r] || seen[r]) continue;
    seen[r] = 1;
    rest.push(r);
  }
  const flaggedMean = greyMean(images, h, w, c, flagged, scale);
  const classMean = greyMean(images, h, w, c, rest, scale);
  const diff = new Float32Array(h * w);
  for (let p = 0; p < diff.length; p++) diff[p] = flaggedMean[p] - classMean[p];
  const hotspot = flagged.length && rest.length ? brightestWindow(diff, h, w, sizes) : null;
  return { diff, flaggedMean, classMean, h, w, hotspot };
}

function checkRow(r: number, n: number): void {
  if (!Number.isInteger(r) || r < 0 || r >= n)
    throw new RangeError(`triggerDiff: row ${r} outside 0..${n - 1}`);
}

/** Mean grey image of `rows`; all zeros when `rows` is empty. */
function greyMean(
  images: ArrayLike<number>,
  h: number,
  w: number,
  c: number,
  rows: readonly number[],
  scale: number,
): Float32Array {
  const pixels = h * w;
  // Float64 sums: 60k images × 255 would lose precision in float32.
  const sum = new Float64Array(pixels);
  for (const r of rows) {
    let o = r * pixels * c;
    for (let p = 0; p < pixels; p++) {
      let g = 0;
      for (let ch = 0; ch < c; ch++) g += images[o++];
      sum[p] += g;
    }
  }
  const mean = new Float32Array(pixels);
  if (rows.length === 0) return mean;
  const k = 1 / (rows.length * c * scale);
  for (let p = 0; p < pixels; p++) mean[p] = sum[p] * k;
  return mean;
}

/**
 * The k×k window (k in `sizes`) that stands out most in `diff` (h×w row-major).
 *
 * Windows of different sizes are compared by sum / k, i.e. the window's mean times √area: under
 * pixel noise of equal spread this is a z-score, so a uniform 3×3 patch beats the 2×2 windows
 * inside it (which have the same mean) and the 4×4 windows around it (which dilute it). A plain
 * mean would tie every window inside the patch. Ties keep the first: smallest size, top-left.
 */
export function brightestWindow(
  diff: ArrayLike<number>,
  h: number,
  w: number,
  sizes: readonly number[] = DEFAULT_WINDOW_SIZES,
): Hotspot {
  if (diff.length < h * w) throw new RangeError(`brightestWindow: ${diff.length} values for ${h}×${w}`);
  // Summed-area table with a zero border: window sums in O(1).
  const W = w + 1;
  const sat = new Float64Array((h + 1) * W);
  for (let y = 0; y < h; y++) {
    let rowSum = 0;
    for (let x = 0; x < w; x++) {
      const v = diff[y * w + x];
      rowSum += Number.isFinite(v) ? v : 0;
      sat[(y + 1) * W + x + 1] = sat[y * W + x + 1] + rowSum;
    }
  }
  let best: Hotspot | null = null;
  let bestScore = -Infinity;
  for (const k of sizes) {
    if (!Number.isInteger(k) || k < 1 || k > h || k > w) continue;
    for (let y = 0; y + k <= h; y++) {
      for (let x = 0; x + k <= w; x++) {
        const s = sat[(y + k) * W + x + k] - sat[y * W + x + k] - sat[(y + k) * W + x] + sat[y * W + x];
        const score = s / k;
        if (score > bestScore) {
          bestScore = score;
          best = { row: y, col: x, size: k, meanDiff: s / (k * k) };
        }
      }
    }
  }
  if (!best) {
    // No size fits (the image is smaller than every window): the whole image is the window.
    const k = Math.min(h, w);
    let s = 0;
    for (let y = 0; y < k; y++) for (let x = 0; x < k; x++) s += diff[y * w + x];
    best = { row: 0, col: 0, size: k, meanDiff: k ? s / (k * k) : 0 };
  }
  return best;
}
