// Consensus of several annotators' judgements, per-annotator quality, and disputed items.
import { crowdlab } from './crowdlab';
import { dawidSkene } from './dawid-skene';
import { majorityVote } from './majority-vote';
import type { Consensus, ConsensusInput, ConsensusMethod } from './types';

export { crowdlab } from './crowdlab';
export { dawidSkene, type DawidSkeneOptions } from './dawid-skene';
export { majorityVote } from './majority-vote';
export { annotatorQuality, type AnnotatorQuality } from './annotator-quality';
export { coordinatedFlips, splitItems, type CoordinatedFlip, type SplitItem } from './disputes';
export type { Consensus, ConsensusInput, ConsensusMethod } from './types';

/**
 * The method used when none is asked for: the one that measured best on bench/consensus.ts
 * (see the README's "Label QA" section). Without model probabilities CROWDLAB cannot run and
 * Dawid–Skene runs on the judgements alone.
 */
export const DEFAULT_METHOD: ConsensusMethod = 'dawid-skene';

export function runConsensus(input: ConsensusInput, method: ConsensusMethod = DEFAULT_METHOD): Consensus {
  if (method === 'majority-vote') return majorityVote(input);
  if (method === 'crowdlab' && input.probs) return crowdlab(input);
  return dawidSkene(input);
}
