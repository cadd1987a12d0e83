// Every detector the scan runs, in report order. Adding a detector = one file + one line here.
import type { Detector, ImageDetector } from '../types';
import { activationClustering } from './activation-clustering';
import { annotatorAgreement } from './annotator-agreement';
import { confidentLearning } from './confident-learning';
import { duplicates } from './duplicates';
import { knnOutlier } from './knn-outlier';
import { neighbourDisagreement } from './neighbour-disagreement';
import { spectral } from './spectral';
import { supportGap } from './support-gap';
import { triggerCarriers } from './trigger-carriers';

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

/** Second-pass detectors for image data, run after `detectors` on their results and the pixels. */
export const imageDetectors: ImageDetector[] = [triggerCarriers];

/** One-line description of every detector, by name (the report and the audit). */
export const detectorDescriptions: ReadonlyMap<string, string> = new Map(
  [...detectors, ...imageDetectors].map((d) => [d.name, d.description]),
);
