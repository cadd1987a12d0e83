// What every consensus method returns, so the page, the report and the bench treat them alike.
import type { JudgementTable } from '../annotations/judgements';

export type ConsensusMethod = 'majority-vote' | 'dawid-skene' | 'crowdlab';

export interface Consensus {
  method: ConsensusMethod;
  /** Consensus class per item; -1 when the item has no judgement and there is no model. */
  labels: Int32Array;
  /** Confidence that the consensus label is right, in [0, 1] (the posterior of that label). */
  quality: Float32Array;
  /** Per item, the method's probability of each class: row-major items × classes. */
  posterior: Float32Array;
  /**
   * How much the posterior's probability of an annotator's label counts in that annotator's
   * quality, against plain agreement with consensus (annotator-quality.ts). CROWDLAB: the model's
   * share of the weights; Dawid–Skene: 1 (its posterior already weighs every annotator);
   * majority vote: 0.
   */
  labelQualityShare: number;
  /** Anything the method estimated that explains its verdict (weights, confusion matrices). */
  details: Record<string, unknown>;
}

/** The judgements and, where a probe ran, its out-of-fold probabilities (items × classes, same order). */
export interface ConsensusInput {
  table: JudgementTable;
  probs?: Float32Array | null;
}
