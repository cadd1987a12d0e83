// UMAP's fuzzy simplicial set: the kNN graph turned into symmetric edge weights in (0, 1].
// Each point i gets a local scale: rho_i (distance to its nearest non-identical neighbour) and
// sigma_i (chosen so Σ_j exp(−(d_ij − rho_i)/sigma_i) = log2(k + 1), the "smooth kNN distance").
// The directed weights w(i→j) = exp(−(d_ij − rho_i)/sigma_i) are combined by fuzzy union,
// w_ij = a + b − a·b with a = w(i→j), b = w(j→i), as in umap-learn and umap-js.
//
// Built straight into CSR (both directions stored) from the N×k lists: the reverse weight of an
// edge is found by scanning the other point's k neighbours, so no sort and no sparse-matrix
// objects are needed.
import type { KnnGraph } from '../types';

/** Symmetric weighted graph in CSR form: row i's neighbours are cols[rowPtr[i] .. rowPtr[i+1]). */
export interface FuzzyGraph {
  n: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  weights: Float32Array;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;
const BINARY_SEARCH_STEPS = 64;

/** True when graph row i, slot s names a usable neighbour (valid index, not i, not repeated in the row). */
function usable(graph: KnnGraph, n: number, i: number, s: number): boolean {
  const k = graph.k;
  const j = graph.indices[i * k + s];
  if (j < 0 || j >= n || j === i || !Number.isFinite(graph.distances[i * k + s])) return false;
  for (let t = 0; t < s; t++) if (graph.indices[i * k + t] === j) return false;
  return true;
}

/** rho (distance to the nearest neighbour at distance > 0) and sigma per point. */
export function smoothKnnDistances(
  graph: KnnGraph,
  n: number,
): { rhos: Float64Array; sigmas: Float64Array; valid: Uint8Array } {
  const k = graph.k;
  const rhos = new Float64Array(n);
  const sigmas = new Float64Array(n);
  const valid = new Uint8Array(n * k);
  const d = new Float64Array(k);
  let globalMean = 0;
  let globalCount = 0;
  for (let i = 0; i < n * k; i++) {
    if (usable(graph, n, Math.floor(i / k), i % k)) {
      valid[i] = 1;
      globalMean += graph.distances[i];
      globalCount++;
    }
  }
  globalMean = globalCount ? globalMean / globalCount : 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    let rho = 0;
    let sum = 0;
    for (let s = 0; s < k; s++) {
      if (!valid[i * k + s]) continue;
      const v = graph.distances[i * k + s];
      d[m++] = v;
      sum += v;
      if (rho === 0 && v > 0) rho = v;
    }
    if (m === 0) {
      sigmas[i] = 1;
      continue;
    }
    // The reference implementations count the point itself among its k neighbours.
    const target = Math.log2(m + 1);
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let step = 0; step < BINARY_SEARCH_STEPS; step++) {
      let psum = 0;
      for (let t = 0; t < m; t++) {
        const x = d[t] - rho;
        psum += x > 0 ? Math.exp(-x / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    // Floor sigma so duplicate-heavy neighbourhoods do not produce infinitely sharp weights.
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? sum / m : globalMean);
    rhos[i] = rho;
    sigmas[i] = Math.max(mid, floor);
  }
  return { rhos, sigmas, valid };
}

/** The symmetric fuzzy union graph of a kNN graph over n points. */
export function fuzzySimplicialSet(graph: KnnGraph, n: number): FuzzyGraph {
  const k = graph.k;
  const { rhos, sigmas, valid } = smoothKnnDistances(graph, n);
  const directed = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < k; s++) {
      const e = i * k + s;
      if (!valid[e]) continue;
      const x = graph.distances[e] - rhos[i];
      directed[e] = x <= 0 ? 1 : Math.exp(-x / sigmas[i]);
      // An underflowed weight is no edge; marking it keeps the two directions consistent.
      if (!(directed[e] > 0)) valid[e] = 0;
    }
  // Slot of i in j's list, or -1: tells whether the edge is mutual.
  const reverseSlot = (i: number, j: number): number => {
    const o = j * k;
    for (let t = 0; t < k; t++) if (valid[o + t] && graph.indices[o + t] === i) return t;
    return -1;
  };
  // Pass 1: row sizes. A mutual pair is written from each side once; a one-sided edge i→j is
  // written to both rows i and j.
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < k; s++) {
      const e = i * k + s;
      if (!valid[e]) continue;
      const j = graph.indices[e];
      rowPtr[i + 1]++;
      if (reverseSlot(i, j) < 0) rowPtr[j + 1]++;
    }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const nnz = rowPtr[n];
  const cols = new Int32Array(nnz);
  const weights = new Float32Array(nnz);
  const fill = rowPtr.slice(0, n);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < k; s++) {
      const e = i * k + s;
      const a = directed[e];
      if (!valid[e]) continue;
      const j = graph.indices[e];
      const r = reverseSlot(i, j);
      if (r >= 0) {
        const b = directed[j * k + r];
        cols[fill[i]] = j;
        weights[fill[i]++] = a + b - a * b;
      } else {
        cols[fill[i]] = j;
        weights[fill[i]++] = a;
        cols[fill[j]] = i;
        weights[fill[j]++] = a;
      }
    }
  return { n, rowPtr, cols, weights };
}
