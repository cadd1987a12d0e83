// Every detector the scan runs, in report order. Adding a detector = one file + one line here.
import type { Detector } from '../types';
import { activationClustering } from './activation-clustering';
import { annotatorAgreement } from './annotator-agreement';
import { confidentLearning } from './confident-learning';
import { duplicates } from './duplicates';
import { knnOutlier } from './knn-outlier';
import { neighbourDisagreement } from './neighbour-disagreement';
import { spectral } from './spectral';
import { supportGap } from './support-gap';

export const detectors: Detector[] = [
  spectral,
  activationClustering,
  confidentLearning,
  knnOutlier,
  neighbourDisagreement,
  duplicates,
  annotatorAgreement,
  supportGap,
];
