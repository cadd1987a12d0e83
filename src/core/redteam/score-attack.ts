// How much of a planted attack a scan found: the combined suspicion's AUROC and recall at
// k = 1.5 × planted, the flagged set's precision/recall/F1, and each detector on its own.
import type { ScanResult } from '../types';
import { auroc, averagePrecision, flagQuality, recallAtK } from './ranking-metrics';

export interface DetectorCatch {
  name: string;
  auroc: number | null;
  /** Planted rows among this detector's own flags, and how many it flagged. */
  flagged: number;
  truePositives: number;
}

export interface AttackScore {
  plantedCount: number;
  /** AUROC of the combined suspicion against the planted rows (null when nothing was planted). */
  auroc: number | null;
  averagePrecision: number | null;
  /** k = round(1.5 × planted). */
  k: number;
  recallAtK: number | null;
  flagged: { count: number; truePositives: number; precision: number; recall: number | null; f1: number };
  /** Every detector's own AUROC and flags, best AUROC first. */
  detectors: DetectorCatch[];
}

export function scoreAttack(result: ScanResult, planted: Uint8Array): AttackScore {
  if (planted.length !== result.n)
    throw new RangeError(`scoreAttack: ${planted.length} planted flags for ${result.n} rows`);
  const plantedCount = planted.reduce((s, v) => s + v, 0);
  const k = Math.min(result.n, Math.round(1.5 * plantedCount));
  const f = flagQuality(result.flagged, planted);
  const detectors = result.detectors
    .map((d) => {
      const q = flagQuality(d.flagged, planted);
      return {
        name: d.name,
        auroc: auroc(d.scores, planted),
        flagged: q.flagged,
        truePositives: q.truePositives,
      };
    })
    .sort((a, b) => (b.auroc ?? -1) - (a.auroc ?? -1));
  return {
    plantedCount,
    auroc: auroc(result.suspicion, planted),
    averagePrecision: averagePrecision(result.suspicion, planted),
    k,
    recallAtK: recallAtK(result.suspicion, planted, k),
    flagged: {
      count: f.flagged,
      truePositives: f.truePositives,
      precision: f.precision,
      recall: f.recall,
      f1: f.f1,
    },
    detectors,
  };
}
