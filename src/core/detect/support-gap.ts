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
//
// Second phase: a flagged group tells what the learned shortcut looks like in the embedding. The
// same trigger on images whose look-alikes are also poisoned (a tight cluster of triggered
// sneakers, say) has no support gap, but it lies on the same side of the class: every other
// sample of the class is projected onto the direction from the class's rest to the group, and
// those that land nearer the group than the rest join it (see signature.ts). Measured on
// fashion-badnets (seed 1): this recovers 33 of the 33 poisoned images the first phase missed,
// with 1 clean one.
import type { Detector, DetectorInputs, DetectorResult, Reason } from '../types';
import { signatureMembers, SIGNATURE_PARAMS } from './signature';
import { className, prob, round } from './stats';

export const SUPPORT_GAP_PARAMS = {
  /** Smoothed gap above which a sample can seed or join a group. */
  seedGap: 0.1,
  /** A group is flagged when its members' mean gap is at least this... */
  groupGap: 0.4,
  /** ...and it has at least this many members (and 0.25 % of its class). */
  minGroup: 5,
};

export interface SupportGapGroup {
  label: string;
  size: number;
  meanGap: number;
  meanP: number;
  meanSupport: number;
  flagged: boolean;
}

export interface SupportGapExpansion {
  label: string;
  group: number;
  joined: number;
  separation: number;
}

export type SupportGapDetails =
  { note: string } | { groups: SupportGapGroup[]; expansions: SupportGapExpansion[] };

export const supportGap: Detector<SupportGapDetails> = {
  name: 'support-gap',
  title: 'Support gap',
  description: 'the model is sure of a label that the sample’s look-alikes do not support (learned trigger)',
  explanation:
    'The model is sure of a label that the samples’ look-alikes in the raw input do not support: the mark of a learned trigger rather than of the content.',
  severity: 'medium',
  weight: 0.95,
  family: 'backdoor',
  flag: 'group',
  run(inputs: DetectorInputs): DetectorResult<SupportGapDetails> {
    const { n, c, labels, probs, knn, inputKnn, classes } = inputs;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    const params = { ...SUPPORT_GAP_PARAMS, signature: { ...SIGNATURE_PARAMS } };
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
    const groups: SupportGapGroup[] = [];
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
        const p = prob(probs, j, c, y);
        reasons[j] = {
          detector: 'support-gap',
          tag: 'support gap',
          text:
            `in a group of ${members.length} "${className(classes, y)}" samples the model is sure of ` +
            `(group mean p=${meanP.toFixed(2)}) though their look-alikes carry other labels ` +
            `(here ${Math.round((1 - support[j]) * inputKnn.k)}/${inputKnn.k}, own p=${p.toFixed(2)})`,
          values: { groupSize: members.length, groupMeanP: meanP, support: support[j], p },
        };
      }
    }
    const expansions = expandGroups(inputs, flagged, scores, reasons);
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
    return { name: 'support-gap', scores, flagged, reasons, params, details: { groups: shown, expansions } };
  },
};

/**
 * Per class with flagged members: the unflagged samples of that class that share the group's
 * embedding signature join it (flag, reason, and a score above every unflagged one).
 */
function expandGroups(
  inputs: DetectorInputs,
  flagged: Uint8Array,
  scores: Float32Array,
  reasons: (Reason | null)[],
): SupportGapExpansion[] {
  const { n, labels, classes, embeddings, dim } = inputs;
  const byClass = new Map<number, { group: number[]; rest: number[] }>();
  for (let i = 0; i < n; i++) if (flagged[i]) byClass.set(labels[i], { group: [], rest: [] });
  for (let i = 0; i < n; i++) {
    const entry = byClass.get(labels[i]);
    if (entry) (flagged[i] ? entry.group : entry.rest).push(i);
  }
  let maxScore = 0;
  for (let i = 0; i < n; i++) if (flagged[i]) maxScore = Math.max(maxScore, scores[i]);
  const out = [];
  for (const [y, { group, rest }] of byClass) {
    const sig = signatureMembers(embeddings, dim, group, rest);
    out.push({
      label: className(classes, y),
      group: group.length,
      joined: sig.members.length,
      separation: round(sig.separation, 2),
    });
    for (const { row, position } of sig.members) {
      flagged[row] = 1;
      // Ranked with the group but below its own members: the evidence is indirect.
      scores[row] = Math.max(scores[row], Math.min(maxScore, 0.4 + 0.2 * Math.min(1, position)));
      reasons[row] = {
        detector: 'support-gap',
        tag: 'support gap',
        text:
          `shares the embedding signature of a flagged group of ${group.length} ` +
          `"${className(classes, y)}" samples (at ${position.toFixed(2)} of the way from the rest of ` +
          `the class to the group)`,
        values: { groupSize: group.length, position },
      };
    }
  }
  return out;
}
