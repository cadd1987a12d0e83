// Starting positions for the UMAP layout. The optimiser only moves points locally, so where the
// clusters start largely decides where they end up: a global starting picture (the graph's
// spectral embedding, or a PCA of the input features) gives better-preserved neighbourhoods in
// fewer epochs than uniform noise. All three are scaled like umap-learn's: largest |coordinate|
// 10, plus a little seeded noise so coincident starts separate.
import { gaussian, mulberry32 } from '../random';
import type { FuzzyGraph } from './fuzzy-graph';
import { pca, pcaRows, projectRows, symmetricEigen } from './pca';

const MAX_COORD = 10;
const NOISE = 1e-4;

/** Uniform in [−10, 10]², umap-js's default. */
export function randomInit(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const out = new Float32Array(n * 2);
  for (let i = 0; i < out.length; i++) out[i] = rand() * 20 - 10;
  return out;
}

/**
 * Past this many points the PCA start's directions are fitted on PCA_START_SAMPLE rows drawn at
 * random (every row is still projected on them). The start only has to place the clusters
 * roughly; fitting on all of a 1M × 384 embedding column means several passes over 1.43 GB and an
 * n × 10 float64 sketch (80 MB). Up to 200,000 points (the layouts measured in bench/umap.ts) the
 * fit uses every row, as before.
 */
export const PCA_START_FULL_FIT_MAX = 200_000;
export const PCA_START_SAMPLE = 100_000;

/** First two principal components of the input features. */
export function pcaInit(data: Float32Array, n: number, dim: number, seed: number): Float32Array {
  let projected: Float32Array;
  let outDim: number;
  if (n > PCA_START_FULL_FIT_MAX) {
    const fit = pcaRows(data, dim, sampleRows(n, PCA_START_SAMPLE, seed), n, 2, seed);
    projected = projectRows(data, n, dim, fit);
    outDim = fit.outDim;
  } else {
    const p = pca(data, n, dim, 2, seed);
    projected = p.projected;
    outDim = p.outDim;
  }
  const out = new Float32Array(n * 2);
  // Fewer than two input dimensions: the missing coordinate stays 0 (the noise separates points).
  for (let i = 0; i < n; i++) for (let c = 0; c < outDim; c++) out[i * 2 + c] = projected[i * outDim + c];
  return noisyScale(out, seed);
}

/** `m` distinct row indices of `n`, seeded, in increasing order (so the fit reads rows in order). */
export function sampleRows(n: number, m: number, seed: number): Int32Array {
  if (m >= n) return Int32Array.from({ length: n }, (_, i) => i);
  // Floyd's algorithm: m draws, each distinct, without an n-sized array.
  const rand = mulberry32(seed ^ 0x5bd1e995);
  const chosen = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = Math.floor(rand() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}

export interface SpectralOptions {
  seed: number;
  /** Power iterations (each one sparse mat-vec with the block of 4 vectors). Default 32. */
  iterations?: number;
  /** Polled every few iterations; stop early (the current iterate is still a usable start). */
  shouldStop?: () => boolean;
}

/** Vectors iterated together: the 2 wanted plus 2 that speed up their convergence. */
const BLOCK = 4;

/**
 * Approximate spectral embedding: the 2nd and 3rd eigenvectors of the normalised adjacency
 * D^−½ W D^−½ (equivalently the smallest non-trivial ones of the normalised Laplacian, what
 * umap-learn's spectral init computes with ARPACK), found by block power iteration on
 * (I + D^−½ W D^−½)/2 with the trivial eigenvector D^½·1 projected out and a Rayleigh–Ritz step
 * at the end. It is not run to convergence: a few dozen iterations already give the global
 * arrangement of the clusters, which is all the optimiser needs. Returns null for a graph without
 * edges.
 */
export function spectralInit(graph: FuzzyGraph, opts: SpectralOptions): Float32Array | null {
  const { n, rowPtr, cols, weights } = graph;
  if (n < 3 || rowPtr[n] === 0) return null;
  const iterations = opts.iterations ?? 32;
  const invSqrtDeg = new Float64Array(n);
  const trivial = new Float64Array(n);
  let trivialNorm = 0;
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) d += weights[e];
    invSqrtDeg[i] = d > 0 ? 1 / Math.sqrt(d) : 0;
    trivial[i] = Math.sqrt(d);
    trivialNorm += d;
  }
  trivialNorm = Math.sqrt(trivialNorm);
  for (let i = 0; i < n; i++) trivial[i] /= trivialNorm;
  // Entries of D^−½ W D^−½, so a mat-vec is one multiply-add per edge and vector.
  const normalised = new Float64Array(weights.length);
  for (let i = 0; i < n; i++)
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++)
      normalised[e] = weights[e] * invSqrtDeg[i] * invSqrtDeg[cols[e]];

  // The block, interleaved: v[i*BLOCK + c] is point i of vector c, so one pass over the edges
  // updates all four vectors from contiguous memory.
  const g = gaussian(mulberry32(opts.seed));
  let v = new Float64Array(n * BLOCK);
  for (let i = 0; i < v.length; i++) v[i] = g();
  let w = new Float64Array(n * BLOCK);
  orthonormalise(v, n, trivial);
  for (let it = 0; it < iterations; it++) {
    applyShifted(rowPtr, cols, normalised, v, w);
    [v, w] = [w, v];
    orthonormalise(v, n, trivial);
    if (it % 8 === 7 && opts.shouldStop?.()) break;
  }
  // Rayleigh–Ritz: the best two directions within the block, ordered by eigenvalue.
  applyShifted(rowPtr, cols, normalised, v, w);
  const h = new Float64Array(BLOCK * BLOCK);
  for (let a = 0; a < BLOCK; a++)
    for (let b = a; b < BLOCK; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[i * BLOCK + a] * w[i * BLOCK + b];
      h[a * BLOCK + b] = s;
      h[b * BLOCK + a] = s;
    }
  const ritz = symmetricEigen(h, BLOCK);
  const out = new Float32Array(n * 2);
  for (let c = 0; c < 2; c++) {
    const vec = ritz.vectors.subarray(c * BLOCK, c * BLOCK + BLOCK);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < BLOCK; a++) s += vec[a] * v[i * BLOCK + a];
      out[i * 2 + c] = s;
    }
  }
  return noisyScale(out, opts.seed);
}

