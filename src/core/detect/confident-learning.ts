// Confident learning (Northcutt, Jiang, Chuang, JAIR 2021; cleanlab's find_label_issues with
// filter_by="prune_by_noise_rate").
//
// 1. Per-class thresholds t_j = mean p(j|x) over the samples labelled j.
// 2. Confident joint C[i][j]: a sample labelled i counts towards true class j = argmax of p over
//    the classes whose p ≥ their threshold (not counted when no class passes).
// 3. Calibrate: rows rescaled to the given-label counts, then the whole matrix to N.
// 4. Prune by noise rate: for every off-diagonal cell (given i, true j) mark the round(C_cal[i][j])
//    samples labelled i with the largest margin p_j − p_i; never prune a class below 1 sample; drop
//    marks where the given label is also the model's argmax (as cleanlab does).
// Scores: two rankings are computed; `scores` uses self-confidence (1 − p(given label), cleanlab's
// default rank_by), `details.rankings.normalizedMargin` holds (1 − (p_label − max_{j≠label} p_j))/2.
// Missing labels (−1) get score 0 and are never flagged.
// Confirmed: which flags the data strongly contradicts (label-evidence.ts, on temperature-scaled
// probabilities); the others are natural class overlap, ambiguous rather than flagged (combine.ts).
import type { Detector, DetectorInputs, DetectorResult, Reason } from '../types';
import { applyTemperature, fitTemperature } from './calibration';
import { labelEvidence } from './label-evidence';
import { argmaxRow, className, prob, round } from './stats';

export interface ConfidentLearningRankings {
  selfConfidence: Float32Array;
  normalizedMargin: Float32Array;
}

/** Both label-quality rankings (higher = more likely mislabelled); 0 for missing labels. */
export function labelIssueScores(
  inputs: Pick<DetectorInputs, 'n' | 'c' | 'labels' | 'probs'>,
): ConfidentLearningRankings {
  const { n, c, labels, probs } = inputs;
  const selfConfidence = new Float32Array(n);
  const normalizedMargin = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y < 0 || y >= c) continue;
    const py = Math.min(1, Math.max(0, prob(probs, i, c, y)));
    let other = 0;
    for (let j = 0; j < c; j++) if (j !== y) other = Math.max(other, prob(probs, i, c, j));
    selfConfidence[i] = 1 - py;
    normalizedMargin[i] = Math.min(1, Math.max(0, (1 - (py - Math.min(1, other))) / 2));
  }
  return { selfConfidence, normalizedMargin };
}

export interface ConfidentLearningDetails {
  thresholds: (number | null)[];
  confidentJoint: number[][];
  calibratedJoint: number[][];
  numIssues: number;
  rankings: ConfidentLearningRankings;
  /** The label evidence: temperature, look-alikes per sample, votes needed, flags it confirms. */
  labelEvidence: {
    temperature: number;
    graph: 'input' | 'embedding';
    k: number;
    votesNeeded: number;
    confirmed: number;
  };
}

