// Label QA in one call, what the scan and the page will wire in: the consensus (default method),
// each annotator's record, the split items and the coordinated flips. Coordinated flips need the
// probe's probabilities; without them the list is empty.
import type { JudgementTable } from '../annotations/judgements';
import { annotatorQuality, type AnnotatorQuality } from './annotator-quality';
import { coordinatedFlips, splitItems, type CoordinatedFlip, type SplitItem } from './disputes';
import { DEFAULT_METHOD, runConsensus } from './run';
import type { Consensus, ConsensusMethod } from './types';

export interface LabelQa {
  consensus: Consensus;
  /** Worst quality first. */
  annotators: AnnotatorQuality[];
  splits: SplitItem[];
  flips: CoordinatedFlip[];
}

export function labelQa(
  table: JudgementTable,
  probs: Float32Array | null,
  method: ConsensusMethod = DEFAULT_METHOD,
): LabelQa {
  const consensus = runConsensus({ table, probs }, method);
  return {
    consensus,
    annotators: annotatorQuality(table, consensus),
    splits: splitItems(table, consensus.labels),
    flips: probs ? coordinatedFlips(table, probs, consensus.labels).flips : [],
  };
}
