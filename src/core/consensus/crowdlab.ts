// CROWDLAB (Goh, Tkachenko, Mueller 2022; cleanlab.multiannotator), written from the paper and
// cleanlab's description. Per item, a weighted average of the model's probabilities and one vote
// per annotator (P on the chosen class, (1 − P)/(C − 1) on each other, P = the mean agreement with
// consensus). Each weight is 1 − error / (the error of always answering the most common class):
// accuracy adjusted for chance. The annotators' error is their disagreement with the other
// annotators of the same items; the model's is its disagreement with the consensus, and its weight
// grows with √(mean judgements per item). Consensus = the class of highest weighted probability,
// starting from majority vote and re-weighted once against that consensus (cleanlab's
// "best_quality"). Quality = the weighted probability of the consensus label.
import type { JudgementTable } from '../annotations/judgements';
import { majorityVote } from './majority-vote';
import type { Consensus, ConsensusInput } from './types';
import { agreementWith, checkProbs, countVotes } from './votes';

/** Floor of a weight and of the baseline error (cleanlab's CLIPPING_LOWER_BOUND). */
const FLOOR = 1e-6;

export interface CrowdlabWeights {
  /** Weight of the model's probabilities. */
  model: number;
  /** Weight of each annotator's votes. */
  annotators: Float64Array;
  /** Probability a vote puts on its own class. */
  voteLikelihood: number;
  /** Error of always answering the most common consensus class: what "chance" means here. */
  baselineError: number;
}

export function crowdlab({ table, probs }: ConsensusInput): Consensus {
  checkProbs(probs, table);
  if (!probs) throw new Error('CROWDLAB needs the model’s probabilities');
  const c = table.classes.length;
  const mv = majorityVote({ table, probs });
  const first = weighted(table, probs, mv.labels);
  const labels = mv.labels.slice();
  for (let i = 0; i < labels.length; i++) {
    // Highest weighted probability; an exact tie keeps the majority vote.
    let best = -1;
    let top = -Infinity;
    let tied = false;
    for (let k = 0; k < c; k++) {
      const v = first.posterior[i * c + k];
      if (v > top) [best, top, tied] = [k, v, false];
      else if (v === top) tied = true;
    }
    if (!tied) labels[i] = best;
  }
  const { posterior, weights } = weighted(table, probs, labels);
  const quality = Float32Array.from(labels, (l, i) => (l < 0 ? 0 : posterior[i * c + l]));
  const { total } = countVotes(table);
  const meanJudgements = total.reduce((s, v) => s + v, 0) / Math.max(1, total.length);
  // How much the model counts in an annotator's quality: its weight against the annotators'
  // weights summed over the share of them that judged a typical item.
  const annotatorWeight =
    (weights.annotators.reduce((s, v) => s + v, 0) * meanJudgements) / Math.max(1, table.annotators.length);
  return {
    method: 'crowdlab',
    labels,
    quality,
    posterior,
    labelQualityShare: weights.model / (weights.model + annotatorWeight),
    details: {
      modelWeight: weights.model,
      annotatorWeights: Object.fromEntries(table.annotators.map((a, j) => [a, weights.annotators[j]])),
      voteLikelihood: weights.voteLikelihood,
      baselineError: weights.baselineError,
    },
  };
}

/** The weights against a given consensus, and the weighted posterior they give. */
export function weighted(
  table: JudgementTable,
  probs: Float32Array,
  consensus: Int32Array,
): { posterior: Float32Array; weights: CrowdlabWeights } {
  const c = table.classes.length;
  const n = table.items.length;
  const { total } = countVotes(table);
  const multi = (i: number) => total[i] > 1;
  const agreement = agreementWith(table, consensus);

  let agreeSum = 0;
  let multiCount = 0;
  const consensusCount = new Float64Array(c);
  let modelErrors = 0;
  for (let i = 0; i < n; i++) {
    if (!multi(i)) continue;
    multiCount++;
    agreeSum += agreement[i];
    consensusCount[consensus[i]]++;
    let best = 0;
    for (let k = 1; k < c; k++) if (probs[i * c + k] > probs[i * c + best]) best = k;
    if (best !== consensus[i]) modelErrors++;
  }
  const voteLikelihood = multiCount > 0 ? agreeSum / multiCount : 1;
  const otherLikelihood = c > 1 ? (1 - voteLikelihood) / (c - 1) : 0;
  const mostCommon = Math.max(0, ...consensusCount);
  const baselineError = Math.max(FLOOR, multiCount > 0 ? 1 - mostCommon / multiCount : FLOOR);

  const annotatorAgreement = agreementWithOthers(table, total);
  const annotators = Float64Array.from(annotatorAgreement, (a) =>
    Math.max(FLOOR, 1 - (1 - a) / baselineError),
  );
  const meanJudgements = total.reduce((s, v) => s + v, 0) / Math.max(1, n);
  const modelError = multiCount > 0 ? modelErrors / multiCount : 0;
  const model = Math.max(FLOOR, 1 - modelError / baselineError) * Math.sqrt(meanJudgements);

  const posterior = new Float32Array(n * c);
  const totalWeight = new Float64Array(n).fill(model);
  const acc = new Float64Array(n * c);
  for (let i = 0; i < n * c; i++) acc[i] = model * probs[i];
  for (let j = 0; j < table.item.length; j++) {
    const i = table.item[j];
    const w = annotators[table.annotator[j]];
    totalWeight[i] += w;
    for (let k = 0; k < c; k++)
      acc[i * c + k] += w * (k === table.label[j] ? voteLikelihood : otherLikelihood);
  }
  for (let i = 0; i < n; i++)
    for (let k = 0; k < c; k++) posterior[i * c + k] = acc[i * c + k] / totalWeight[i];
  return { posterior, weights: { model, annotators, voteLikelihood, baselineError } };
}

/**
 * Per annotator, the share of the other annotators of the same items who chose the same class,
 * pooled over the items with more than one judgement. An annotator who shares no item with
 * anyone gets the mean of the others.
 */
export function agreementWithOthers(table: JudgementTable, total: Int32Array): Float64Array {
  const c = table.classes.length;
  const m = table.annotators.length;
  const { counts } = countVotes(table);
  const agree = new Float64Array(m);
  const others = new Float64Array(m);
  for (let j = 0; j < table.item.length; j++) {
    const i = table.item[j];
    if (total[i] < 2) continue;
    const a = table.annotator[j];
    agree[a] += counts[i * c + table.label[j]] - 1;
    others[a] += total[i] - 1;
  }
  const known = [...others.keys()].filter((a) => others[a] > 0);
  const mean = known.length > 0 ? known.reduce((s, a) => s + agree[a] / others[a], 0) / known.length : 1;
  return Float64Array.from(others, (o, a) => (o > 0 ? agree[a] / o : mean));
}
