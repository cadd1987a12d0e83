// Starting positions for the UMAP layout. The optimiser only moves points locally, so where the
// clusters start largely decides where they end up: a global starting picture (the graph's
// spectral embedding, or a PCA of the input features) gives better-preserved neighbourhoods in
// fewer epochs than uniform noise. All three are scaled like umap-learn's: largest |coordinate|
// 10, plus a little seeded noise so coincident starts separate.
import { gaussian, mulberry32 } from '../random';
import type { FuzzyGraph } from './fuzzy-graph';
import { pca, symmetricEigen } from './pca';

const MAX_COORD = 10;
const NOISE = 1e-4;

/** Uniform in [−10, 10]², umap-js's default. */
export function randomInit(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const out = new Float32Array(n * 2);
  for (let i = 0; i < out.length; i++) out[i] = rand() * 20 - 10;
  return out;
}

/** First two principal components of the input features. */
export function pcaInit(data: Float32Array, n: number, dim: number, seed: number): Float32Array {
  const p = pca(data, n, dim, 2, seed);
  const out = new Float32Array(n * 2);
  // Fewer than two input dimensions: the missing coordinate stays 0 (the noise separates points).
  for (let i = 0; i < n; i++)
    for (let c = 0; c < p.outDim; c++) out[i * 2 + c] = p.projected[i * p.outDim + c];
  return noisyScale(out, seed);
}

export interface SpectralOptions {
  seed: number;
  /** Power iterations (each is `block` sparse mat-vecs). Default 32. */
  iterations?: number;
  /** Vectors iterated together; more converge faster per iteration. Default 4. */
  block?: number;
  /** Polled every few iterations; stop early (the current iterate is still a usable start). */
  shouldStop?: () => boolean;
}

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
  const { n, rowPtr, weights } = graph;
  if (n < 3 || rowPtr[n] === 0) return null;
  const block = Math.max(2, opts.block ?? 4);
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

  // Block of vectors, column-major: vector c is v[c*n .. c*n+n).
  const g = gaussian(mulberry32(opts.seed));
  let v = new Float64Array(n * block);
  for (let i = 0; i < v.length; i++) v[i] = g();
  let w = new Float64Array(n * block);
  orthonormalise(v, n, block, trivial);
  for (let it = 0; it < iterations; it++) {
    applyShifted(graph, invSqrtDeg, v, w, block);
    [v, w] = [w, v];
    orthonormalise(v, n, block, trivial);
    if (it % 8 === 7 && opts.shouldStop?.()) break;
  }
  // Rayleigh–Ritz: the best two directions within the block, ordered by eigenvalue.
  applyShifted(graph, invSqrtDeg, v, w, block);
  const h = new Float64Array(block * block);
  for (let a = 0; a < block; a++)
    for (let b = a; b < block; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += v[a * n + i] * w[b * n + i];
      h[a * block + b] = s;
      h[b * block + a] = s;
    }
  const ritz = symmetricEigen(h, block);
  const out = new Float32Array(n * 2);
  for (let c = 0; c < 2; c++) {
    const vec = ritz.vectors.subarray(c * block, c * block + block);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < block; a++) s += vec[a] * v[a * n + i];
      out[i * 2 + c] = s;
    }
  }
  return noisyScale(out, opts.seed);
}

/** w = (I + D^−½ W D^−½)/2 · v for every vector of the block. */
function applyShifted(
  graph: FuzzyGraph,
  invSqrtDeg: Float64Array,
  v: Float64Array,
  w: Float64Array,
  block: number,
): void {
  const { n, rowPtr, cols, weights } = graph;
  for (let c = 0; c < block; c++) {
    const o = c * n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let e = rowPtr[i]; e < rowPtr[i + 1]; e++) {
        const j = cols[e];
        s += weights[e] * invSqrtDeg[j] * v[o + j];
      }
      w[o + i] = 0.5 * (v[o + i] + invSqrtDeg[i] * s);
    }
  }
}

/** Gram–Schmidt (twice, for stability) of the block's vectors against `fixed` and each other. */
function orthonormalise(v: Float64Array, n: number, block: number, fixed: Float64Array): void {
  for (let c = 0; c < block; c++) {
    const o = c * n;
    for (let pass = 0; pass < 2; pass++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += v[o + i] * fixed[i];
      for (let i = 0; i < n; i++) v[o + i] -= d * fixed[i];
      for (let p = 0; p < c; p++) {
        const op = p * n;
        let s = 0;
        for (let i = 0; i < n; i++) s += v[o + i] * v[op + i];
        for (let i = 0; i < n; i++) v[o + i] -= s * v[op + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[o + i] * v[o + i];
    norm = Math.sqrt(norm);
    // A vector that collapsed (graph with fewer non-trivial directions than the block) is left
    // at zero; the Ritz step then simply ignores it.
    const inv = norm > 1e-300 ? 1 / norm : 0;
    for (let i = 0; i < n; i++) v[o + i] *= inv;
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