export const confidentLearning: Detector<ConfidentLearningDetails> = {
  name: 'confident-learning',
  title: 'Confident learning',
  description:
    "Confident learning: labels the out-of-fold model confidently contradicts (cleanlab's prune by noise rate)",
  explanation:
    'A model that never saw these samples in training confidently predicts a different class than the given label, so the label is likely wrong (confident learning, Northcutt et al. 2021).',
  severity: 'medium',
  weight: 0.9,
  family: 'label',
  flag: 'single',
  run(inputs: DetectorInputs): DetectorResult<ConfidentLearningDetails> {
    const { n, c, labels, probs, classes } = inputs;
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    const rankings = labelIssueScores(inputs);
    const counts = new Float64Array(c);
    const thresholds = new Float64Array(c);
    for (let i = 0; i < n; i++) {
      const y = labels[i];
      if (y < 0 || y >= c) continue;
      counts[y]++;
      thresholds[y] += prob(probs, i, c, y);
    }
    // A class nobody is labelled with cannot be anyone's confident true class.
    for (let j = 0; j < c; j++) thresholds[j] = counts[j] > 0 ? thresholds[j] / counts[j] : Infinity;
    const joint = new Float64Array(c * c);
    for (let i = 0; i < n; i++) {
      const y = labels[i];
      if (y < 0 || y >= c) continue;
      let best = -1;
      let bestP = -Infinity;
      for (let j = 0; j < c; j++) {
        const pj = prob(probs, i, c, j);
        if (pj >= thresholds[j] - 1e-12 && pj > bestP) {
          bestP = pj;
          best = j;
        }
      }
      if (best >= 0) joint[y * c + best]++;
    }
    // Calibrate.
    const cal = new Float64Array(c * c);
    let labelled = 0;
    for (let i = 0; i < c; i++) labelled += counts[i];
    for (let i = 0; i < c; i++) {
      let row = 0;
      for (let j = 0; j < c; j++) row += joint[i * c + j];
      if (row > 0) for (let j = 0; j < c; j++) cal[i * c + j] = (joint[i * c + j] / row) * counts[i];
    }
    let tot = 0;
    for (let t = 0; t < c * c; t++) tot += cal[t];
    if (tot > 0) for (let t = 0; t < c * c; t++) cal[t] = (cal[t] / tot) * labelled;
    // Members per given label.
    const byLabel: number[][] = Array.from({ length: c }, () => []);
    for (let i = 0; i < n; i++) if (labels[i] >= 0 && labels[i] < c) byLabel[labels[i]].push(i);
    const predicted = new Int32Array(n);
    for (let i = 0; i < n; i++) predicted[i] = argmaxRow(probs, i, c);
    for (let gi = 0; gi < c; gi++) {
      const members = byLabel[gi];
      if (members.length === 0) continue;
      // Keep at least one sample per class: scale the prune counts down if needed.
      const want = new Float64Array(c);
      let total = 0;
      for (let j = 0; j < c; j++) {
        if (j === gi) continue;
        want[j] = Math.round(cal[gi * c + j]);
        total += want[j];
      }
      const cap = members.length - 1;
      const scale = total > cap ? cap / total : 1;
      for (let j = 0; j < c; j++) {
        const k = Math.floor(want[j] * scale);
        if (j === gi || k <= 0) continue;
        const order = members
          .map((i) => ({ i, margin: prob(probs, i, c, j) - prob(probs, i, c, gi) }))
          .sort((a, b) => b.margin - a.margin || a.i - b.i);
        for (let t = 0; t < Math.min(k, order.length); t++) flagged[order[t].i] = 1;
      }
    }
    const temperature = fitTemperature(probs, labels, c);
    const graph = inputs.inputKnn ?? inputs.knn;
    const evidence = labelEvidence(applyTemperature(probs, c, temperature), labels, c, graph);
    const confirmed = evidence.contradicted;
    let numIssues = 0;
    let numConfirmed = 0;
    for (let i = 0; i < n; i++) {
      if (!flagged[i]) continue;
      const y = labels[i];
      if (predicted[i] === y) {
        flagged[i] = 0;
        continue;
      }
      numIssues++;
      if (confirmed[i]) numConfirmed++;
      const pr = predicted[i];
      const p = prob(probs, i, c, pr);
      const votes = evidence.votes[i];
      const alt = className(classes, evidence.alternative[i]);
      reasons[i] = {
        detector: 'confident-learning',
        tag: confirmed[i] ? 'label issue' : 'ambiguous',
        text:
          `labelled ${className(classes, y)}, model says ${className(classes, pr)} (p=${p.toFixed(2)}); ` +
          (confirmed[i]
            ? `${votes} of ${evidence.k} look-alikes are clearly ${alt}`
            : `only ${votes} of ${evidence.k} look-alikes are clearly ${alt}: the classes overlap here`),
        values: { p, votes },
      };
    }
    const scores = Float32Array.from(rankings.selfConfidence);
    const roundMatrix = (a: Float64Array) =>
      Array.from({ length: c }, (_, i) => Array.from(a.subarray(i * c, i * c + c), (v) => round(v, 2)));
    return {
      name: 'confident-learning',
      scores,
      flagged,
      confirmed,
      reasons,
      params: { filterBy: 'prune_by_noise_rate', rankBy: 'self_confidence', minExamplesPerClass: 1 },
      details: {
        thresholds: Array.from(thresholds, (t) => (Number.isFinite(t) ? round(t) : null)),
        confidentJoint: roundMatrix(joint),
        calibratedJoint: roundMatrix(cal),
        numIssues,
        rankings,
        labelEvidence: {
          temperature: round(temperature),
          graph: inputs.inputKnn ? 'input' : 'embedding',
          k: evidence.k,
          votesNeeded: evidence.needed,
          confirmed: numConfirmed,
        },
      },
    };
  },
};