/** w = (I + D^−½ W D^−½)/2 · v for the four interleaved vectors of the block. */
function applyShifted(
  rowPtr: Int32Array,
  cols: Int32Array,
  normalised: Float64Array,
  v: Float64Array,
  w: Float64Array,
): void {
  const n = rowPtr.length - 1;
  for (let i = 0; i < n; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
      const x = normalised[e];
      const o = cols[e] * BLOCK;
      s0 += x * v[o];
      s1 += x * v[o + 1];
      s2 += x * v[o + 2];
      s3 += x * v[o + 3];
    }
    const o = i * BLOCK;
    w[o] = 0.5 * (v[o] + s0);
    w[o + 1] = 0.5 * (v[o + 1] + s1);
    w[o + 2] = 0.5 * (v[o + 2] + s2);
    w[o + 3] = 0.5 * (v[o + 3] + s3);
  }
}

/** Gram–Schmidt (twice, for stability) of the block's vectors against `fixed` and each other. */
function orthonormalise(v: Float64Array, n: number, fixed: Float64Array): void {
  for (let c = 0; c < BLOCK; c++) {
    for (let pass = 0; pass < 2; pass++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += v[i * BLOCK + c] * fixed[i];
      for (let i = 0; i < n; i++) v[i * BLOCK + c] -= d * fixed[i];
      for (let p = 0; p < c; p++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += v[i * BLOCK + c] * v[i * BLOCK + p];
        for (let i = 0; i < n; i++) v[i * BLOCK + c] -= s * v[i * BLOCK + p];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i * BLOCK + c] ** 2;
    norm = Math.sqrt(norm);
    // A vector that collapsed (graph with fewer non-trivial directions than the block) is left
    // at zero; the Ritz step then simply ignores it.
    const inv = norm > 1e-300 ? 1 / norm : 0;
    for (let i = 0; i < n; i++) v[i * BLOCK + c] *= inv;
  }
}

/** Scales to largest |coordinate| = 10 and adds N(0, 1e−4) noise (umap-learn's noisy_scale_coords). */
export function noisyScale(coords: Float32Array, seed: number): Float32Array {
  let max = 0;
  for (let i = 0; i < coords.length; i++) {
    const v = Math.abs(coords[i]);
    if (v > max && Number.isFinite(v)) max = v;
  }
  const scale = max > 0 ? MAX_COORD / max : 0;
  const g = gaussian(mulberry32(seed ^ 0x9e3779b9));
  for (let i = 0; i < coords.length; i++) {
    const v = Number.isFinite(coords[i]) ? coords[i] * scale : 0;
    coords[i] = v + NOISE * g();
  }
  return coords;
}
