// Every detector the scan runs, in report order. Adding a detector = one file + one line here:
// its definition carries everything combine, the report, the audit and the page need.
import type { Detector, DetectorDefinition, DetectorInfo, ImageDetector } from '../types';
import { activationClustering } from './activation-clustering';
import { annotatorAgreement } from './annotator-agreement';
import { campaign } from './campaign';
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
  campaign,
];

/** Second-pass detectors for image data, run after `detectors` on their results and the pixels. */
export const imageDetectors: ImageDetector[] = [triggerCarriers];

/** Every registered detector's definition, first pass then second. */
export const definitions: readonly DetectorDefinition[] = [...detectors, ...imageDetectors];

/** What the detectors say about themselves, as plain data for the scan result (page, audit). */
export function describeDetectors(defs: readonly DetectorDefinition[] = definitions): DetectorInfo[] {
  return defs.map(({ name, title, description, explanation, severity }) => ({
    name,
    title,
    description,
    explanation,
    severity,
  }));
}
