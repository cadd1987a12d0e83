// The scan's label-QA stage, when the input holds several annotators' judgements: the probe
// trains on the majority vote (firstLabels); with its out-of-fold probabilities the consensus
// (Dawid–Skene with the probe as each item's prior, consensus/run.ts) replaces the labels the
// detectors run on. One consensus pass: the probe is not retrained on the consensus labels (the
// majority vote already agrees with the consensus on all but a few items, and a second K-fold
// training would double the scan's time for them).
import type { ItemsWithJudgements } from './annotations/judgement-input';
import { withClassOrder } from './annotations/judgements';
import { annotatorOutliers, OUTLIER_RULE } from './consensus/annotator-outliers';
import { consensusDefinition, consensusResult } from './consensus/consensus-detector';
import { labelQa } from './consensus/label-qa';
import type { AnnotatorRecord, LabelQaResult } from './consensus/label-qa-result';
import { majorityVote } from './consensus/majority-vote';
import { definitions } from './detect/registry';
import type { DetectorDefinition, DetectorResult } from './types';

/** Classes and first labels for the probe: the judgements' classes, the majority vote per item. */
export function firstLabels(judgements: ItemsWithJudgements): { classes: string[]; labels: Int32Array } {
  const { table } = judgements;
  return { classes: table.classes, labels: majorityVote({ table }).labels };
}

export interface LabelQaStage {
  qa: LabelQaResult;
  /** The labels the detectors run on: the consensus where an item was judged, else -1. */
  labels: Int32Array;
  result: DetectorResult;
}

export function labelQaStage(
  judgements: ItemsWithJudgements,
  classes: string[],
  probs: Float32Array,
  probeTrained: boolean,
): LabelQaStage {
  const table = withClassOrder(judgements.table, classes);
  const found = labelQa(table, probeTrained ? probs : null);
  const outliers = annotatorOutliers(found.annotators);
  const n = table.items.length;
  const judged = new Uint8Array(n);
  for (const i of table.item) judged[i] = 1;
  const consensus = found.consensus.labels.map((k, i) => (judged[i] ? k : -1));
  const index = new Map(table.annotators.map((a, i) => [a, i]));
  const annotatorTable: AnnotatorRecord[] = found.annotators.map((row, r) => {
    const a = index.get(row.annotator) as number;
    const disputed: number[] = [];
    for (let j = 0; j < table.item.length; j++)
      if (table.annotator[j] === a && table.label[j] !== consensus[table.item[j]])
        disputed.push(table.item[j]);
    return { ...row, ...outliers[r], disputed };
  });
  const qa: LabelQaResult = {
    format: judgements.format,
    source: judgements.source,
    method: found.consensus.method,
    classes: table.classes,
    annotators: table.annotators,
    judgements: { item: table.item, annotator: table.annotator, label: table.label },
    firstLabels: majorityVote({ table }).labels,
    consensus,
    quality: found.consensus.quality,
    annotatorTable,
    rule: OUTLIER_RULE,
    splits: found.splits,
    flips: found.flips,
  };
  return { qa, labels: consensus, result: consensusResult(qa, n) };
}

/** The definitions combine weighs results by: the registry's, and label QA's when it ran. */
export function definitionsWith(
  stage: LabelQaStage | null,
  base: readonly DetectorDefinition[] = definitions,
): readonly DetectorDefinition[] {
  return stage ? [...base, consensusDefinition] : base;
}
