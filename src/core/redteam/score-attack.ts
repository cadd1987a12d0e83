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
  /**
   * Where the attack names an annotator (flips, campaigns): its rank (1 = first) among the
   * annotators ordered by the share of their items the scan flagged, of how many, and whether a
   * detector named it suspect.
   */
  annotator?: { name: string; rank: number; of: number; flaggedShare: number; suspect: boolean };
}

/** Rank of `name` among the annotators by flagged share (ties: fewer items first, then name). */
export function annotatorRank(result: ScanResult, name: string): AttackScore['annotator'] | undefined {
  const table = result.annotators
    .filter((a) => a.items > 0)
    .map((a) => ({ name: a.annotator, share: a.flagged / a.items, items: a.items }))
    .sort((a, b) => b.share - a.share || a.items - b.items || (a.name < b.name ? -1 : 1));
  const at = table.findIndex((a) => a.name === name);
  if (at < 0) return undefined;
  const suspect = result.detectors.some((d) => d.annotatorFindings?.suspect.includes(name));
  return { name, rank: at + 1, of: table.length, flaggedShare: table[at].share, suspect };
}

export function scoreAttack(result: ScanResult, planted: Uint8Array, annotator?: string): AttackScore {
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
    ...(annotator !== undefined && annotatorRank(result, annotator)
      ? { annotator: annotatorRank(result, annotator) }
      : {}),
  };
}
