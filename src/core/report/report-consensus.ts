// report.json's "consensus" block, when the input held several annotators' judgements: how the
// consensus was reached, each item's first (majority) and consensus label with the consensus's
// probability, every annotator's record with their confusion matrix, the split items and the
// coordinated flips. Items are named by their ids, as in scores.csv.
import type { ScanResult } from '../types';

const r4 = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(4)) : null);

export interface ReportedConsensus {
  format: string;
  source: string;
  method: string;
  classes: string[];
  items: number;
  judgements: number;
  /** How suspect annotators are told. */
  rule: string;
  quality: { mean: number | null; min: number | null; below50: number };
  /** Items whose consensus differs from the majority vote the probe trained on. */
  changedFromMajority: number;
  perItem: {
    id: string;
    majority: string | null;
    consensus: string | null;
    quality: number | null;
    judgements: number;
  }[];
  annotators: {
    annotator: string;
    judgements: number;
    agreement: number | null;
    kappa: number | null;
    kappaSE: number | null;
    z: number | null;
    suspect: boolean;
    labelQuality: number | null;
    quality: number | null;
    /** confusion[k][l]: items of consensus class k they labelled l (classes in `classes` order). */
    confusion: number[][];
    worstConfusion: { consensus: string; given: string; count: number } | null;
    disputed: string[];
  }[];
  splits: { id: string; votes: Record<string, number>; agreement: number | null; consensus: string | null }[];
  flips: {
    id: string;
    label: string;
    annotators: number;
    modelClass: string;
    modelProbability: number | null;
    wrongProbability: number | null;
  }[];
}

export function reportedConsensus(result: ScanResult): ReportedConsensus | undefined {
  const qa = result.labelQa;
  if (!qa) return undefined;
  const { ids } = result;
  const name = (k: number) => (k >= 0 ? qa.classes[k] : null);
  const counts = new Int32Array(result.n);
  for (const i of qa.judgements.item) counts[i]++;
  const judged = Array.from(qa.consensus.keys()).filter((i) => qa.consensus[i] >= 0);
  const q = judged.map((i) => qa.quality[i]);
  return {
    format: qa.format,
    source: qa.source,
    method: qa.method,
    classes: qa.classes,
    items: result.n,
    judgements: qa.judgements.item.length,
    rule: qa.rule,
    quality: {
      mean: q.length ? r4(q.reduce((a, b) => a + b, 0) / q.length) : null,
      min: q.length ? r4(Math.min(...q)) : null,
      below50: q.filter((v) => v < 0.5).length,
    },
    changedFromMajority: judged.filter((i) => qa.consensus[i] !== qa.firstLabels[i]).length,
    perItem: ids.map((id, i) => ({
      id,
      majority: name(qa.firstLabels[i]),
      consensus: name(qa.consensus[i]),
      quality: qa.consensus[i] >= 0 ? r4(qa.quality[i]) : null,
      judgements: counts[i],
    })),
    annotators: qa.annotatorTable.map((a) => ({
      annotator: a.annotator,
      judgements: a.judgements,
      agreement: r4(a.agreement),
      kappa: r4(a.kappa),
      kappaSE: r4(a.kappaSE),
      z: r4(a.z),
      suspect: a.suspect,
      labelQuality: r4(a.labelQuality),
      quality: r4(a.quality),
      confusion: a.confusion,
      worstConfusion: a.worstConfusion,
      disputed: a.disputed.map((i) => ids[i]),
    })),
    splits: qa.splits.map((s) => ({
      id: ids[s.item],
      votes: s.votes,
      agreement: r4(s.agreement),
      consensus: s.consensus,
    })),
    flips: qa.flips.map((f) => ({
      id: ids[f.item],
      label: f.label,
      annotators: f.annotators,
      modelClass: f.modelClass,
      modelProbability: r4(f.modelProbability),
      wrongProbability: r4(f.wrongProbability),
    })),
  };
}
