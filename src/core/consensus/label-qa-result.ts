// What the scan records of label QA (ScanResult.labelQa): plain data, row-aligned with the scan's
// items, so it crosses to the page and goes into report.json as it is.
import type { AnnotatorQuality } from './annotator-quality';
import type { CoordinatedFlip, SplitItem } from './disputes';
import type { ConsensusMethod } from './types';

export interface AnnotatorRecord extends AnnotatorQuality {
  /** Robust z of their κ against the other annotators' (annotator-outliers.ts); NaN when not rated. */
  z: number;
  kappaSE: number;
  /** Stands out by the rule in LabelQaResult.rule. */
  suspect: boolean;
  /** Rows (items) where their label differs from the consensus. */
  disputed: number[];
}

export interface LabelQaResult {
  format: 'long' | 'wide' | 'label-studio';
  /** The file the judgements came from. */
  source: string;
  method: ConsensusMethod;
  /** Same order as the scan's classes. */
  classes: string[];
  annotators: string[];
  /** Every judgement: item (row), annotator, class; equal lengths. */
  judgements: { item: Int32Array; annotator: Int32Array; label: Int32Array };
  /** Majority vote per item: what the probe trained on (-1: no judgement). */
  firstLabels: Int32Array;
  /** Consensus per item: what the detectors ran on (-1: no judgement). */
  consensus: Int32Array;
  /** The consensus method's probability of its label, per item. */
  quality: Float32Array;
  /** Annotator records, worst quality first. */
  annotatorTable: AnnotatorRecord[];
  /** How suspect annotators are told (annotator-outliers.ts). */
  rule: string;
  splits: SplitItem[];
  flips: CoordinatedFlip[];
}
