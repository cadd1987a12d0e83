// Reclassification of a group of same-label samples: is the group a natural part of its class, or
// a sub-population the model learned a shortcut for? The stand-in, without retraining, for the
// "exclusionary reclassification" of activation clustering (Chen et al. 2018): there, a suspect
// cluster is removed, the model retrained and the cluster classified again; a cluster that
// belongs to its class keeps its label, a poisoned one does not.
//
// Two witnesses give a verdict on the group's label y:
//   the model:  p̄ = mean out-of-fold p(y) over the group;
//   the data:   s̄ = mean share of each member's raw-input look-alikes (the input-space kNN graph,
//               which no model has shaped) that carry label y.
// A learned shortcut (a trigger) makes the model sure of a label the group's look-alikes do not
// carry: p̄ − s̄ ≥ 0.2. For a natural cluster the two agree: a well-separated cluster is common in
// clean data (a class with two styles: sneakers and slip-ons, bags with and without handles), and
// the better the probe is trained the more cleanly it separates them, so separation alone says
// nothing. Measured (seed 1; every class's 2-means clusters and spectral minor modes on clean
// Fashion-MNIST at 60k rows, fashion-badnets, two planted 3k runs): natural clusters
// −0.11 ≤ p̄ − s̄ ≤ 0.14; groups mixing a partly learned trigger with clean samples 0.26–0.34;
// learned triggers 0.52 (3×3 patch, 6k rows) and 0.82 (4×4 checker, 60k rows). 0.2 sits between
// the first two. Borderline: in a 1,500-row red-team run a Coat mode of 73 (7 of them planted)
// measured 0.21 and is flagged.
// Not a verdict here: a group both witnesses give another label (p̄ and s̄ low). Natural confusion
// looks the same: the ambiguous half of Fashion-MNIST's Shirt class scores p̄ ≈ 0.35, s̄ ≈ 0.4,
// and a plurality of both witnesses names another class. Label errors are the label detectors'
// job (confident learning's per-class thresholds tell ambiguity from a flip better).
// Without an input-space graph the embedding graph stands in for the look-alikes (then a trigger
// is never confirmed: its look-alikes in the embedding are other triggered samples). Without a
// probe (no model to be sure of anything) the scan confirms the groups by their surroundings in
// the embeddings instead (surroundings.ts).
import type { DetectorInputs } from '../types';
import { prob, round } from './stats';

export const RECLASSIFY_PARAMS = {
  /** Minimum p̄ − s̄ for a learned shortcut. */
  minShortcutGap: 0.2,
};

export interface Reclassification {
  /** Mean out-of-fold p(label) over the group. */
  modelP: number;
  /** Mean share of the members' input-space neighbours that carry the label. */
  support: number;
  /** The model is sure of a label the group's look-alikes do not carry. */
  shortcut: boolean;
}

/** Share of sample i's input-space neighbours labelled y (1 when it has no labelled neighbour). */
export function inputSupport(inputs: DetectorInputs, i: number, y: number): number {
  const graph = inputs.inputKnn ?? inputs.knn;
  const k = graph.k;
  let same = 0;
  let m = 0;
  for (let t = 0; t < k; t++) {
    const j = graph.indices[i * k + t];
    if (j < 0 || j >= inputs.n || inputs.labels[j] < 0) continue;
    m++;
    if (inputs.labels[j] === y) same++;
  }
  return m > 0 ? same / m : 1;
}

/** Verdict on a group of samples (row indices) labelled y. */
export function reclassifyGroup(
  inputs: DetectorInputs,
  rows: ArrayLike<number>,
  y: number,
  params = RECLASSIFY_PARAMS,
): Reclassification {
  const m = rows.length;
  if (m === 0) return { modelP: 0, support: 0, shortcut: false };
  let p = 0;
  let s = 0;
  for (let u = 0; u < m; u++) {
    const i = rows[u];
    p += Math.min(1, Math.max(0, prob(inputs.probs, i, inputs.c, y)));
    s += inputSupport(inputs, i, y);
  }
  p /= m;
  s /= m;
  return { modelP: round(p, 3), support: round(s, 3), shortcut: p - s >= params.minShortcutGap };
}

/** One line for a verdict, for reasons and per-class details. */
export function describeReclassification(r: Reclassification): string {
  const w = `model p=${r.modelP.toFixed(2)}, look-alikes with the label ${(r.support * 100).toFixed(0)}%`;
  return r.shortcut
    ? `the model is sure of a label its look-alikes do not carry (${w})`
    : `the model is no surer of its label than its look-alikes (${w})`;
}
