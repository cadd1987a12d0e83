// Majority vote: the most frequent label per item. Ties go to the label the model finds more
// probable, then to the rarer class (as cleanlab does, so ties do not feed the majority class),
// then to the lower class index. Quality is the share of annotators who agree.
import { argmaxRow, checkProbs, countVotes } from './votes';
import type { Consensus, ConsensusInput } from './types';

export function majorityVote({ table, probs }: ConsensusInput): Consensus {
  checkProbs(probs, table);
  const { n, c, counts, total } = countVotes(table);
  const classCount = new Float64Array(c);
  for (let j = 0; j < table.label.length; j++) classCount[table.label[j]]++;
  const labels = new Int32Array(n);
  const quality = new Float32Array(n);
  const posterior = new Float32Array(n * c);
  let ties = 0;
  for (let i = 0; i < n; i++) {
    if (total[i] === 0) {
      labels[i] = probs ? argmaxRow(probs, i, c) : -1;
      if (probs) posterior.set(probs.subarray(i * c, (i + 1) * c), i * c);
      continue;
    }
    let top = 0;
    for (let k = 0; k < c; k++) top = Math.max(top, counts[i * c + k]);
    let best = -1;
    let tied = 0;
    for (let k = 0; k < c; k++) {
      if (counts[i * c + k] !== top) continue;
      tied++;
      if (best < 0 || better(k, best, i)) best = k;
    }
    if (tied > 1) ties++;
    labels[i] = best;
    quality[i] = top / total[i];
    for (let k = 0; k < c; k++) posterior[i * c + k] = counts[i * c + k] / total[i];
  }
  return { method: 'majority-vote', labels, quality, posterior, labelQualityShare: 0, details: { ties } };

  function better(k: number, best: number, i: number): boolean {
    if (probs && probs[i * c + k] !== probs[i * c + best]) return probs[i * c + k] > probs[i * c + best];
    if (classCount[k] !== classCount[best]) return classCount[k] < classCount[best];
    return false;
  }
}
