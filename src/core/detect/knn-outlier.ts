// kNN outlier (cleanlab Datalab's outlier issue): score = mean distance to the k nearest
// neighbours in embedding space. Flag = one-sided robust outlier: score > median + 3·1.4826·MAD
// (≈ 3 standard deviations for Gaussian-like scores). Labels are not used.
import type { Detector, DetectorInputs, DetectorResult, Reason } from '../types';
import { median, robustSpread, round } from './stats';

export const KNN_OUTLIER_PARAMS = { madMultiplier: 3 };

export interface KnnOutlierDetails {
  median: number;
  spread: number;
  threshold: number;
}

export const knnOutlier: Detector<KnnOutlierDetails> = {
  name: 'knn-outlier',
  title: 'kNN outlier',
  description: 'kNN outlier: mean distance to the k nearest neighbours in embedding space',
  explanation:
    'These samples are far from all others; unusual rather than evidence of poisoning, so this check alone does not flag a sample in the combined result.',
  // Being far from everything is atypical, not evidence of poisoning: rare but correct samples
  // are outliers too.
  severity: 'info',
  weight: 0.5,
  flag: 'evidence',
  run(inputs: DetectorInputs): DetectorResult<KnnOutlierDetails> {
    const { n, knn } = inputs;
    const k = knn.k;
    const scores = new Float32Array(n);
    const flagged = new Uint8Array(n);
    const reasons = new Array<Reason | null>(n).fill(null);
    if (k > 0) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let t = 0; t < k; t++) s += knn.distances[i * k + t];
        const v = s / k;
        scores[i] = Number.isFinite(v) ? v : 0;
      }
    }
    const med = median(scores);
    const spread = robustSpread(scores, med);
    const threshold = med + KNN_OUTLIER_PARAMS.madMultiplier * spread;
    if (spread > 0) {
      for (let i = 0; i < n; i++) {
        if (scores[i] > threshold) {
          flagged[i] = 1;
          const ratio = scores[i] / Math.max(med, 1e-12);
          reasons[i] = {
            detector: 'knn-outlier',
            tag: 'outlier',
            text: `mean distance to ${k} nearest neighbours ${ratio.toFixed(1)}× the median`,
            values: { k, ratioToMedian: ratio },
          };
        }
      }
    }
    return {
      name: 'knn-outlier',
      scores,
      flagged,
      reasons,
      params: { ...KNN_OUTLIER_PARAMS, k },
      details: { median: round(med), spread: round(spread), threshold: round(threshold) },
    };
  },
};
