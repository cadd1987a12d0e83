// The whole scan, stage by stage: load -> roles -> features -> probe (K-fold) -> kNN -> detectors
// -> combined suspicion. A pure function of the input files, the settings and the seed: the CLI
// and the page call this same function.
import * as tf from '@tensorflow/tfjs';
import { labelIndex } from './data';
import { combine, type Combined } from './detect/combine';
import { describeDetectors, detectors, imageDetectors } from './detect/registry';
import { featurize, type Features } from './features/featurize';
import { loadAndInfer, type LoadedWithRoles, type ScanOutput } from './load-and-infer';
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
import { scanSettings } from './scan-settings';
import type {
  BackendName,
  DetectorInputs,
  DetectorResult,
  InputGraphDone,
  InputGraphJob,
  InputGraphRunner,
  KnnGraph,
  RunControl,
  ScanResult,
  ScanSettings,
  SourceFile,
} from './types';
import { InputError } from './types';

export { defaultSettings } from './scan-settings';
export {
  summariseFiles,
  loadAndInfer,
  summariseDataset,
  type LoadedWithRoles,
  type ScanOutput,
} from './load-and-infer';

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
  const settings = scanSettings(partial);
  return scanLoaded(await loadAndInfer(files, settings.roles, control), settings, control);
}

/** The scan of an already loaded dataset (the worker keeps it loaded for the sample viewer). */
export async function scanLoaded(
  prepared: LoadedWithRoles,
  settings: ScanSettings,
  control: RunControl = {},
): Promise<ScanOutput> {
  // Stops an off-thread input graph the scan no longer waits for (it failed or was cancelled).
  const abort = new AbortController();
  try {
    return await scanStages(prepared, newRun(settings, control, abort.signal));
  } finally {
    abort.abort();
  }
}

/** What every stage of one scan shares: its settings and control, and what it has recorded. */
interface ScanRun {
  settings: ScanSettings;
  control: RunControl;
  progress: ReturnType<typeof stageProgress>;
  /** Stage name -> milliseconds, in the order the stages ran. */
  timings: Record<string, number>;
  warnings: string[];
  signal: AbortSignal;
}

function newRun(settings: ScanSettings, control: RunControl, signal: AbortSignal): ScanRun {
  return { settings, control, progress: stageProgress(control), timings: {}, warnings: [], signal };
}

const now = () => performance.now();

/** The stages in order; each is one function below. */
async function scanStages(prepared: LoadedWithRoles, run: ScanRun): Promise<ScanOutput> {
  const n = loadStage(prepared, run);
  const featured = featureStage(prepared, run);
  const backend = backendStage();
  const k = Math.min(run.settings.k, Math.max(0, n - 1));
  const offThread = startInputGraphStage(featured, k, run);
  const embedded = await probeStage(featured, run);
  const knn = knnStage(featured, embedded, k, run);
  const inputKnn = await inputGraphStage(featured, embedded, knn, offThread, k, run);
  const inputs = detectorInputs(prepared, featured, embedded, knn, inputKnn);
  const results = detectorStage(inputs, featured.features, run);
  const combined = combineStage(results, featured.rowErrors, n);
  run.control.onProgress?.({ stage: 'done', fraction: 1 });
  const result = assembleResult(prepared, inputs, results, combined, backend, run);
  return { dataset: { ...prepared.summary, rowErrors: featured.rowErrors }, result };
}

/** Load: the dataset is loaded already; its warnings and time open the scan's. Returns the rows. */
function loadStage(prepared: LoadedWithRoles, run: ScanRun): number {
  const { loaded } = prepared;
  run.timings.load = prepared.loadMs;
  run.warnings.push(...loaded.warnings.map((w) => `${w.file}: ${w.message}`), ...prepared.warnings);
  const n = loaded.frame.numRows;
  if (n === 0) throw new InputError(loaded.name, 'no samples');
  return n;
}

/** The featurised rows, their labels, and every row that could not be read. */
interface Featured {
  /** The dataset's name, for input errors. */
  name: string;
  n: number;
  features: Features;
  classes: string[];
  labels: Int32Array;
  /** Number of classes, at least 1. */
  c: number;
  rowErrors: { row: number; message: string }[];
  /** Whether there are enough labelled rows and classes to train the probe. */
  probeTrains: boolean;
  labelledCount: number;
  /**
   * PCA of the raw features, computed at most once: the embeddings when no probe can be trained,
   * and the space of the input graph.
   */
  rawFeatures: () => { data: Float32Array; dim: number };
}

