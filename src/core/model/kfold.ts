// K-fold out-of-fold probabilities plus embeddings from one model trained on all labelled rows.
// Out-of-fold: each sample is scored by a model that never saw it, which is what confident
// learning needs. Embeddings: one model for all rows, so distances are comparable (K fold models
// would each have their own embedding space), and it is the model trained on the suspect data,
// which is what spectral signatures and activation clustering need.
import { mulberry32, shuffleInPlace, subSeed } from '../random';
import type { RunControl } from '../types';
import { buildLinearProbe, buildProbe, embeddingModel } from './probe';
import { batchFor, predictRows, trainRows, BATCH } from './train';

/**
 * Most samples a fold model is trained on; the embedding model gets twice as many. Without a cap
 * the min-epochs rule makes the cost grow with the data: fashion-60k took 3 epochs of 45,000 rows
 * per fold at batch 64, 218 s of a 720 s scan. Measured there with a planted trigger: folds at one
 * epoch lose nothing, but an embedding model at one epoch (60,000 rows) let the trigger's group
 * swallow ~650 clean look-alikes (support gap); at two it found the 1,800 poisoned images as the
 * old schedule did. Up to ~10,000 rows (every shared dataset) nothing changes.
 */
const MAX_SAMPLES_SEEN = 64_000;

export interface ProbeInput {
  kind: 'image' | 'vector';
  x: Float32Array;
  shape: number[];
  n: number;
  labels: Int32Array;
  classes: number;
}

export interface ProbeOutput {
  probs: Float32Array;
  embeddings: Float32Array;
  dim: number;
  epochs: number;
  folds: number;
  /** Stage name -> ms. */
  timings: Record<string, number>;
}

/**
 * Epochs per fold: about 100 gradient steps for vectors (tabular, text) and 400 for images.
 * Short on purpose for vectors: out-of-fold probabilities are only useful to confident learning
 * before the model starts memorising the noisy labels of its training folds. On spam-flip,
 * measured with everything else fixed: 2 epochs AUROC 0.994 (flags less precise), 3 epochs
 * 0.989, 6 epochs 0.977, 17 epochs 0.967.
 */
export function chooseEpochs(
  kind: 'image' | 'vector' | 'linear',
  trainRows: number,
  maxSamples = MAX_SAMPLES_SEEN,
): number {
  // Targets count steps of BATCH rows; bigger data trains in bigger batches (batchFor), so fewer.
  const batch = batchFor(trainRows);
  const stepsPerEpoch = Math.max(1, Math.ceil(trainRows / batch));
  const [target, min, max] = { image: [400, 3, 30], vector: [100, 3, 100], linear: [360, 3, 100] }[kind];
  const epochs = Math.max(min, Math.min(max, Math.ceil((target * BATCH) / batch / stepsPerEpoch)));
  // Big data: at most `maxSamples` samples per model (a fraction of an epoch past that).
  if (epochs * trainRows <= maxSamples) return epochs;
  return trainRows <= maxSamples ? Math.floor(maxSamples / trainRows) : maxSamples / trainRows;
}

/** Stratified assignment of labelled rows to folds; unlabelled rows get -1. */
export function stratifiedFolds(labels: Int32Array, classes: number, k: number, seed: number): Int32Array {
  const fold = new Int32Array(labels.length).fill(-1);
  const rand = mulberry32(seed);
  for (let c = 0; c < classes; c++) {
    const rows: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) rows.push(i);
    shuffleInPlace(rows, rand);
    // Start each class at a random fold so small classes do not all pile into fold 0.
    const start = Math.floor(rand() * k);
    rows.forEach((r, j) => (fold[r] = (start + j) % k));
  }
  return fold;
}

export async function runProbe(
  input: ProbeInput,
  opts: { folds: number; epochs: number; seed: number },
  control: RunControl = {},
): Promise<ProbeOutput> {
  const { n, classes, labels } = input;
  const k = Math.max(2, opts.folds);
  const fold = stratifiedFolds(labels, classes, k, subSeed(opts.seed, 1));
  const labelled = Int32Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  const unlabelled = Int32Array.from(labels.keys()).filter((i) => labels[i] < 0);
  const foldRows = Math.round((labelled.length * (k - 1)) / k);
  // The embedding model gets twice the fold models' sample budget (see MAX_SAMPLES_SEEN).
  const epochs = opts.epochs > 0 ? opts.epochs : chooseEpochs(input.kind, foldRows, 2 * MAX_SAMPLES_SEEN);
  // Vectors: out-of-fold probabilities from logistic regression, embeddings from the MLP.
  const foldKind = input.kind === 'vector' ? 'linear' : 'image';
  const foldEpochs = opts.epochs > 0 ? opts.epochs : chooseEpochs(foldKind, foldRows);
  const timings: Record<string, number> = {};
  const probs = new Float32Array(n * classes);
  const y = Int32Array.from(labels, (v) => Math.max(0, v));
  const x = { data: input.x, shape: input.shape };
  const totalJobs = k + 1;
  const report = (job: number, f: number, what: string) =>
    control.onProgress?.({ stage: 'train probe', fraction: (job + f) / totalJobs, detail: what });
  {
    for (let f = 0; f < k; f++) {
      const t0 = performance.now();
      const train = labelled.filter((i) => fold[i] !== f);
      const test = labelled.filter((i) => fold[i] === f);
      const spec = { kind: input.kind, shape: input.shape, classes, seed: subSeed(opts.seed, 2, f) };
      const model = foldKind === 'linear' ? buildLinearProbe(spec) : buildProbe(spec);
      try {
        await trainRows({
          model,
          x,
          y,
          rows: train,
          epochs: foldEpochs,
          seed: subSeed(opts.seed, 3, f),
          control,
          onFraction: (p) => report(f, p, `fold ${f + 1} of ${k}`),
        });
        await predictRows(model, x, test, classes, probs, control);
      } finally {
        model.dispose();
      }
      timings[`train fold ${f + 1}`] = performance.now() - t0;
    }

    const t0 = performance.now();
    const full = buildProbe({ kind: input.kind, shape: input.shape, classes, seed: subSeed(opts.seed, 4) });
    try {
      await trainRows({
        model: full,
        x,
        y,
        rows: labelled,
        epochs,
        seed: subSeed(opts.seed, 5),
        control,
        onFraction: (p) => report(k, p, 'embedding model'),
      });
      // Rows without a label were in no fold: the full model predicts them.
      if (unlabelled.length) await predictRows(full, x, unlabelled, classes, probs, control);
      const emb = embeddingModel(full);
      const dim = (emb.outputs[0].shape[1] as number) ?? 64;
      const embeddings = new Float32Array(n * dim);
      await predictRows(emb, x, Int32Array.from(labels.keys()), dim, embeddings, control);
      timings['embedding model'] = performance.now() - t0;
      control.onProgress?.({ stage: 'train probe', fraction: 1 });
      return { probs, embeddings, dim, epochs, folds: k, timings };
    } finally {
      full.dispose();
    }
  }
}
