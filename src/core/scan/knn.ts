// The kNN stage: one graph on the embeddings, shared by the detectors and the map.
import { neighbourGraph } from '../layout/input-graph';
import { subSeed } from '../random';
import type { KnnGraph } from '../types';
import type { Embedded } from './probe';
import type { Featured } from './features';
import { now, type ScanRun } from './run';

/** kNN graph on the embeddings, shared by the detectors and the map. */
export function knnStage(featured: Featured, embedded: Embedded, k: number, run: ScanRun): KnnGraph {
  const t0 = now();
  const knnProgress = run.progress('knn');
  const knn = neighbourGraph(
    embedded.embeddings,
    featured.n,
    embedded.dim,
    k,
    subSeed(run.settings.seed, 7),
    {
      ...run.control,
      onProgress: (p) => knnProgress({ fraction: p.fraction / 2, detail: 'embeddings' }),
    },
  );
  run.timings.knn = now() - t0;
  return knn;
}