function featureStage(prepared: LoadedWithRoles, run: ScanRun): Featured {
  const { loaded, roles } = prepared;
  const { settings } = run;
  const n = loaded.frame.numRows;
  const t0 = now();
  const features = featurize(loaded.frame, roles, loaded.name, {
    ...run.control,
    onProgress: run.progress('features'),
  });
  const { classes, labels } = labelIndex(loaded.frame, roles);
  run.warnings.push(...features.notes);
  const known = new Set(loaded.rowErrors.map((e) => e.row));
  const rowErrors = [...loaded.rowErrors, ...features.rowErrors.filter((e) => !known.has(e.row))];
  run.timings.features = now() - t0;
  const labelledCount = labels.reduce((s, v) => s + (v >= 0 ? 1 : 0), 0);
  let raw: { data: Float32Array; dim: number } | undefined;
  return {
    name: loaded.name,
    n,
    features,
    classes,
    labels,
    c: Math.max(1, classes.length),
    rowErrors,
    probeTrains: classes.length >= 2 && labelledCount >= 2 * settings.folds,
    labelledCount,
    rawFeatures: () => (raw ??= featureEmbeddings(features.x, n, INPUT_GRAPH_DIMS, settings.seed)),
  };
}

/** The tfjs backend the probe trains on, with Assay's wasm kernels where it is wasm. */
function backendStage(): BackendName {
  if (tf.getBackend() === 'wasm') patchWasmKernels();
  return tf.getBackend() as BackendName;
}

/** The input graph built on another thread, and the time this thread spent starting it. */
interface OffThreadGraph {
  pending: Promise<InputGraphDone | null>;
  startMs: number;
}

/**
 * The input graph needs only the features: where the environment can build it on another thread,
 * it does so while the probe trains (the same graph as inputGraphStage builds here).
 */
