// The page's view of a red-team run leaves out the planted rows' indices.
import { describe, expect, it } from 'vitest';
import type { RedteamRun } from '../../../src/core/redteam/redteam';
import { redteamViewOf } from '../../../src/core/redteam/redteam-view';

describe('redteamViewOf', () => {
  it('keeps what the page shows, not the planted rows', () => {
    const run = {
      spec: { kind: 'flip', rate: 0.1 },
      description: 'flip',
      plantedCount: 2,
      plantedRows: [4, 9],
      notes: [],
      score: { auroc: 1 },
      scanMs: 5,
    } as unknown as RedteamRun;
    expect(redteamViewOf(run)).toEqual({
      spec: run.spec,
      description: 'flip',
      plantedCount: 2,
      notes: [],
      score: run.score,
      scanMs: 5,
    });
  });
});
