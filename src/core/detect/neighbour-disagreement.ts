// Neighbour-label disagreement (Deep k-NN defence, Peri et al. 2020).
// Score = share of the labelled kNN neighbours whose label differs from the sample's (unweighted:
// easy to explain, "7 of 10 neighbours"). Flag when a single other class holds a strict majority of
// the labelled neighbours (this implies a disagreement share > 0.5). Samples with a missing label
// or without labelled neighbours score 0.
import type { Detector, DetectorInputs, DetectorResult, KnnGraph, Reason } from '../types';
import { className } from './stats';

export interface NeighbourVote {
  /** Share of labelled neighbours with another label (0 when none are labelled). */
  disagreement: Float32Array;
  /** Most common label among the labelled neighbours (ties: lower class id); -1 when none. */
  majority: Int32Array;
  /** How many labelled neighbours have the majority label. */
  majorityCount: Int32Array;
  /** Most common other label (≠ own label), -1 when none; and its count. */
  topOther: Int32Array;
  topOtherCount: Int32Array;
  /** Labelled neighbours per sample. */
  labelled: Int32Array;
}

/** Neighbour label votes, shared with the annotator detector. */
export function neighbourVotes(n: number, c: number, labels: Int32Array, knn: KnnGraph): NeighbourVote {
  const k = knn.k;
  const out: NeighbourVote = {
    disagreement: new Float32Array(n),
    majority: new Int32Array(n).fill(-1),
    majorityCount: new Int32Array(n),
    topOther: new Int32Array(n).fill(-1),
    topOtherCount: new Int32Array(n),
    labelled: new Int32Array(n),
  };
  const votes = new Int32Array(Math.max(1, c));
  for (let i = 0; i < n; i++) {
    votes.fill(0);
    let m = 0;
    for (let t = 0; t < k; t++) {
      const j = knn.indices[i * k + t];
      const yj = j >= 0 && j < n ? labels[j] : -1;
      if (yj < 0 || yj >= c) continue;
      votes[yj]++;
      m++;
    }
    out.labelled[i] = m;
    if (m === 0) continue;
    const y = labels[i];
    let maj = -1;
    let other = -1;
    for (let j = 0; j < c; j++) {
      if (votes[j] === 0) continue;
      if (maj < 0 || votes[j] > votes[maj]) maj = j;
      if (j !== y && (other < 0 || votes[j] > votes[other])) other = j;
    }
    out.majority[i] = maj;
    out.majorityCount[i] = maj >= 0 ? votes[maj] : 0;
    out.topOther[i] = other;
    out.topOtherCount[i] = other >= 0 ? votes[other] : 0;
    if (y >= 0 && y < c) out.disagreement[i] = (m - votes[y]) / m;
  }
  return out;
}

export const neighbourDisagreement: Detector = {
  name: 'neighbour-disagreement',
  title: 'Neighbour disagreement',
  description: 'Neighbour-label disagreement: share of the k nearest neighbours with a different label',
  explanation: 'Most of the nearest neighbours of these samples carry a different label (Peri et al. 2020).',
  severity: 'medium',
  weight: 0.75,
  family: 'label',
  // Supporting evidence: on its own it flags every sample on a class border; measured on
  // spam-flip its flags add 6 true and 3 false.
  flag: 'evidence',
  run(inputs: DetectorInputs): DetectorResult {
    const { n, c, labels, knn, classes } = inputs;
    const v = neighbourVotes(n, c, labels, knn);
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    for (let i = 0; i < n; i++) {
      const y = labels[i];
      if (y < 0 || y >= c) continue;
      scores[i] = v.disagreement[i];
      const m = v.labelled[i];
      if (m > 0 && v.topOther[i] >= 0 && v.topOtherCount[i] * 2 > m) {
        flagged[i] = 1;
        reasons[i] = {
          detector: 'neighbour-disagreement',
          tag: 'neighbours disagree',
          text:
            `${v.topOtherCount[i]} of ${m} nearest are labelled ` +
            `${className(classes, v.topOther[i])}, not ${className(classes, y)}`,
          values: { agreeing: v.topOtherCount[i], labelled: m },
        };
      }
    }
    return {
      name: 'neighbour-disagreement',
      scores,
      flagged,
      reasons,
      params: {
        k: knn.k,
        weighting: 'none',
        rule: 'one other class holds a strict majority of labelled neighbours',
      },
    };
  },
};
