// The features stage: the rows as tensors, their labels, and the rows that could not be read.
import { labelIndex } from '../data';
import { featurize, type Features } from '../features/featurize';
import { featureEmbeddings, INPUT_GRAPH_DIMS } from '../layout/input-graph';
import type { LoadedWithRoles } from '../load-and-infer';
import { now, type ScanRun } from './run';

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
  /** Whether there are enough labelled rows and classes to train the probe. */
  probeTrains: boolean;
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
