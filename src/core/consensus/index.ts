// Consensus of several annotators' judgements, per-annotator quality, and disputed items.
export { crowdlab } from './crowdlab';
export { dawidSkene, type DawidSkeneOptions } from './dawid-skene';
export { majorityVote } from './majority-vote';
export { annotatorQuality, type AnnotatorQuality } from './annotator-quality';
export { coordinatedFlips, splitItems, type CoordinatedFlip, type SplitItem } from './disputes';
export type { Consensus, ConsensusInput, ConsensusMethod } from './types';
export { DEFAULT_METHOD, runConsensus } from './run';
export { labelQa, type LabelQa } from './label-qa';
