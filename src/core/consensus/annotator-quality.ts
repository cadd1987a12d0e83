// Per-annotator record against a consensus: how often they agree with it (raw and adjusted for
// chance: Cohen's κ), the consensus method's probability of the labels they gave, one quality
// score that mixes the two as the method says (Consensus.labelQualityShare; CROWDLAB's annotator
// quality), a confusion matrix (consensus class × their label) and their worst confusion.
import type { JudgementTable } from '../annotations/judgements';
import type { Consensus } from './types';
import { countVotes } from './votes';

export interface AnnotatorQuality {
  annotator: string;
  judgements: number;
  /** Share of their judgements that match the consensus, on items with more than one judgement. */
  agreement: number;
  /** Cohen's κ of their labels against the consensus: agreement beyond what their label mix gives by chance. */
  kappa: number;
  /** Mean posterior probability of the labels they gave (how plausible their labels are). */
  labelQuality: number;
  /** labelQualityShare × labelQuality + (1 − share) × agreement. Lower = worse. */
  quality: number;
  /** confusion[k][l] = items of consensus class k they labelled l. */
  confusion: number[][];
  /** Their most frequent disagreement: consensus class → the class they gave, and how often. */
  worstConfusion: { consensus: string; given: string; count: number } | null;
}

/** Every annotator's record, worst quality first (ties: lower agreement first). */
export function annotatorQuality(table: JudgementTable, consensus: Consensus): AnnotatorQuality[] {
  const c = table.classes.length;
  const m = table.annotators.length;
  const { total } = countVotes(table);
  const anyMulti = total.some((t) => t > 1);
  const confusion = Array.from({ length: m }, () =>
    Array.from({ length: c }, () => new Array<number>(c).fill(0)),
  );
  const counted = new Float64Array(m);
  const agreed = new Float64Array(m);
  const lq = new Float64Array(m);
  const judged = new Float64Array(m);
  for (let j = 0; j < table.item.length; j++) {
    const i = table.item[j];
    const a = table.annotator[j];
    const given = table.label[j];
    const k = consensus.labels[i];
    judged[a]++;
    lq[a] += consensus.posterior[i * c + given];
    if (k >= 0) confusion[a][k][given]++;
    // Agreement counts items others judged too (cleanlab's rule): alone, an annotator is the consensus.
    if (k >= 0 && (total[i] > 1 || !anyMulti)) {
      counted[a]++;
      if (given === k) agreed[a]++;
    }
  }
  const share = consensus.labelQualityShare;
  const rows = table.annotators.map((annotator, a): AnnotatorQuality => {
    const agreement = counted[a] > 0 ? agreed[a] / counted[a] : NaN;
    const labelQuality = judged[a] > 0 ? lq[a] / judged[a] : NaN;
    return {
      annotator,
      judgements: judged[a],
      agreement,
      kappa: cohenKappa(confusion[a]),
      labelQuality,
      quality: share * labelQuality + (1 - share) * agreement,
      confusion: confusion[a],
      worstConfusion: worstCell(confusion[a], table.classes),
    };
  });
  return rows.sort((x, y) => x.quality - y.quality || x.agreement - y.agreement);
}

function cohenKappa(cm: number[][]): number {
  const c = cm.length;
  let n = 0;
  let observed = 0;
  const rows = new Float64Array(c);
  const cols = new Float64Array(c);
  for (let k = 0; k < c; k++)
    for (let l = 0; l < c; l++) {
      n += cm[k][l];
      rows[k] += cm[k][l];
      cols[l] += cm[k][l];
      if (k === l) observed += cm[k][l];
    }
  if (n === 0) return NaN;
  let expected = 0;
  for (let k = 0; k < c; k++) expected += (rows[k] * cols[k]) / (n * n);
  return expected >= 1 ? 1 : (observed / n - expected) / (1 - expected);
}

function worstCell(cm: number[][], classes: string[]): AnnotatorQuality['worstConfusion'] {
  let best: AnnotatorQuality['worstConfusion'] = null;
  cm.forEach((row, k) =>
    row.forEach((count, l) => {
      if (k !== l && count > 0 && (!best || count > best.count))
        best = { consensus: classes[k], given: classes[l], count };
    }),
  );
  return best;
}
