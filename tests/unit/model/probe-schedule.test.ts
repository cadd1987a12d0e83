// The probe's training schedule: small data trains exactly as before (batch 64, step targets, at
// least 3 epochs); big data trains in bigger batches on a capped number of samples per model.
import { describe, expect, it } from 'vitest';
import { chooseEpochs } from '../../../src/core/model/kfold';
import { batchFor } from '../../../src/core/model/train';

/** The schedule before big-data training: batch 64, step targets, at least 3 epochs. */
function oldEpochs(kind: 'image' | 'vector' | 'linear', rows: number): number {
  const steps = Math.max(1, Math.ceil(rows / 64));
  const [target, min, max] = { image: [400, 3, 30], vector: [100, 3, 100], linear: [360, 3, 100] }[kind];
  return Math.max(min, Math.min(max, Math.ceil(target / steps)));
}

describe('probe schedule', () => {
  it('up to 12,800 training rows: batch 64 and the old epoch counts', () => {
    for (const rows of [10, 260, 2250, 4500, 9000, 12_800]) {
      expect(batchFor(rows)).toBe(64);
      for (const kind of ['image', 'vector', 'linear'] as const) {
        if (oldEpochs(kind, rows) * rows <= 64_000)
          expect(chooseEpochs(kind, rows)).toBe(oldEpochs(kind, rows));
      }
    }
  });

  it('fashion-60k: folds one epoch at batch 256, the embedding model two at 512', () => {
    expect(batchFor(45_000)).toBe(256);
    expect(chooseEpochs('image', 45_000)).toBe(1);
    expect(batchFor(60_000)).toBe(512);
    expect(chooseEpochs('image', 45_000, 128_000)).toBe(2);
  });

  it('huge data trains each model on a share of an epoch', () => {
    expect(batchFor(5_000_000)).toBe(512);
    expect(chooseEpochs('linear', 3_750_000)).toBeCloseTo(64_000 / 3_750_000, 10);
  });
});