function startInputGraphStage(featured: Featured, k: number, run: ScanRun): OffThreadGraph | null {
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

/** Out-of-fold probabilities and the embeddings the kNN graph is built on. */
interface Embedded {
  probs: Float32Array;
  embeddings: Float32Array;
  dim: number;
  /** The embeddings are the raw features' PCA (no probe, no model, no column). */
  embeddingsAreRaw: boolean;
}

async function probeStage(featured: Featured, run: ScanRun): Promise<Embedded> {
  const { settings, control, timings } = run;
  const { n, c, features, labels, classes } = featured;
  const t0 = now();
  let embedded: Embedded;
  if (featured.probeTrains) {
    const out = await runProbe(
      { kind: features.kind, x: features.x, shape: features.shape, n, labels, classes: c },
      { folds: settings.folds, epochs: settings.epochs, seed: settings.seed },
      { ...control, onProgress: run.progress('train probe') },
    );
    Object.assign(
      timings,
      Object.fromEntries(Object.entries(out.timings).map(([k, v]) => [`probe: ${k}`, v])),
    );
    embedded = { probs: out.probs, embeddings: out.embeddings, dim: out.dim, embeddingsAreRaw: false };
  } else {
    run.warnings.push(
      classes.length < 2
        ? `only ${classes.length} class(es) labelled: label checks are impossible; outlier and duplicate checks still run`
        : `too few labelled rows (${featured.labelledCount}) for ${settings.folds}-fold training: label checks skipped`,
    );
    const { data, dim } = featured.rawFeatures();
    embedded = { probs: new Float32Array(n * c).fill(1 / c), embeddings: data, dim, embeddingsAreRaw: true };
  }
  embedded = await chosenEmbeddings(embedded, featured, run);
  timings.probe = now() - t0;
  return embedded;
}

/** The embeddings the settings ask for: the probe's, a user's model's, or a column of the data. */
async function chosenEmbeddings(embedded: Embedded, featured: Featured, run: ScanRun): Promise<Embedded> {
  const { settings } = run;
  const { features, n } = featured;
  const { name } = featured;
  if (settings.embeddingSource === 'model') {
    if (!settings.userModel) throw new InputError(name, 'no model given for the embeddings');
    const { data, dim } = await userModelEmbeddings(
      settings.userModel,
      features.x,
      n,
      features.shape,
      run.control,
    );
    embedded = { ...embedded, embeddings: data, dim, embeddingsAreRaw: false };
  }
  if (settings.embeddingSource === 'column') {
    if (!features.userEmbedding) throw new InputError(name, 'no embedding column to use');
    const { data, dim } = features.userEmbedding;
    embedded = { ...embedded, embeddings: data, dim, embeddingsAreRaw: false };
  }
  return embedded;
}

/** kNN graph on the embeddings, shared by the detectors and the map. */
function knnStage(featured: Featured, embedded: Embedded, k: number, run: ScanRun): KnnGraph {
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

/**
 * A second graph on the raw features (PCA to ≤ 32 dims): what the inputs themselves resemble,
 * before the probe learned anything (see detect/support-gap.ts). Without a probe the embeddings
 * already are the raw features: the same graph, not built twice.
 */
async function inputGraphStage(
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

/** What every detector reads. */
function detectorInputs(
  prepared: LoadedWithRoles,
  featured: Featured,
  embedded: Embedded,
  knn: KnnGraph,
  inputKnn: KnnGraph,
): DetectorInputs {
  const { loaded, roles } = prepared;
  const annotatorCol = loaded.frame.columns.find((col) => roles[col.name] === 'annotator');
  return {
    n: featured.n,
    c: featured.c,
    classes: featured.classes,
    labels: featured.labels,
    probs: embedded.probs,
    embeddings: embedded.embeddings,
    dim: embedded.dim,
    knn,
    inputKnn,
    contentHash: featured.features.contentHash,
    inputFeatures: () => ({
      data: featured.features.x,
      dim: featured.features.x.length / Math.max(1, featured.n),
    }),
    annotators: annotatorCol
      ? Array.from(annotatorCol.values as ArrayLike<unknown>, (v) =>
          v === null || v === undefined || v === '' ? null : String(v),
        )
      : null,
  };
}

/** Every registered detector in order, then (images only) the second pass over their groups. */
function detectorStage(inputs: DetectorInputs, features: Features, run: ScanRun): DetectorResult[] {
  const { timings } = run;
  const report = run.progress('detectors');
  const results: DetectorResult[] = [];
  for (let d = 0; d < detectors.length; d++) {
    const t0 = now();
    report({ fraction: d / detectors.length, detail: detectors[d].name });
    results.push(detectors[d].run(inputs));
    timings[`detector: ${detectors[d].name}`] = now() - t0;
  }
  if (features.kind === 'image' && features.shape.length === 3) {
    // A second pass over the first's trigger groups and the images themselves.
    const images = { x: features.x, shape: features.shape };
    for (const d of imageDetectors) {
      const t0 = now();
      results.push(d.run(inputs, images, [...results]));
      timings[`detector: ${d.name}`] = now() - t0;
    }
  }
  return results;
}

/** Combined suspicion; an undecodable row cannot be vetted: it gets maximum suspicion and says why. */
function combineStage(
  results: DetectorResult[],
  rowErrors: { row: number; message: string }[],
  n: number,
): Combined {
  const combined = combine(results, n);
  for (const e of rowErrors) {
    combined.suspicion[e.row] = 1;
    combined.flagged[e.row] = 1;
    combined.reasons[e.row] = [{ detector: 'load', tag: '', text: e.message }, ...combined.reasons[e.row]];
  }
  return combined;
}

/** The scan's whole answer: ids, predictions, the detectors' and combined verdicts, summaries. */
function assembleResult(
  prepared: LoadedWithRoles,
  inputs: DetectorInputs,
  results: DetectorResult[],
  combined: Combined,
  backend: BackendName,
  run: ScanRun,
): ScanResult {
  const { loaded, roles } = prepared;
  const { n, c, probs } = inputs;
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
  return {
    n,
    ids,
    classes: inputs.classes,
    labels: inputs.labels,
    predicted,
    probs,
    embeddings: inputs.embeddings,
    dim: inputs.dim,
    knn: inputs.knn,
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
    settings: run.settings,
    timings: run.timings,
    warnings: run.warnings,
  };
}
