// The whole scan, stage by stage: load -> roles -> features -> probe (K-fold) -> kNN -> detectors
// -> combined suspicion. A pure function of the input files, the settings and the seed: the CLI
// and the page call this same function.
import * as tf from '@tensorflow/tfjs';
import { labelIndex } from './data';
import { combine } from './detect/combine';
import { describeDetectors, detectors, imageDetectors } from './detect/registry';
import { featurize } from './features/featurize';
import { defaultSettings, loadAndInfer, type Inspected, type ScanOutput } from './inspect';
import {
  featureEmbeddings,
  INPUT_GRAPH_DIMS,
  inputNeighbourGraph,
  neighbourGraph,
} from './layout/input-graph';
import { runProbe } from './model/kfold';
import { userModelEmbeddings } from './model/user-model';
import { patchWasmKernels } from './model/wasm-kernels';
import { subSeed } from './random';
import { stageProgress } from './progress';
import { suspicionRanking } from './report/ranking';
import { summarise } from './report/summary';
import type {
  BackendName,
  DetectorInputs,
  InputGraphDone,
  InputGraphJob,
  InputGraphRunner,
  RunControl,
  ScanResult,
  ScanSettings,
  SourceFile,
} from './types';
import { InputError } from './types';

export {
  defaultSettings,
  inspect,
  loadAndInfer,
  summariseDataset,
  type Inspected,
  type ScanOutput,
} from './inspect';

/**
 * From this many rows on, the input graph is built off-thread when the environment offers a way
 * (RunControl.inputGraph): below it the job takes well under a second, less than starting a worker.
 */
const OFF_THREAD_MIN_ROWS = 5_000;

export async function scan(
  files: SourceFile[],
  partial: Partial<ScanSettings> = {},
  control: RunControl = {},
): Promise<ScanOutput> {
  const settings: ScanSettings = { ...defaultSettings, ...partial, roles: { ...partial.roles } };
  return scanLoaded(await loadAndInfer(files, settings.roles, control), settings, control);
}

