// Two kinds of item worth a reviewer's time:
// - split items: the annotators disagree (fewest agreeing first);
// - coordinated flips: every annotator gave the same label, yet the data says otherwise. Unanimous
//   independent annotators are almost never all wrong, so such an item is either a hard case or
//   annotators who did not judge independently (a shared guideline error, copying, a planted
//   flip). The statistic treats the unanimous group as ONE judgement, with the pooled annotator
//   confusion θ (consensus class × given label, estimated over all judgements), and combines it
//   with the probe's calibrated out-of-fold probabilities p(k | x):
//     P(label wrong) = 1 − p(y|x)·θ[y][y] / Σ_k p(k|x)·θ[k][y].
//   The item is flagged when that exceeds ½: a label that is more likely wrong than right is the
//   Bayes decision, not a threshold tuned on data.
import type { JudgementTable } from '../annotations/judgements';
import { argmaxRow, countVotes } from './votes';

export interface SplitItem {
  item: number;
  /** Votes per class, as class name → count (only classes with votes). */
  votes: Record<string, number>;
  /** Share of the judgements that went to the most chosen class. */
  agreement: number;
  consensus: string | null;
}

export interface CoordinatedFlip {
  item: number;
  /** The label every annotator gave. */
  label: string;
  annotators: number;
  /** The probe's probability of that label. */
  modelProbability: number;
  /** The class the probe finds most probable. */
  modelClass: string;
  /** P(label wrong) with the annotators counted as one judgement (see above). */
  wrongProbability: number;
}

export function splitItems(table: JudgementTable, consensus?: Int32Array): SplitItem[] {
  const { n, c, counts, total } = countVotes(table);
  const out: SplitItem[] = [];
  for (let i = 0; i < n; i++) {
    if (total[i] < 2) continue;
    let top = 0;
    const votes: Record<string, number> = {};
    for (let k = 0; k < c; k++) {
      const v = counts[i * c + k];
      if (v > 0) votes[table.classes[k]] = v;
      top = Math.max(top, v);
    }
    if (top === total[i]) continue;
    const label = consensus ? consensus[i] : argmaxRow(counts, i, c);
    out.push({
      item: i,
      votes,
      agreement: top / total[i],
      consensus: label >= 0 ? table.classes[label] : null,
    });
  }
  return out.sort((a, b) => a.agreement - b.agreement || a.item - b.item);
}

export interface CoordinatedFlipOptions {
  /** Fewest unanimous annotators for an item to count (default 2). */
  minAnnotators?: number;
}

/**
 * Unanimous items whose label is more likely wrong than right (see the top of the file), most
 * likely wrong first. `consensus` (any method's) is what the pooled confusion is estimated against.
 */
export function coordinatedFlips(
  table: JudgementTable,
  probs: Float32Array,
  consensus: Int32Array,
  opts: CoordinatedFlipOptions = {},
): { flips: CoordinatedFlip[]; confusion: number[][] } {
  const minAnnotators = opts.minAnnotators ?? 2;
  const { n, c, counts, total } = countVotes(table);
  const theta = pooledConfusion(table, consensus);
  const flips: CoordinatedFlip[] = [];
  for (let i = 0; i < n; i++) {
    if (total[i] < minAnnotators) continue;
    const y = argmaxRow(counts, i, c);
    if (counts[i * c + y] !== total[i]) continue;
    let evidence = 0;
    for (let k = 0; k < c; k++) evidence += probs[i * c + k] * theta[k][y];
    const wrong = evidence > 0 ? 1 - (probs[i * c + y] * theta[y][y]) / evidence : 0;
    if (wrong <= 0.5) continue;
    flips.push({
      item: i,
      label: table.classes[y],
      annotators: total[i],
      modelProbability: probs[i * c + y],
      modelClass: table.classes[argmaxRow(probs, i, c)],
      wrongProbability: wrong,
    });
  }
  flips.sort((a, b) => b.wrongProbability - a.wrongProbability || a.item - b.item);
  return { flips, confusion: theta };
}

/** P(an annotator gives l | consensus class k), over every judgement, with one pseudo-count per cell. */
function pooledConfusion(table: JudgementTable, consensus: Int32Array): number[][] {
  const c = table.classes.length;
  const cm = Array.from({ length: c }, () => new Array<number>(c).fill(1));
  for (let j = 0; j < table.item.length; j++) {
    const k = consensus[table.item[j]];
    if (k >= 0) cm[k][table.label[j]]++;
  }
  return cm.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / s);
  });
}
