// Dawid–Skene (1979): each annotator has a confusion matrix θ[true class][given label]; EM
// alternates the posterior of every item's true class (E) and the confusion matrices and class
// prior that make the judgements most likely (M). Started from majority vote's vote shares.
// The probe's out-of-fold probabilities enter in one of two ways (`model`):
//   'prior': p(class | x) replaces the class prior, item by item (the data's own evidence);
//   'annotator': the probe's predicted class is one more annotator with its own confusion matrix.
// Confusion rows get a small Dirichlet pseudo-count so a class an annotator never saw stays finite.
import type { JudgementTable } from '../annotations/judgements';
import type { Consensus, ConsensusInput } from './types';
import { argmaxRow, checkProbs, countVotes } from './votes';

export interface DawidSkeneOptions {
  model?: 'prior' | 'annotator' | 'none';
  /** Most EM rounds. */
  maxIterations?: number;
  /** Stop when no posterior moves by more than this. */
  tolerance?: number;
  /** Dirichlet pseudo-count added to every confusion cell. */
  smoothing?: number;
}

/** Probabilities are floored here before their log: a model sure of 0 must not veto the annotators. */
const PROB_FLOOR = 1e-4;

export function dawidSkene({ table, probs }: ConsensusInput, opts: DawidSkeneOptions = {}): Consensus {
  checkProbs(probs, table);
  const mode = probs ? (opts.model ?? 'prior') : 'none';
  const maxIterations = opts.maxIterations ?? 100;
  const tolerance = opts.tolerance ?? 1e-5;
  const smoothing = opts.smoothing ?? 0.5;
  const c = table.classes.length;
  const { n, counts, total } = countVotes(table);
  const judgements = withModelAnnotator(table, probs, mode === 'annotator');
  const m = judgements.annotators.length;

  // Start: vote shares (the model's probabilities where nobody judged).
  const post = new Float64Array(n * c);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < c; k++)
      post[i * c + k] = total[i] > 0 ? counts[i * c + k] / total[i] : probs ? probs[i * c + k] : 1 / c;
  const logPrior = new Float64Array(n * c);
  const theta = new Float64Array(m * c * c);
  const classPrior = new Float64Array(c);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    // M step: class prior and confusion matrices from the current posteriors.
    classPrior.fill(0);
    for (let i = 0; i < n * c; i++) classPrior[i % c] += post[i];
    for (let k = 0; k < c; k++) classPrior[k] = (classPrior[k] + 1) / (n + c);
    theta.fill(smoothing);
    for (let j = 0; j < judgements.item.length; j++) {
      const i = judgements.item[j];
      const base = judgements.annotator[j] * c * c;
      for (let k = 0; k < c; k++) theta[base + k * c + judgements.label[j]] += post[i * c + k];
    }
    for (let row = 0; row < m * c; row++) {
      let s = 0;
      for (let l = 0; l < c; l++) s += theta[row * c + l];
      for (let l = 0; l < c; l++) theta[row * c + l] = Math.log(theta[row * c + l] / s);
    }
    // E step: posterior ∝ prior × Π over the item's judgements of θ[k][label].
    for (let i = 0; i < n; i++)
      for (let k = 0; k < c; k++)
        logPrior[i * c + k] =
          mode === 'prior' && probs
            ? Math.log(Math.max(PROB_FLOOR, probs[i * c + k]))
            : Math.log(classPrior[k]);
    const next = logPrior.slice();
    for (let j = 0; j < judgements.item.length; j++) {
      const i = judgements.item[j];
      const base = judgements.annotator[j] * c * c;
      for (let k = 0; k < c; k++) next[i * c + k] += theta[base + k * c + judgements.label[j]];
    }
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let top = -Infinity;
      for (let k = 0; k < c; k++) top = Math.max(top, next[i * c + k]);
      let s = 0;
      for (let k = 0; k < c; k++) s += next[i * c + k] = Math.exp(next[i * c + k] - top);
      for (let k = 0; k < c; k++) {
        const v = next[i * c + k] / s;
        moved = Math.max(moved, Math.abs(v - post[i * c + k]));
        post[i * c + k] = v;
      }
    }
    if (moved < tolerance) {
      iterations++;
      break;
    }
  }
  const labels = Int32Array.from({ length: n }, (_, i) => argmaxRow(post, i, c));
  const confusion = Object.fromEntries(
    judgements.annotators.map((a, j) => [
      a,
      Array.from({ length: c }, (_, k) =>
        Array.from({ length: c }, (_, l) => Number(Math.exp(theta[j * c * c + k * c + l]).toFixed(4))),
      ),
    ]),
  );
  return {
    method: 'dawid-skene',
    labels,
    quality: Float32Array.from(labels, (l, i) => post[i * c + l]),
    posterior: Float32Array.from(post),
    labelQualityShare: 1,
    details: { model: mode, iterations, classPrior: Array.from(classPrior), confusion },
  };
}

/** The judgements, plus one by a pseudo-annotator "(model)" per item when the model is an annotator. */
function withModelAnnotator(
  table: JudgementTable,
  probs: Float32Array | null | undefined,
  add: boolean,
): Pick<JudgementTable, 'annotators' | 'item' | 'annotator' | 'label'> {
  if (!add || !probs) return table;
  const n = table.items.length;
  const c = table.classes.length;
  const m = table.annotators.length;
  const size = table.item.length;
  const item = new Int32Array(size + n);
  const annotator = new Int32Array(size + n);
  const label = new Int32Array(size + n);
  item.set(table.item);
  annotator.set(table.annotator);
  label.set(table.label);
  for (let i = 0; i < n; i++) {
    item[size + i] = i;
    annotator[size + i] = m;
    label[size + i] = argmaxRow(probs, i, c);
  }
  return { annotators: [...table.annotators, '(model)'], item, annotator, label };
}
