// Label QA's evidence as a detector result, so the combined suspicion weighs it like any other:
// coordinated flips (unanimous annotators the data contradicts) and the labels a suspect
// annotator gave against the consensus are coordinated groups, the top tier. The score is how
// unsure the consensus is (1 − its probability), raised to P(label wrong) on a coordinated flip.
import type { AnnotatorSummary, DetectorDefinition, DetectorResult, KnnGraph, Reason } from '../types';
import type { LabelQaResult } from './label-qa-result';

export const CONSENSUS_DETECTOR = 'label-consensus';

export const consensusDefinition: DetectorDefinition = {
  name: CONSENSUS_DETECTOR,
  title: 'Label consensus',
  description:
    "several annotators' judgements per item: the consensus (Dawid–Skene with the probe as prior), coordinated flips and a suspect annotator's disputed labels",
  explanation:
    'Several people labelled each item. Where they all agree yet the data says otherwise (a coordinated flip), or where an annotator who disagrees with the others far more than the rest gave the label, the label needs a look.',
  severity: 'medium',
  weight: 0.85,
  family: 'label',
  flag: 'group',
};

export function consensusResult(qa: LabelQaResult, n: number): DetectorResult {
  const scores = new Float32Array(n);
  const flagged = new Uint8Array(n);
  const reasons: (Reason | null)[] = new Array<Reason | null>(n).fill(null);
  for (let i = 0; i < n; i++) scores[i] = qa.consensus[i] >= 0 ? 1 - qa.quality[i] : 0;
  for (const a of qa.annotatorTable) {
    if (!a.suspect) continue;
    const given = givenBy(qa, qa.annotators.indexOf(a.annotator));
    for (const i of a.disputed) {
      flagged[i] = 1;
      reasons[i] ??= {
        detector: CONSENSUS_DETECTOR,
        tag: `annotator ${a.annotator}`,
        text: `said "${qa.classes[given.get(i) as number]}", the consensus is "${qa.classes[qa.consensus[i]]}" (their κ ${a.kappa.toFixed(2)}, z ${a.z.toFixed(1)})`,
        values: { kappa: a.kappa, z: a.z },
      };
    }
  }
  for (const f of qa.flips) {
    const i = f.item;
    flagged[i] = 1;
    scores[i] = Math.max(scores[i], f.wrongProbability);
    reasons[i] = {
      detector: CONSENSUS_DETECTOR,
      tag: 'coordinated flip',
      text: `all ${f.annotators} annotators said "${f.label}", the data says "${f.modelClass}" (P(label wrong) ${f.wrongProbability.toFixed(2)})`,
      values: { wrongProbability: f.wrongProbability, annotators: f.annotators },
    };
  }
  return {
    name: CONSENSUS_DETECTOR,
    scores,
    flagged,
    reasons,
    params: { method: qa.method, rule: qa.rule },
    annotatorFindings: {
      table: [],
      suspect: qa.annotatorTable.filter((a) => a.suspect).map((a) => a.annotator),
    },
  };
}

/** The label one annotator gave, by item. */
function givenBy(qa: LabelQaResult, annotator: number): Map<number, number> {
  const out = new Map<number, number>();
  const { item, annotator: who, label } = qa.judgements;
  for (let j = 0; j < item.length; j++) if (who[j] === annotator) out.set(item[j], label[j]);
  return out;
}

/**
 * The per-annotator table of the scan (ScanResult.annotators) from label QA: items judged, how
 * many of them the combined rule flagged, how often the probe and the kNN neighbours' consensus
 * labels disagree with their labels, and their score (minus the robust z of their κ with the
 * consensus, annotator-outliers.ts), worst first.
 */
export function consensusAnnotators(
  qa: LabelQaResult,
  predicted: Int32Array,
  knn: KnnGraph,
  combinedFlags: Uint8Array,
): AnnotatorSummary[] {
  const m = qa.annotators.length;
  const items = new Float64Array(m);
  const flagged = new Float64Array(m);
  const model = new Float64Array(m);
  const neighbours = new Float64Array(m);
  const { item, annotator, label } = qa.judgements;
  const k = knn.k;
  for (let j = 0; j < item.length; j++) {
    const i = item[j];
    const a = annotator[j];
    items[a]++;
    if (combinedFlags[i]) flagged[a]++;
    if (predicted[i] !== label[j]) model[a]++;
    let differ = 0;
    let seen = 0;
    for (let t = 0; t < k; t++) {
      const nb = knn.indices[i * k + t];
      if (nb < 0 || qa.consensus[nb] < 0) continue;
      seen++;
      if (qa.consensus[nb] !== label[j]) differ++;
    }
    if (seen > 0 && differ * 2 > seen) neighbours[a]++;
  }
  const z = new Map(qa.annotatorTable.map((r) => [r.annotator, r.z]));
  return qa.annotators
    .map((name, a) => ({
      annotator: name,
      items: items[a],
      flagged: flagged[a],
      modelDisagreement: items[a] ? model[a] / items[a] : 0,
      neighbourDisagreement: items[a] ? neighbours[a] / items[a] : 0,
      // Higher = worse, like annotator agreement's z: minus the robust z of their κ (0 when unrated).
      score: Number.isFinite(z.get(name)) ? -(z.get(name) as number) : 0,
    }))
    .sort((x, y) => y.score - x.score);
}
