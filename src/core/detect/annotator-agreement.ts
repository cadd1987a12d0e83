// Annotator agreement (label-QA practice).
// Per annotator a: modelDisagreement m_a = share of a's labelled items whose label differs from the
// out-of-fold argmax; neighbourDisagreement g_a = share where more than half of the labelled kNN
// neighbours carry another label. Each rate is compared to the pooled rate of all OTHER
// annotators with a two-proportion z-score; the annotator score is the mean of the two z-scores.
// An annotator is suspect when score ≥ 3 (and has ≥ 5 items); its items that the model or the
// neighbours dispute are flagged.
// Per-sample score = own disagreement d_i = ½·(1 − p(label)) + ½·(neighbour disagreement share),
// weighted by w_a = 0.1 + 0.9·excess_a, where excess_a = max(0, r_a − r_others) / r_a is the share
// of a's disputes not explained by the base rate (r = mean of the model and neighbour rates). A bad
// annotator's doubtful items therefore rise above everyone else's.
import type { AnnotatorSummary, Detector, DetectorInputs, DetectorResult, Reason } from '../types';
import { neighbourVotes } from './neighbour-disagreement';
import { argmaxRow, className, prob, round } from './stats';

export const ANNOTATOR_PARAMS = { minZ: 3, minItems: 5 };

function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 0;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return 0;
  return (p1 - p2) / se;
}

export interface AnnotatorAgreementDetails {
  annotators: AnnotatorSummary[];
  /** Absent when the data names no annotators. */
  suspect?: string[];
  note?: string;
}

export const annotatorAgreement: Detector<AnnotatorAgreementDetails> = {
  name: 'annotator-agreement',
  title: 'Annotator agreement',
  description:
    'Annotator agreement: annotators whose labels the model and the neighbours dispute more than the others',
  explanation:
    'These items come from annotators whose labels the model and the neighbours dispute far more often than other annotators’.',
  severity: 'medium',
  weight: 0.85,
  family: 'label',
  // A suspect annotator's disputed items are a coordinated group.
  flag: 'group',
  run(inputs: DetectorInputs): DetectorResult<AnnotatorAgreementDetails> {
    const { n, c, labels, probs, knn, annotators, classes } = inputs;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    if (!annotators) {
      return {
        name: 'annotator-agreement',
        scores,
        flagged,
        reasons,
        params: { ...ANNOTATOR_PARAMS },
        annotatorFindings: { table: [], suspect: [] },
        details: { annotators: [], note: 'no annotator column' },
      };
    }
    const votes = neighbourVotes(n, c, labels, knn);
    const ids = new Map<string, number>();
    const names: string[] = [];
    const who = new Int32Array(n).fill(-1);
    const modelDis = new Uint8Array(n);
    const neighDis = new Uint8Array(n);
    const own = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = annotators[i];
      const y = labels[i];
      if (a === null || a === undefined || y < 0 || y >= c) continue;
      let id = ids.get(a);
      if (id === undefined) {
        id = names.length;
        ids.set(a, id);
        names.push(a);
      }
      who[i] = id;
      modelDis[i] = argmaxRow(probs, i, c) !== y ? 1 : 0;
      neighDis[i] = votes.labelled[i] > 0 && votes.disagreement[i] > 0.5 ? 1 : 0;
      own[i] = 0.5 * (1 - Math.min(1, Math.max(0, prob(probs, i, c, y)))) + 0.5 * votes.disagreement[i];
    }
    const A = names.length;
    const items = new Float64Array(A);
    const xm = new Float64Array(A);
    const xg = new Float64Array(A);
    for (let i = 0; i < n; i++) {
      const a = who[i];
      if (a < 0) continue;
      items[a]++;
      xm[a] += modelDis[i];
      xg[a] += neighDis[i];
    }
    let totN = 0;
    let totM = 0;
    let totG = 0;
    for (let a = 0; a < A; a++) {
      totN += items[a];
      totM += xm[a];
      totG += xg[a];
    }
    const score = new Float64Array(A);
    const weight = new Float64Array(A);
    const suspect = new Uint8Array(A);
    for (let a = 0; a < A; a++) {
      const no = totN - items[a];
      const zm = twoProportionZ(xm[a], items[a], totM - xm[a], no);
      const zg = twoProportionZ(xg[a], items[a], totG - xg[a], no);
      score[a] = Number.isFinite(zm + zg) ? (zm + zg) / 2 : 0;
      const ra = items[a] > 0 ? (xm[a] + xg[a]) / (2 * items[a]) : 0;
      const ro = no > 0 ? (totM - xm[a] + totG - xg[a]) / (2 * no) : ra;
      const excess = ra > 0 ? Math.max(0, ra - ro) / ra : 0;
      weight[a] = 0.1 + 0.9 * excess;
      suspect[a] = score[a] >= ANNOTATOR_PARAMS.minZ && items[a] >= ANNOTATOR_PARAMS.minItems ? 1 : 0;
    }
    const flaggedPer = new Float64Array(A);
    for (let i = 0; i < n; i++) {
      const a = who[i];
      if (a < 0) continue;
      scores[i] = own[i] * weight[a];
      if (suspect[a] && (modelDis[i] || neighDis[i])) {
        flagged[i] = 1;
        flaggedPer[a]++;
        const rate = (100 * (xm[a] + xg[a])) / (2 * items[a]);
        const others =
          totN - items[a] > 0 ? (100 * (totM - xm[a] + totG - xg[a])) / (2 * (totN - items[a])) : 0;
        const pred = argmaxRow(probs, i, c);
        reasons[i] = {
          detector: 'annotator-agreement',
          tag: `annotator ${names[a]}`,
          text:
            `${rate.toFixed(0)}% of labels disputed vs ${others.toFixed(0)}% for others; ` +
            (modelDis[i]
              ? `model says ${className(classes, pred)}`
              : `neighbours say ${className(classes, votes.topOther[i])}`),
          values: { disputedPercent: rate, othersPercent: others },
        };
      }
    }
    for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i])) scores[i] = 0;
    const summaries: AnnotatorSummary[] = names.map((name, a) => ({
      annotator: name,
      items: items[a],
      flagged: flaggedPer[a],
      modelDisagreement: round(items[a] > 0 ? xm[a] / items[a] : 0),
      neighbourDisagreement: round(items[a] > 0 ? xg[a] / items[a] : 0),
      score: round(score[a], 3),
    }));
    summaries.sort(
      (p, q) => q.score - p.score || (p.annotator < q.annotator ? -1 : p.annotator > q.annotator ? 1 : 0),
    );
    const suspects = names.filter((_, a) => suspect[a]);
    return {
      name: 'annotator-agreement',
      scores,
      flagged,
      reasons,
      params: {
        ...ANNOTATOR_PARAMS,
        score: 'mean of two-proportion z-scores (model, neighbours) vs the other annotators',
      },
      annotatorFindings: { table: summaries, suspect: suspects },
      details: { annotators: summaries, suspect: suspects },
    };
  },
};