/** The scan of an already loaded dataset (the worker keeps it loaded for the sample viewer). */
export async function scanLoaded(
  inspected: Inspected,
  settings: ScanSettings,
  control: RunControl = {},
): Promise<ScanOutput> {
  // Stops an off-thread input graph the scan no longer waits for (it failed or was cancelled).
  const abort = new AbortController();
  try {
    return await scanWith(inspected, settings, control, abort.signal);
  } finally {
    abort.abort();
  }
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

async function scanWith(
  inspected: Inspected,
  settings: ScanSettings,
  control: RunControl,
  signal: AbortSignal,
): Promise<ScanOutput> {
  const timings: Record<string, number> = {};
  const progress = stageProgress(control);
  const t = () => performance.now();
  const { loaded, roles, warnings: roleWarnings, summary } = inspected;
  timings.load = inspected.loadMs;
  const warnings = [...loaded.warnings.map((w) => `${w.file}: ${w.message}`), ...roleWarnings];
  const n = loaded.frame.numRows;
  if (n === 0) throw new InputError(loaded.name, 'no samples');

  let t0 = t();
  const features = featurize(loaded.frame, roles, loaded.name, {
    ...control,
    onProgress: progress('features'),
  });
  const { classes, labels } = labelIndex(loaded.frame, roles);
  warnings.push(...features.notes);
  const known = new Set(loaded.rowErrors.map((e) => e.row));
  const rowErrors = [...loaded.rowErrors, ...features.rowErrors.filter((e) => !known.has(e.row))];
  timings.features = t() - t0;

  if (tf.getBackend() === 'wasm') patchWasmKernels();
  const backend = tf.getBackend() as BackendName;

  const c = Math.max(1, classes.length);
  const k = Math.min(settings.k, Math.max(0, n - 1));
  let probs: Float32Array;
  let embeddings: Float32Array;
  let dim: number;
  // PCA of the raw features, computed at most once: the embeddings when no probe can be trained,
  // and the space of the input graph.
  let raw: { data: Float32Array; dim: number } | undefined;
  const rawFeatures = () => (raw ??= featureEmbeddings(features.x, n, INPUT_GRAPH_DIMS, settings.seed));
  let embeddingsAreRaw = false;
  const labelledCount = labels.reduce((s, v) => s + (v >= 0 ? 1 : 0), 0);
  const probeTrains = classes.length >= 2 && labelledCount >= 2 * settings.folds;
  // The input graph needs only the features: where the environment can build it on another
  // thread, it does so while the probe trains (the same graph as built here, see below).
  t0 = t();
  const offThread =
    probeTrains && control.inputGraph && n >= OFF_THREAD_MIN_ROWS
      ? startInputGraph(control.inputGraph, { x: features.x, n, k, seed: settings.seed }, signal)
      : null;
  const inputGraphMs = t() - t0;

  t0 = t();
  if (probeTrains) {
    const out = await runProbe(
      { kind: features.kind, x: features.x, shape: features.shape, n, labels, classes: c },
      { folds: settings.folds, epochs: settings.epochs, seed: settings.seed },
      { ...control, onProgress: progress('train probe') },
    );
    Object.assign(
      timings,
      Object.fromEntries(Object.entries(out.timings).map(([k, v]) => [`probe: ${k}`, v])),
    );
    probs = out.probs;
    embeddings = out.embeddings;
    dim = out.dim;
  } else {
    warnings.push(
      classes.length < 2
        ? `only ${classes.length} class(es) labelled: label checks are impossible; outlier and duplicate checks still run`
        : `too few labelled rows (${labelledCount}) for ${settings.folds}-fold training: label checks skipped`,
    );
    probs = new Float32Array(n * c).fill(1 / c);
    ({ data: embeddings, dim } = rawFeatures());
    embeddingsAreRaw = true;
  }
  if (settings.embeddingSource === 'model') {
    if (!settings.userModel) throw new InputError(loaded.name, 'no model given for the embeddings');
    ({ data: embeddings, dim } = await userModelEmbeddings(
      settings.userModel,
      features.x,
      n,
      features.shape,
      control,
    ));
    embeddingsAreRaw = false;
  }
  if (settings.embeddingSource === 'column') {
    if (!features.userEmbedding) throw new InputError(loaded.name, 'no embedding column to use');
    embeddings = features.userEmbedding.data;
    embeddingsAreRaw = false;
    dim = features.userEmbedding.dim;
  }
  timings.probe = t() - t0;

  t0 = t();
  const knnProgress = progress('knn');
  const knn = neighbourGraph(embeddings, n, dim, k, subSeed(settings.seed, 7), {
    ...control,
    onProgress: (p) => knnProgress({ fraction: p.fraction / 2, detail: 'embeddings' }),
  });
  timings.knn = t() - t0;
  // A second graph on the raw features (PCA to ≤ 32 dims): what the inputs themselves resemble,
  // before the probe learned anything (see detect/support-gap.ts).
  // Without a probe the embeddings already are the raw features: the same graph, not built twice.
  let inputKnn = knn;
  // Built off-thread: waited for (usually done by now). "input graph" is the time this thread
  // spent on it (starting the worker and waiting), its parts the time the work took there.
  t0 = t();
  if (offThread) knnProgress({ fraction: 0.5, detail: 'inputs' });
  const done = offThread && (await offThread);
  if (done) {
    inputKnn = done.graph;
    timings['input graph'] = inputGraphMs + (t() - t0);
    timings['input graph: pca (off-thread)'] = done.pcaMs;
    timings['input graph: knn (off-thread)'] = done.knnMs;
    knnProgress({ fraction: 1, detail: 'inputs' });
  } else if (!embeddingsAreRaw) {
    t0 = t();
    knnProgress({ fraction: 0.5, detail: 'inputs (PCA)' });
    const inputSpace = rawFeatures();
    timings['input pca'] = t() - t0;
    t0 = t();
    inputKnn = inputNeighbourGraph(inputSpace, n, k, settings.seed, {
      ...control,
      onProgress: (p) => knnProgress({ fraction: 0.5 + p.fraction / 2, detail: 'inputs' }),
    });
    timings['input knn'] = t() - t0;
  }

  const annotatorCol = loaded.frame.columns.find((col) => roles[col.name] === 'annotator');
  const inputs: DetectorInputs = {
    n,
    c,
    classes,
    labels,
    probs,
    embeddings,
    dim,
    knn,
    inputKnn,
    contentHash: features.contentHash,
    annotators: annotatorCol
      ? Array.from(annotatorCol.values as ArrayLike<unknown>, (v) =>
          v === null || v === undefined || v === '' ? null : String(v),
        )
      : null,
  };
  const report = progress('detectors');
  const results = [];
  for (let d = 0; d < detectors.length; d++) {
    t0 = t();
    report({ fraction: d / detectors.length, detail: detectors[d].name });
    results.push(detectors[d].run(inputs));
    timings[`detector: ${detectors[d].name}`] = t() - t0;
  }
  if (features.kind === 'image' && features.shape.length === 3) {
    // A second pass over the first's trigger groups and the images themselves.
    const images = { x: features.x, shape: features.shape };
    for (const d of imageDetectors) {
      t0 = t();
      results.push(d.run(inputs, images, [...results]));
      timings[`detector: ${d.name}`] = t() - t0;
    }
  }
  const combined = combine(results, n);
  // An undecodable row cannot be vetted: it gets maximum suspicion and says why.
  for (const e of rowErrors) {
    combined.suspicion[e.row] = 1;
    combined.flagged[e.row] = 1;
    combined.reasons[e.row] = [{ detector: 'load', tag: '', text: e.message }, ...combined.reasons[e.row]];
  }
  control.onProgress?.({ stage: 'done', fraction: 1 });

  const idCol = loaded.frame.columns.find((col) => roles[col.name] === 'id');
  const ids = Array.from({ length: n }, (_, i) => {
    const v = idCol?.values[i];
    return v === null || v === undefined ? String(i) : String(v);
  });
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (probs[i * c + j] > probs[i * c + best]) best = j;
    predicted[i] = best;
  }
  const { annotators, perClass } = summarise(inputs, results, combined.flagged);
  const result: ScanResult = {
    n,
    ids,
    classes,
    labels,
    predicted,
    probs,
    embeddings,
    dim,
    knn,
    detectors: results,
    detectorInfo: describeDetectors(),
    suspicion: combined.suspicion,
    ranking: suspicionRanking(combined.suspicion),
    flagged: combined.flagged,
    reasons: combined.reasons,
    annotators,
    sampleAnnotators: inputs.annotators,
    perClass,
    backend,
    settings,
    timings,
    warnings,
  };
  return { dataset: { ...summary, rowErrors }, result };
}
