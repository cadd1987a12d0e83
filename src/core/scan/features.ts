// The features stage: the rows as tensors, their labels, and the rows that could not be read.
import { labelIndex } from '../data';
import { featurize, type Features } from '../features/featurize';
import { featureEmbeddings, INPUT_GRAPH_DIMS } from '../layout/input-graph';
import { firstLabels } from '../label-qa-stage';
import type { LoadedWithRoles } from '../load-and-infer';
import { now, type ScanRun } from './run';

/**
 * Past this many rows, data whose features are an embedding column alone (computed where the data
 * lives) is scanned on those embeddings without training the probe: its K folds cost ~1 s per
 * 1,000 rows of 384 floats on two cores (17 s at 20,000) and tfjs-wasm holds every fold's copy in
 * its 4 GB heap. Measured at 1,000,000 × 384 in README "A million rows of embeddings".
 */
export const PROBE_MAX_ROWS = 200_000;

/** The featurised rows, their labels, and every row that could not be read. */
export interface Featured {
  /** The dataset's name, for input errors. */
  name: string;
  n: number;
  features: Features;
  classes: string[];
  labels: Int32Array;
  /** Number of classes, at least 1. */
  c: number;
  rowErrors: { row: number; message: string }[];
  /** Whether there are enough labelled rows and classes to train the probe (and it is not skipped). */
  probeTrains: boolean;
  /**
   * The features are an embedding column alone and there are more than PROBE_MAX_ROWS rows: the
   * column is the embeddings and the probe is not trained.
   */
  embeddingOnly: boolean;
  labelledCount: number;
  /**
   * PCA of the raw features, computed at most once: the embeddings when no probe can be trained,
   * and the space of the input graph.
   */
  rawFeatures: () => { data: Float32Array; dim: number };
}

export function featureStage(prepared: LoadedWithRoles, run: ScanRun): Featured {
  const { loaded, roles } = prepared;
  const { settings } = run;
  const n = loaded.frame.numRows;
  const t0 = now();
  const features = featurize(loaded.frame, roles, loaded.name, {
    ...run.control,
    onProgress: run.progress('features'),
  });
  // Several annotators' judgements: the probe trains on their majority vote (label-qa-stage.ts).
  const { classes, labels } = prepared.judgements
    ? firstLabels(prepared.judgements)
    : labelIndex(loaded.frame, roles);
  run.warnings.push(...features.notes);
  const known = new Set(loaded.rowErrors.map((e) => e.row));
  const rowErrors = [...loaded.rowErrors, ...features.rowErrors.filter((e) => !known.has(e.row))];
  run.timings.features = now() - t0;
  const labelledCount = labels.reduce((s, v) => s + (v >= 0 ? 1 : 0), 0);
  let raw: { data: Float32Array; dim: number } | undefined;
  const embeddingOnly =
    n > (settings.probeMaxRows ?? PROBE_MAX_ROWS) &&
    features.kind === 'vector' &&
    !!features.userEmbedding &&
    features.x === features.userEmbedding.data &&
    settings.embeddingSource !== 'model';
  return {
    name: loaded.name,
    n,
    features,
    classes,
    labels,
    c: Math.max(1, classes.length),
    rowErrors,
    probeTrains: !embeddingOnly && classes.length >= 2 && labelledCount >= 2 * settings.folds,
    embeddingOnly,
    labelledCount,
    rawFeatures: () => (raw ??= featureEmbeddings(features.x, n, INPUT_GRAPH_DIMS, settings.seed)),
  };
}
