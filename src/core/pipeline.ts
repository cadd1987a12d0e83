// The whole scan, stage by stage: load -> roles -> features -> probe (K-fold) -> kNN -> detectors
// -> combined suspicion. A pure function of the input files, the settings and the seed: the CLI
// and the page call this same function.
import * as tf from '@tensorflow/tfjs';
import { labelIndex } from './data';
import { combine } from './detect/combine';
import { detectors } from './detect/registry';
import { featurize, type Features } from './features/featurize';
import { defaultSettings, loadAndInfer, type Inspected, type ScanOutput } from './inspect';
import { buildKnn } from './layout/knn';
import { nnDescent } from './layout/nn-descent';
import { pca, pcaRows, projectRows } from './layout/pca';
import { runProbe } from './model/kfold';
import { userModelEmbeddings } from './model/user-model';
import { patchWasmKernels } from './model/wasm-kernels';
import { mulberry32, sampleIndices, subSeed } from './random';
import { stageProgress } from './progress';
import { suspicionRanking } from './report/ranking';
import { summarise } from './report/summary';
import type {
  BackendName,
  DetectorInputs,
  KnnGraph,
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

/** Dimensions of the raw-feature space the input graph is built in. */
const INPUT_GRAPH_DIMS = 32;
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

function neighbourGraph(
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

/** Embeddings when no probe can be trained (fewer than two classes): PCA of the features. */
function featureEmbeddings(
  features: Features,
  outDim: number,
  seed: number,
): { data: Float32Array; dim: number } {
  const { n, x } = features;
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

  t0 = t();
  const c = Math.max(1, classes.length);
  let probs: Float32Array;
  let embeddings: Float32Array;
  let dim: number;
  // PCA of the raw features, computed at most once: the embeddings when no probe can be trained,
  // and the space of the input graph.
  let raw: { data: Float32Array; dim: number } | undefined;
  const rawFeatures = () => (raw ??= featureEmbeddings(features, INPUT_GRAPH_DIMS, settings.seed));
  let embeddingsAreRaw = false;
  const labelledCount = labels.reduce((s, v) => s + (v >= 0 ? 1 : 0), 0);
  if (classes.length >= 2 && labelledCount >= 2 * settings.folds) {
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
  const k = Math.min(settings.k, Math.max(0, n - 1));
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
  if (!embeddingsAreRaw) {
    t0 = t();
    knnProgress({ fraction: 0.5, detail: 'inputs (PCA)' });
    const inputSpace = rawFeatures();
    timings['input pca'] = t() - t0;
    t0 = t();
    inputKnn = neighbourGraph(inputSpace.data, n, inputSpace.dim, k, subSeed(settings.seed, 8), {
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
  const combined = combine(results, n);
  // An undecodable row cannot be vetted: it gets maximum suspicion and says why.
  for (const e of rowErrors) {
    combined.suspicion[e.row] = 1;
    combined.flagged[e.row] = 1;
    combined.reasons[e.row] = combined.reasons[e.row]
      ? `${e.message}; ${combined.reasons[e.row]}`
      : e.message;
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
