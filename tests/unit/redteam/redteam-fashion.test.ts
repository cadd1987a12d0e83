// Red-team mode end to end on real images: a patch attack at random settings (drawn from the
// seed) planted into 1,500 clean Fashion-MNIST images, scanned, and scored. The report's numbers
// must be the planted mask's numbers; the default attack must be found as well as it was measured
// to be. ASSAY_REDTEAM_SEED picks another attack (the spec is printed); for it only better than
// chance is asserted (small and half-learned triggers are a known gap, see README).
import { describe, expect, it } from 'vitest';
import { sourceFromBytes } from '../../../src/core/data';
import { selectBackend } from '../../../src/core/model/backend';
import { redteam } from '../../../src/core/redteam/redteam';
import { auroc } from '../detect/helpers';
import { fashionSlice } from './fashion-slice';

const ROWS = 1500;
const DEFAULT_SEED = 20261123;
const seed = Number(process.env.ASSAY_REDTEAM_SEED ?? DEFAULT_SEED);

describe('red-team mode on Fashion-MNIST', () => {
  it(`a random patch attack (seed ${seed}) is planted, scanned and scored against its mask`, async () => {
    await selectBackend({ force: 'wasm', measure: 'chosen' });
    const bytes = fashionSlice(ROWS, 11);
    const report = await redteam(
      [sourceFromBytes('fashion-1500.arrow', bytes)],
      [{ kind: 'patch', seed }],
      { seed: 1 },
      {},
      { keepResults: true },
    );
    const run = report.runs[0];
    const result = run.result!;
    const spec = run.spec;
    expect(spec.kind).toBe('patch');
    expect(run.plantedCount).toBe(Math.round(spec.rate * ROWS));
    expect(run.plantedRows).toHaveLength(run.plantedCount);
    // Every planted row carries the target label in the scanned copy.
    const target = result.classes.indexOf((spec as { target: string }).target);
    for (const r of run.plantedRows) expect(result.labels[r]).toBe(target);
    const mask = new Uint8Array(ROWS);
    for (const r of run.plantedRows) mask[r] = 1;
    expect(run.score.auroc).toBeCloseTo(auroc(result.suspicion, mask), 10);
    const k = Math.round(1.5 * run.plantedCount);
    expect(run.score.k).toBe(k);
    const top = Array.from(result.suspicion.keys())
      .sort((a, b) => result.suspicion[b] - result.suspicion[a])
      .slice(0, k);
    // Without ties at the cut the expected share is the plain count.
    expect(run.score.recallAtK).toBeCloseTo(top.filter((r) => mask[r]).length / run.plantedCount, 1);
    const tp = run.plantedRows.filter((r) => result.flagged[r]).length;
    expect(run.score.flagged.truePositives).toBe(tp);
    console.log(
      JSON.stringify({
        attack: run.description,
        auroc: run.score.auroc,
        recallAtK: run.score.recallAtK,
        flagged: run.score.flagged,
        best: run.score.detectors[0],
        scanMs: Math.round(run.scanMs),
      }),
    );
    if (seed === DEFAULT_SEED) {
      // The default attack (a 5×5 random patch at (0,6), 3 % → Coat, 45 rows), measured
      // 2026-12-03: AUROC 0.9989, recall@k 1.00, all 45 flagged (trigger carriers 1.000). Floors
      // just under that.
      expect(run.score.auroc!).toBeGreaterThanOrEqual(0.99);
      expect(run.score.recallAtK!).toBeGreaterThanOrEqual(0.95);
      expect(run.score.flagged.recall!).toBe(1);
    } else {
      // Another seed draws another trigger; small or half-learned ones are a known gap (README,
      // Limits: the 4×4 checker at 3 % reaches AUROC 0.86 only), so only chance is asserted.
      expect(run.score.auroc!).toBeGreaterThan(0.5);
    }
  });
});
