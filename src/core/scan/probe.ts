// The probe stage: out-of-fold probabilities and the embeddings the kNN graph is built on.
import { runProbe } from '../model/kfold';
import { userModelEmbeddings } from '../model/user-model';
import { InputError } from '../types';
import { PROBE_MAX_ROWS, type Featured } from './features';
import { now, type ScanRun } from './run';

/** Out-of-fold probabilities and the embeddings the kNN graph is built on. */
export interface Embedded {
  probs: Float32Array;
  embeddings: Float32Array;
  dim: number;
  /** The embeddings are the raw features' PCA (no probe, no model, no column). */
  embeddingsAreRaw: boolean;
}

export async function probeStage(featured: Featured, run: ScanRun): Promise<Embedded> {
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
  } else if (featured.embeddingOnly) {
    run.warnings.push(
      `${n.toLocaleString('en-US')} rows of an embedding column: the probe is not trained past ` +
        `${(run.settings.probeMaxRows ?? PROBE_MAX_ROWS).toLocaleString('en-US')} rows; the column is the embeddings, and the checks that ` +
        'need out-of-fold probabilities (confident learning, support gap, backdoor reclassification) have none',
    );
    const { data, dim } = features.userEmbedding!;
    // The embeddings are the raw features: the input graph is the embedding graph.
    embedded = { probs: new Float32Array(n * c).fill(1 / c), embeddings: data, dim, embeddingsAreRaw: true };
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
  if (settings.embeddingSource === 'column' && !featured.embeddingOnly) {
    if (!features.userEmbedding) throw new InputError(name, 'no embedding column to use');
    const { data, dim } = features.userEmbedding;
    embedded = { ...embedded, embeddings: data, dim, embeddingsAreRaw: false };
  }
  return embedded;
}
