// Support gap: a backdoor's signature is a model that is sure of a label the data does not support.
// For each sample, gap = p_oof(given label) − share of its input-space neighbours (raw features,
// not the probe's embedding) that carry the same label. On clean data the two agree closely (the
// probe is about as sure as the neighbourhood is pure; measured mean gap within ±0.07 for every
// natural 2-means cluster of Fashion-MNIST); label flips have both low. A trigger the model has
// learned makes it sure of the target label for inputs that look like other classes: gap ≈ 0.5.
// The gap is smoothed over same-label neighbours in the embedding graph (a trigger's samples sit
// together there), and a connected group of high-gap samples is flagged as a whole.
// Related: the "exclusionary reclassification" idea of IBM ART's ActivationDefence, without
// retraining.
import type { Detector, DetectorInputs, DetectorResult } from '../types';
import { className, prob, round } from './stats';

export const SUPPORT_GAP_PARAMS = {
  /** Smoothed gap above which a sample can seed or join a group. */
  seedGap: 0.1,
  /** A group is flagged when its members' mean gap is at least this... */
  groupGap: 0.4,
  /** ...and it has at least this many members (and 0.25 % of its class). */
  minGroup: 5,
};

export const supportGap: Detector = {
  name: 'support-gap',
  description: 'the model is sure of a label that the sample’s look-alikes do not support (learned trigger)',
  run(inputs: DetectorInputs): DetectorResult {
    const { n, c, labels, probs, knn, inputKnn, classes } = inputs;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<string>(n).fill('');
    const params = { ...SUPPORT_GAP_PARAMS };
    if (!inputKnn || c < 2 || inputKnn.k === 0) {
      return {
        name: 'support-gap',
        scores,
        flagged,
        reasons,
        params,
        details: { note: 'no input-space graph or one class' },
      };
    }
    const gap = new Float32Array(n);
    const support = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if (labels[i] < 0) continue;
      let same = 0;
      let m = 0;
      for (let t = 0; t < inputKnn.k; t++) {
        const j = inputKnn.indices[i * inputKnn.k + t];
        if (j < 0 || labels[j] < 0) continue;
        m++;
        if (labels[j] === labels[i]) same++;
      }
      support[i] = m ? same / m : 1;
      gap[i] = prob(probs, i, c, labels[i]) - support[i];
    }
    // Smooth over same-label embedding neighbours.
    const k = knn.k;
    for (let i = 0; i < n; i++) {
      if (labels[i] < 0) continue;
      let s = gap[i];
      let m = 1;
      for (let t = 0; t < k; t++) {
        const j = knn.indices[i * k + t];
        if (j >= 0 && labels[j] === labels[i]) {
          s += gap[j];
          m++;
        }
      }
      scores[i] = Math.max(0, s / m);
    }
    // Groups: connected same-label high-gap samples in the embedding graph.
    const group = new Int32Array(n).fill(-1);
    const groups: {
      label: string;
      size: number;
      meanGap: number;
      meanP: number;
      meanSupport: number;
      flagged: boolean;
    }[] = [];
    const classSize = new Int32Array(Math.max(1, c));
    for (let i = 0; i < n; i++) if (labels[i] >= 0) classSize[labels[i]]++;
    for (let i = 0; i < n; i++) {
      if (labels[i] < 0 || scores[i] <= params.seedGap || group[i] >= 0) continue;
      const id = groups.length;
      const members: number[] = [];
      const stack = [i];
      group[i] = id;
      while (stack.length) {
        const u = stack.pop()!;
        members.push(u);
        for (let t = 0; t < k; t++) {
          const j = knn.indices[u * k + t];
          if (j >= 0 && group[j] < 0 && labels[j] === labels[u] && scores[j] > params.seedGap) {
            group[j] = id;
            stack.push(j);
          }
        }
      }
      const y = labels[i];
      const mean = (a: Float32Array | ((j: number) => number)) =>
        members.reduce((s, j) => s + (typeof a === 'function' ? a(j) : a[j]), 0) / members.length;
      const meanGap = mean(gap);
      const meanSupport = mean(support);
      const meanP = mean((j) => prob(probs, j, c, y));
      const big = members.length >= Math.max(params.minGroup, 0.0025 * classSize[y]);
      const isSuspect = big && meanGap >= params.groupGap;
      groups.push({
        label: className(classes, y),
        size: members.length,
        meanGap,
        meanP,
        meanSupport,
        flagged: isSuspect,
      });
      if (!isSuspect) continue;
      for (const j of members) {
        flagged[j] = 1;
        reasons[j] =
          `support gap: in a group of ${members.length} "${className(classes, y)}" samples the model is sure of ` +
          `(group mean p=${meanP.toFixed(2)}) though their look-alikes carry other labels ` +
          `(here ${Math.round((1 - support[j]) * inputKnn.k)}/${inputKnn.k}, own p=${prob(probs, j, c, y).toFixed(2)})`;
      }
    }
    const shown = groups
      .filter((g) => g.size >= 3)
      .sort((a, b) => b.meanGap * Math.sqrt(b.size) - a.meanGap * Math.sqrt(a.size))
      .slice(0, 20)
      .map((g) => ({
        ...g,
        meanGap: round(g.meanGap, 3),
        meanP: round(g.meanP, 3),
        meanSupport: round(g.meanSupport, 3),
      }));
    return { name: 'support-gap', scores, flagged, reasons, params, details: { groups: shown } };
  },
};
