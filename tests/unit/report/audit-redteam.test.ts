// The audit's red-team section and the page's view of a run: the numbers of the run, nothing per row.
import { describe, expect, it } from 'vitest';
import type { RedteamRun } from '../../../src/core/redteam/redteam';
import { auditRedTeamOf } from '../../../src/core/report/audit-redteam';

const run: RedteamRun = {
  spec: { kind: 'flip', rate: 0.05, seed: 3 },
  description: 'flip 5% of the labels',
  plantedCount: 12,
  plantedRows: [1, 2, 3],
  notes: ['a note'],
  score: {
    plantedCount: 12,
    auroc: 0.93,
    averagePrecision: 0.8,
    k: 18,
    recallAtK: 0.75,
    flagged: { count: 20, truePositives: 10, precision: 0.5, recall: 0.83, f1: 0.62 },
    detectors: [
      { name: 'confident-learning', auroc: 0.97, flagged: 15, truePositives: 10 },
      { name: 'knn-outlier', auroc: 0.6, flagged: 2, truePositives: 0 },
    ],
  },
  scanMs: 1234.56,
};

describe('auditRedTeamOf', () => {
  it('keeps the spec, the scores and the best check, with the scan time in whole ms', () => {
    const entry = auditRedTeamOf(run);
    expect(entry).toEqual({
      spec: { kind: 'flip', rate: 0.05, seed: 3 },
      description: 'flip 5% of the labels',
      planted: 12,
      auroc: 0.93,
      k: 18,
      recallAtK: 0.75,
      flagged: run.score.flagged,
      bestCheck: { name: 'confident-learning', auroc: 0.97 },
      scanMs: 1235,
    });
    expect(entry.spec).not.toBe(run.spec);
  });

  it('has no best check when no detector scored', () => {
    expect(auditRedTeamOf({ ...run, score: { ...run.score, detectors: [] } }).bestCheck).toBeNull();
  });
});
