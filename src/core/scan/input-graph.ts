// The input-graph stage: a kNN graph on the raw features, built off-thread while the probe trains
// where the environment offers a way, else here after the probe.
import { inputNeighbourGraph } from '../layout/input-graph';
import type { InputGraphDone, InputGraphJob, InputGraphRunner, KnnGraph } from '../types';
import type { Featured } from './features';
import type { Embedded } from './probe';
import { now, type ScanRun } from './run';

/**
 * From this many rows on, the input graph is built off-thread when the environment offers a way
 * (RunControl.inputGraph): below it the job takes well under a second, less than starting a worker.
 */
const OFF_THREAD_MIN_ROWS = 5_000;

/** The input graph built on another thread, and the time this thread spent starting it. */
export interface OffThreadGraph {
  pending: Promise<InputGraphDone | null>;
  startMs: number;
}

/**
 * The input graph needs only the features: where the environment can build it on another thread,
 * it does so while the probe trains (the same graph as inputGraphStage builds here).
 */
export function startInputGraphStage(featured: Featured, k: number, run: ScanRun): OffThreadGraph | null {
  const { n, features, probeTrains } = featured;
  const t0 = now();
  const { inputGraph } = run.control;
  const pending =
    probeTrains && inputGraph && n >= OFF_THREAD_MIN_ROWS
      ? startInputGraph(inputGraph, { x: features.x, n, k, seed: run.settings.seed }, run.signal)
      : null;
  return pending && { pending, startMs: now() - t0 };
}

/**
 * Starts the input graph on another thread; resolves with null when that fails, so the scan
 * builds it itself.
 */
function startInputGraph(
  run: InputGraphRunner,
  job: InputGraphJob,
  signal: AbortSignal,
): Promise<InputGraphDone | null> {
  try {
    return run(job, signal).catch(() => null);
  } catch {
    return Promise.resolve(null);
  }
}

/**
 * A second graph on the raw features (PCA to ≤ 32 dims): what the inputs themselves resemble,
 * before the probe learned anything (see detect/support-gap.ts). Without a probe the embeddings
 * already are the raw features: the same graph, not built twice.
 */
export async function inputGraphStage(
  featured: Featured,
  embedded: Embedded,
  knn: KnnGraph,
  offThread: OffThreadGraph | null,
  k: number,
  run: ScanRun,
): Promise<KnnGraph> {
  const { timings, control, settings } = run;
  const knnProgress = run.progress('knn');
  // Built off-thread: waited for (usually done by now). "input graph" is the time this thread
  // spent on it (starting the worker and waiting), its parts the time the work took there.
  let t0 = now();
  if (offThread) knnProgress({ fraction: 0.5, detail: 'inputs' });
  const done = offThread && (await offThread.pending);
  if (done) {
    timings['input graph'] = offThread.startMs + (now() - t0);
    timings['input graph: pca (off-thread)'] = done.pcaMs;
    timings['input graph: knn (off-thread)'] = done.knnMs;
    knnProgress({ fraction: 1, detail: 'inputs' });
    return done.graph;
  }
  if (embedded.embeddingsAreRaw) return knn;
  t0 = now();
  knnProgress({ fraction: 0.5, detail: 'inputs (PCA)' });
  const inputSpace = featured.rawFeatures();
  timings['input pca'] = now() - t0;
  t0 = now();
  const inputKnn = inputNeighbourGraph(inputSpace, featured.n, k, settings.seed, {
    ...control,
    onProgress: (p) => knnProgress({ fraction: 0.5 + p.fraction / 2, detail: 'inputs' }),
  });
  timings['input knn'] = now() - t0;
  return inputKnn;
}
