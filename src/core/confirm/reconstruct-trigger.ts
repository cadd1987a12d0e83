// Where and what do the images of a suspect cluster share that nothing else does? A BadNets
// trigger is the same pixels on every poisoned image, images taken from the other classes and
// relabelled. Where the trigger sits, the cluster's mean differs from the mean of the class it
// claims AND from the mean of the other classes it was taken from, AND the cluster hardly varies.
// Natural differences fail one of these: a cluster of relabelled coats and shoes looks like the
// other classes; a mode of the class looks like its class; shapes vary inside the cluster. So each
// pixel scores min(|cluster − class|, |cluster − others|) / (cluster spread + SPREAD_FLOOR), and
// the trigger is the k×k window (k = 2..6) with the highest score, compared across sizes as in
// trigger/trigger-diff.ts. Its pattern is the cluster's mean pixels in that window.
//
// Measured on 2,000 Fashion-MNIST images, 20 patches at random settings (size 2–5, any place,
// solid/checker/random, grey level 0, 0.6 or 1) on 3 % of the rows (2026-11-22): the brightest
// window of cluster − class alone overlapped 5 of the 20 patches (2 with IoU ≥ 0.5; dark, grey and
// checkered ones and those inside the class's shape were missed); this score overlapped all 20,
// 18 exactly and 2 as a window inside a dark patch (IoU ≥ 0.64).
import { brightestWindow, DEFAULT_WINDOW_SIZES, triggerDiff } from '../trigger/trigger-diff';
/**
 * Grey levels added to the cluster's spread before dividing: keeps pixels that are constant in
 * both groups (a black border) at score 0 and caps how much a constant pixel can score.
 */
const SPREAD_FLOOR = 0.1;

export interface ReconstructedTrigger {
  /** Top-left pixel and side of the square the trigger occupies. */
  top: number;
  left: number;
  size: number;
  channels: number;
  /** The trigger's pixels: the cluster's mean, size×size×channels row-major, in [0, 1]. */
  pattern: Float32Array;
  /** Cluster mean − class mean (grey), h×w: the picture the analyst sees. */
  diff: Float32Array;
  /** The per-pixel score the window was chosen on, h×w. */
  score: Float32Array;
  h: number;
  w: number;
  /** Mean |cluster mean − class mean| inside the window (grey levels). */
  meanDiff: number;
  /** Mean grey spread (standard deviation) of the cluster inside the window. */
  clusterSpread: number;
}

export interface TriggerReference {
  /** Rows of the class the cluster claims (cluster rows among them are left out). */
  classRows: readonly number[];
  /** Rows of the other classes; without them only the class is compared with. */
  otherRows?: readonly number[];
  /** Window sides tried (default 2..6). */
  sizes?: readonly number[];
}

/** `images` is n×h×w×c (NHWC) with values in [0, 1]. */
export function reconstructTrigger(
  images: Float32Array,
  shape: readonly number[],
  clusterRows: readonly number[],
  reference: TriggerReference,
): ReconstructedTrigger {
  const [h, w, c] = shape;
  const n = Math.floor(images.length / (h * w * c));
  if (!clusterRows.length) throw new RangeError('reconstructTrigger: the cluster is empty');
  const td = triggerDiff(images, n, h, w, c, clusterRows, reference.classRows);
  const others = reference.otherRows?.length
    ? triggerDiff(images, n, h, w, c, clusterRows, reference.otherRows).diff
    : null;
  // The cluster's grey spread per pixel (the means come from triggerDiff).
  const pixels = h * w;
  const sq = new Float64Array(pixels);
  for (const r of clusterRows) {
    for (let p = 0; p < pixels; p++) {
      let g = 0;
      for (let k = 0; k < c; k++) g += images[(r * pixels + p) * c + k];
      const d = g / c - td.flaggedMean[p];
      sq[p] += d * d;
    }
  }
  const score = new Float32Array(pixels);
  const spread = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    spread[p] = Math.sqrt(sq[p] / clusterRows.length);
    const d = others ? Math.min(Math.abs(td.diff[p]), Math.abs(others[p])) : Math.abs(td.diff[p]);
    score[p] = d / (spread[p] + SPREAD_FLOOR);
  }
  const win = brightestWindow(score, h, w, reference.sizes ?? DEFAULT_WINDOW_SIZES);
  const { row: top, col: left, size } = win;
  const pattern = new Float32Array(size * size * c);
  let meanDiff = 0;
  let clusterSpread = 0;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const p = (top + y) * w + left + x;
      meanDiff += Math.abs(td.diff[p]);
      clusterSpread += spread[p];
      for (let k = 0; k < c; k++) {
        let s = 0;
        for (const r of clusterRows) s += images[(r * pixels + p) * c + k];
        pattern[(y * size + x) * c + k] = s / clusterRows.length;
      }
    }
  const area = size * size;
  return {
    top,
    left,
    size,
    channels: c,
    pattern,
    diff: td.diff,
    score,
    h,
    w,
    meanDiff: meanDiff / area,
    clusterSpread: clusterSpread / area,
  };
}

/** A copy of the given rows of `images` (NHWC) with the trigger stamped on each, m×h×w×c. */
export function stampTrigger(
  images: Float32Array,
  shape: readonly number[],
  rows: ArrayLike<number>,
  trigger: Pick<ReconstructedTrigger, 'top' | 'left' | 'size' | 'pattern'>,
): Float32Array {
  const [h, w, c] = shape;
  const per = h * w * c;
  const out = new Float32Array(rows.length * per);
  for (let i = 0; i < rows.length; i++) {
    out.set(images.subarray(rows[i] * per, (rows[i] + 1) * per), i * per);
    for (let y = 0; y < trigger.size; y++)
      for (let x = 0; x < trigger.size; x++)
        for (let k = 0; k < c; k++)
          out[i * per + ((trigger.top + y) * w + trigger.left + x) * c + k] =
            trigger.pattern[(y * trigger.size + x) * c + k];
  }
  return out;
}
