// Combines the detectors' results into one suspicion in [0, 1], one flag and one reason per sample.
//
// Calibration: each detector's scores are rank-normalised to r ∈ [0, 1] (share of samples with a
// strictly smaller score; ties equal, an all-zero detector gives 0 everywhere), so detectors with
// different scales compare, and a detector that is silent contributes nothing.
//
// Evidence of detector d for sample i, with a per-detector reliability weight w_d:
//   flagged by d:      e = w_d · (0.6 + 0.4·r)      (a detector's own confident verdict)
//   not flagged by d:  e = w_d · 0.5 · r⁴           (only the extreme tail of an unflagged score)
// and the evidence is pooled by noisy-OR, E = 1 − Π_d (1 − e_d): one strong detector is enough to
// make E large (a backdoor sample that confident learning cannot see still ranks high because
// spectral/activation clustering flag it), and agreeing detectors push it further up.
//
// Flag: flagged by at least one detector's own rule, except kNN outlier: being far from everything
// is atypical, not evidence of poisoning or a wrong label (rare but correct samples are outliers
// too), so it adds evidence but cannot flag on its own.
// Suspicion: flagged samples get 0.5 + 0.5·E, the others 0.5·E, so suspicion ≥ 0.5 ⟺ flagged,
// and the ranking never puts an unflagged sample above a flagged one.
// Reasons: the reasons of the detectors that flagged the sample, joined with "; ".
import type { DetectorResult } from '../types';
import { rankNormalise } from './stats';

/** Reliability weights (unknown detectors get DEFAULT_WEIGHT). */
export const DETECTOR_WEIGHTS: Record<string, number> = {
  spectral: 0.9,
  'activation-clustering': 0.9,
  'confident-learning': 0.95,
  'neighbour-disagreement': 0.8,
  duplicates: 0.95,
  'annotator-agreement': 0.8,
  'knn-outlier': 0.5,
};
export const DEFAULT_WEIGHT = 0.8;
/** Detectors whose flag alone does not flag a sample in the combined rule. */
export const NON_FLAGGING = new Set(['knn-outlier']);

export interface Combined {
  suspicion: Float32Array;
  flagged: Uint8Array;
  reasons: string[];
}

export function combine(results: DetectorResult[], n: number): Combined {
  const suspicion = new Float32Array(n);
  const flagged = new Uint8Array(n);
  const reasons: string[] = new Array<string>(n).fill('');
  const keep = new Float64Array(n).fill(1);
  const parts: string[][] = Array.from({ length: n }, () => []);
  for (const res of results) {
    if (res.scores.length !== n || res.flagged.length !== n) continue;
    const w = DETECTOR_WEIGHTS[res.name] ?? DEFAULT_WEIGHT;
    const counts = !NON_FLAGGING.has(res.name);
    const r = rankNormalise(res.scores);
    for (let i = 0; i < n; i++) {
      const isFlagged = res.flagged[i] === 1;
      const ri = r[i];
      const e = isFlagged ? w * (0.6 + 0.4 * ri) : w * 0.5 * ri * ri * ri * ri;
      keep[i] *= 1 - e;
      if (isFlagged) {
        if (counts) flagged[i] = 1;
        const why = res.reasons[i];
        if (why) parts[i].push(why);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const e = Math.min(1, Math.max(0, 1 - keep[i]));
    const s = flagged[i] ? 0.5 + 0.5 * e : 0.5 * Math.min(e, 0.999999);
    suspicion[i] = Number.isFinite(s) ? s : 0;
    if (flagged[i]) reasons[i] = parts[i].join('; ');
  }
  return { suspicion, flagged, reasons };
}
