// How well a 2-D layout keeps neighbourhoods: for each point, the share of its k nearest input
// neighbours that are also among its k nearest points in the layout, averaged over the points
// (the measure the scale issue quotes: 0.104 for umap-js on 60k Fashion-MNIST). The 2-D
// neighbours are exact, found on a uniform grid searched ring by ring.
import { CancelledError, type KnnGraph, type RunControl } from '../types';
import { buildKnn } from './knn';

/** Input neighbours: a kNN graph, or the features themselves (an exact kNN is built from them). */
export type NeighbourReference = KnnGraph | { data: Float32Array; dim: number };

/**
 * Mean fraction of each point's k input neighbours kept among its k nearest in `positions`
 * (n×2). k is capped by the reference graph's k and by n − 1; with nothing to compare (n ≤ 1 or
 * k = 0) the answer is 1.
 */
export function neighbourPreservation(
  reference: NeighbourReference,
  positions: Float32Array,
  k = 15,
  control: RunControl = {},
): number {
  const scores = neighbourPreservationPerPoint(reference, positions, k, control);
  if (scores.length === 0) return 1;
  let s = 0;
  for (let i = 0; i < scores.length; i++) s += scores[i];
  return s / scores.length;
}

/** The per-point fractions behind neighbourPreservation (empty when there is nothing to compare). */
export function neighbourPreservationPerPoint(
  reference: NeighbourReference,
  positions: Float32Array,
  k = 15,
  control: RunControl = {},
): Float32Array {
  const n = positions.length >> 1;
  const graph =
    'indices' in reference
      ? reference
      : buildKnn(reference.data, n, reference.dim, Math.min(k, n - 1), control);
  const kk = Math.min(Math.floor(k), graph.k, n - 1);
  if (kk <= 0) return new Float32Array(0);
  const layout = knn2d(positions, kk, control);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let kept = 0;
    const o = i * graph.k;
    for (let s = 0; s < kk; s++) {
      const j = graph.indices[o + s];
      for (let t = 0; t < kk; t++)
        if (layout.indices[i * kk + t] === j) {
          kept++;
          break;
        }
    }
    out[i] = kept / kk;
  }
  return out;
}

/** Exact k nearest neighbours in 2-D (self excluded, nearest first, ties by index). */
export function knn2d(positions: Float32Array, k: number, control: RunControl = {}): KnnGraph {
  const n = positions.length >> 1;
  const kk = Math.max(0, Math.min(Math.floor(k), n - 1));
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  if (kk === 0) return { k: kk, indices, distances };
  // Non-finite coordinates are read as 0 so one bad point cannot break the grid.
  const xy = new Float64Array(n * 2);
  for (let i = 0; i < n * 2; i++) xy[i] = Number.isFinite(positions[i]) ? positions[i] : 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, xy[2 * i]);
    maxX = Math.max(maxX, xy[2 * i]);
    minY = Math.min(minY, xy[2 * i + 1]);
    maxY = Math.max(maxY, xy[2 * i + 1]);
  }
  // About two points per cell on average.
  const side = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
  const cell = Math.max(maxX - minX, maxY - minY, 1e-12) / side;
  const cellX = (x: number) => Math.min(side - 1, Math.floor((x - minX) / cell));
  const cellY = (y: number) => Math.min(side - 1, Math.floor((y - minY) / cell));
  const start = new Int32Array(side * side + 1);
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cellOf[i] = cellY(xy[2 * i + 1]) * side + cellX(xy[2 * i]);
    start[cellOf[i] + 1]++;
  }
  for (let c = 0; c < side * side; c++) start[c + 1] += start[c];
  const members = new Int32Array(n);
  const fill = start.slice(0, side * side);
  for (let i = 0; i < n; i++) members[fill[cellOf[i]]++] = i;

  const bd = new Float64Array(kk);
  const bi = new Int32Array(kk);
  for (let i = 0; i < n; i++) {
    if ((i & 4095) === 0 && control.isCancelled?.()) throw new CancelledError();
    const px = xy[2 * i];
    const py = xy[2 * i + 1];
    const cx = cellX(px);
    const cy = cellY(py);
    bd.fill(Infinity);
    bi.fill(0x7fffffff);
    for (let r = 0; ; r++) {
      const x0 = cx - r;
      const x1 = cx + r;
      const y0 = cy - r;
      const y1 = cy + r;
      for (let gy = Math.max(0, y0); gy <= Math.min(side - 1, y1); gy++) {
        // On the ring's top and bottom rows every cell; on the others only the two ends.
        const edgeRow = gy === y0 || gy === y1;
        for (let gx = Math.max(0, x0); gx <= Math.min(side - 1, x1); gx++) {
          if (!edgeRow && gx !== x0 && gx !== x1) {
            gx = x1 - 1;
            continue;
          }
          const c = gy * side + gx;
          for (let m = start[c]; m < start[c + 1]; m++) {
            const j = members[m];
            if (j === i) continue;
            const dx = xy[2 * j] - px;
            const dy = xy[2 * j + 1] - py;
            const d = dx * dx + dy * dy;
            if (d > bd[kk - 1] || (d === bd[kk - 1] && j >= bi[kk - 1])) continue;
            let p = kk - 1;
            while (p > 0 && (bd[p - 1] > d || (bd[p - 1] === d && bi[p - 1] > j))) {
              bd[p] = bd[p - 1];
              bi[p] = bi[p - 1];
              p--;
            }
            bd[p] = d;
            bi[p] = j;
          }
        }
      }
      if (x0 <= 0 && y0 <= 0 && x1 >= side - 1 && y1 >= side - 1) break;
      // Anything outside the searched square is at least this far away.
      const gap = Math.min(
        px - (minX + x0 * cell),
        minX + (x1 + 1) * cell - px,
        py - (minY + y0 * cell),
        minY + (y1 + 1) * cell - py,
      );
      if (gap > 0 && gap * gap > bd[kk - 1]) break;
    }
    for (let s = 0; s < kk; s++) {
      indices[i * kk + s] = bi[s];
      distances[i * kk + s] = Math.sqrt(bd[s]);
    }
  }
  return { k: kk, indices, distances };
}
