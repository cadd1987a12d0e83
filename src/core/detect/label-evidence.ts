// Is a label strongly contradicted by the data, or is the sample merely ambiguous?
//
// Confident learning counts every confident disagreement between the model and a label as a label
// issue. On separable classes that count is the label errors; where classes overlap (Fashion-MNIST's
// Shirt, T-shirt, Pullover, Coat) it counts the overlap: on clean fashion-60k it flags 6.7 % of
// the samples, all of them correct labels as far as anyone knows. Per-sample model probability
// does not separate the two (the out-of-fold p(given) of spam-flip's flips has median 0.14, of
// Fashion's natural confusions 0.13), and neither does calibration (the probe is calibrated,
// temperature 0.83–1.02). What separates them is whether the sample's look-alikes are sure:
// a flipped sample sits among samples that clearly belong to another class; an ambiguous one
// among samples the model and the annotators are unsure about too.
//
// A label y is strongly contradicted, in favour of the class j the calibrated model prefers after
// y, when both hold:
//   1. the calibrated probe gives y less than 1 in 10 (odds of 9 : 1 against the label), and
//   2. its raw-input look-alikes (the input kNN graph: what the inputs resemble before any learned
//      shortcut; the embedding graph when there is none) vouch for j more often than a coin toss
//      would, at the conventional level α = 0.05 (one-sided binomial test against ½: with k = 10
//      look-alikes that takes 9). A look-alike vouches for j when it is an uncontested member of
//      j (labelled j, the model's argmax j) or the model gives it j at the same 9 : 1 odds (a
//      look-alike whose own label was flipped too: on spam-flip 67 of the 109 look-alikes that
//      carry a flipped sample's wrong label are flipped themselves, on penguins-flip 16 of 16).
// The 9 : 1 odds are the operating point chosen on the label-flip data (penguins-flip,
// spam-flip), where the flags it keeps are the ones a reviewer would confirm: 20 of 20 and 108 of
// 110 of the confident-learning flags it keeps are planted flips (seed 1); it was then checked,
// unchanged, on the image data (fashion-badnets, fashion-60k). See README, detection quality.
import type { KnnGraph } from '../types';

/** Odds against the label the model and a vouching look-alike must reach: 9 : 1. */
export const STRONG_ODDS = 0.9;
/** Significance level of the look-alikes' vote against a coin toss. */
export const ALPHA = 0.05;

/** P(X ≥ m) for X ~ Binomial(k, ½). */
export function binomialTailHalf(k: number, m: number): number {
  if (m <= 0) return 1;
  if (m > k) return 0;
  let coeff = 1; // C(k, 0)
  let tail = 0;
  for (let x = 0; x <= k; x++) {
    if (x >= m) tail += coeff;
    coeff = (coeff * (k - x)) / (x + 1);
  }
  return tail / 2 ** k;
}

/**
 * How many of k look-alikes must vouch: the smallest m with P(X ≥ m) ≤ α under a coin toss; with
 * too few look-alikes for any m to reach α (k < 5), all k.
 */
export function votesNeeded(k: number, alpha = ALPHA): number {
  for (let m = 0; m <= k; m++) if (binomialTailHalf(k, m) <= alpha) return m;
  return k;
}

export interface LabelEvidence {
  /** 1 = the label is strongly contradicted (see above). */
  contradicted: Uint8Array;
  /** The class the evidence points to: the calibrated model's likeliest class other than the label. */
  alternative: Int32Array;
  /** Look-alikes vouching for `alternative`. */
  votes: Uint8Array;
  /** Look-alikes per sample (the graph's k) and the votes needed. */
  k: number;
  needed: number;
}

/**
 * The label evidence of every sample. `probs` are calibrated probabilities (calibration.ts), N×C;
 * `graph` the raw-input kNN graph (or the embedding one). Missing labels are never contradicted.
 */
export function labelEvidence(
  probs: Float32Array,
  labels: Int32Array,
  c: number,
  graph: KnnGraph,
): LabelEvidence {
  const n = labels.length;
  const k = graph.k;
  const needed = votesNeeded(k);
  const argmax = new Int32Array(n);
  const alternative = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let alt = -1;
    for (let j = 0; j < c; j++) {
      const p = probs[i * c + j];
      if (p > probs[i * c + best]) best = j;
      if (j !== labels[i] && (alt < 0 || p > probs[i * c + alt])) alt = j;
    }
    argmax[i] = best;
    alternative[i] = alt;
  }
  const contradicted = new Uint8Array(n);
  const votes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    const j = alternative[i];
    if (y < 0 || y >= c || j < 0 || k === 0) continue;
    let v = 0;
    for (let t = 0; t < k; t++) {
      const nb = graph.indices[i * k + t];
      if (nb < 0 || nb >= n || nb === i) continue;
      const uncontested = labels[nb] === j && argmax[nb] === j;
      if (uncontested || probs[nb * c + j] >= STRONG_ODDS) v++;
    }
    votes[i] = v;
    if (probs[i * c + y] < 1 - STRONG_ODDS && v >= needed) contradicted[i] = 1;
  }
  return { contradicted, alternative, votes, k, needed };
}
