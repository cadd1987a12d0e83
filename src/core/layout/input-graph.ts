// The "input graph": a kNN graph over the raw features, PCA-reduced to ≤ 32 dims — what the inputs
// themselves resemble, before the probe learned anything (see detect/support-gap.ts). It depends
// only on the features, so the scan can build it on another thread while the probe trains: this
// module is that job, free of tfjs and of any environment, for the pipeline and for the workers
// that run it off-thread (workers/input-graph.worker.ts, cli/input-graph.worker.mjs).
import { mulberry32, sampleIndices, subSeed } from '../random';
import type { InputGraphJob, KnnGraph, RunControl } from '../types';
import { buildKnn } from './knn';
import { nnDescent } from './nn-descent';
import { pca, pcaRows, projectRows } from './pca';

/** Dimensions of the raw-feature space the input graph is built in. */
export const INPUT_GRAPH_DIMS = 32;
/**
 * The raw-feature PCA is fitted on at most this many rows (a seeded sample) and then projects
 * every row. On fashion-60k (784 pixels) the fit on all rows took ~80 s of CPU, on 10,000 ~5 s
 * plus ~2 s to project; the input graphs of the two agree on 93 % of their neighbours (NN-descent
 * included), and a planted trigger was found as well as before.
 */
const PCA_FIT_ROWS = 10_000;

/**
 * Above this many rows the kNN graphs are built by NN-descent (approximate) instead of exactly.
 * Measured on fashion-60k (k = 10): exact search took 83 s of CPU on the 64-d embeddings and
 * 52 s on the 32-d inputs (trained embeddings and pixels are too spread out for its pruning);
 * NN-descent 4 s and 3 s, finding 98 % of the exact neighbours in both. Reducing the embeddings
 * to 32 dims by PCA first would have kept only 82 % of them. At 20,000 rows exact search costs
 * ~9 s, so smaller data keeps exact graphs.
 */
const EXACT_KNN_MAX_ROWS = 20_000;

export function neighbourGraph(
  data: Float32Array,
  n: number,
  dim: number,
  k: number,
  seed: number,
  control: RunControl,
): KnnGraph {
  if (n <= EXACT_KNN_MAX_ROWS) return buildKnn(data, n, dim, k, control);
  return nnDescent(data, n, dim, k, { seed }, control);
}

/**
 * PCA of the n × (x.length / n) feature matrix `x` to ≤ outDim dims: the input graph's space, and
 * the embeddings when no probe can be trained. Above PCA_FIT_ROWS rows fitted on a seeded sample.
 */
export function featureEmbeddings(
  x: Float32Array,
  n: number,
  outDim: number,
  seed: number,
): { data: Float32Array; dim: number } {
  const d = x.length / Math.max(1, n);
  const k = Math.min(outDim, d);
  if (n <= PCA_FIT_ROWS) {
    const p = pca(x, n, d, k, seed);
    return { data: p.projected, dim: p.outDim };
  }
  const sample = sampleIndices(n, PCA_FIT_ROWS, mulberry32(subSeed(seed, 6))).sort();
  const fit = pcaRows(x, d, sample, PCA_FIT_ROWS, k, seed);
  return { data: projectRows(x, n, d, fit), dim: fit.outDim };
}

/** The input graph's kNN graph on an already reduced space (seeded from the scan's seed). */
export function inputNeighbourGraph(
  space: { data: Float32Array; dim: number },
  n: number,
  k: number,
  seed: number,
  control: RunControl = {},
): KnnGraph {
  return neighbourGraph(space.data, n, space.dim, k, subSeed(seed, 8), control);
}

/** The whole job in the calling thread: what an off-thread runner computes and returns. */
export function computeInputGraph(job: InputGraphJob): { graph: KnnGraph; pcaMs: number; knnMs: number } {
  let t0 = performance.now();
  const space = featureEmbeddings(job.x, job.n, INPUT_GRAPH_DIMS, job.seed);
  const pcaMs = performance.now() - t0;
  t0 = performance.now();
  const graph = inputNeighbourGraph(space, job.n, job.k, job.seed);
  return { graph, pcaMs, knnMs: performance.now() - t0 };
}
