// The kNN stage: one graph on the embeddings, shared by the detectors and the map.
import { featureEmbeddings, neighbourGraph } from '../layout/input-graph';
import { subSeed } from '../random';
import type { KnnGraph } from '../types';
import type { Embedded } from './probe';
import type { Featured } from './features';
import { now, type ScanRun } from './run';

/**
 * Past this many rows, embeddings wider than KNN_PCA_DIMS get their kNN graph in a PCA of that
 * many dimensions (fitted on a 10,000-row sample, as the input graph's): NN-descent's cost grows
 * with the width, and at 300,000 × 384 it took 454 s of a 12-minute scan. The detectors still
 * read the full embeddings; the graph's distances (kNN outlier, near duplicates) are the PCA's.
 */
export const KNN_PCA_MIN_ROWS = 200_000;
export const KNN_PCA_DIMS = 64;

/** kNN graph on the embeddings, shared by the detectors and the map. */
export function knnStage(featured: Featured, embedded: Embedded, k: number, run: ScanRun): KnnGraph {
  const t0 = now();
  const knnProgress = run.progress('knn');
  let space = { data: embedded.embeddings, dim: embedded.dim };
  if (featured.n > KNN_PCA_MIN_ROWS && embedded.dim > KNN_PCA_DIMS) {
    knnProgress({ fraction: 0, detail: `PCA to ${KNN_PCA_DIMS} dimensions` });
    space = featureEmbeddings(embedded.embeddings, featured.n, KNN_PCA_DIMS, subSeed(run.settings.seed, 9));
    run.timings['knn: pca'] = now() - t0;
  }
  const knn = neighbourGraph(space.data, featured.n, space.dim, k, subSeed(run.settings.seed, 7), {
    ...run.control,
    onProgress: (p) => knnProgress({ fraction: p.fraction / 2, detail: 'embeddings' }),
  });
  run.timings.knn = now() - t0;
  return knn;
}
