// Assay must find triggers it was not tuned on: a patch of random size (2–5 px), place, pattern
// (solid, checkerboard, random) and target class, on 2–5 % of 3,000 clean Fashion-MNIST images.
// ASSAY_TRIGGER_SEED picks another plan; the plan is printed so a failure can be replayed.
//
// Each default plan asserts what the scan really achieves on it, just under the measured values
// (seed-1 scan, wasm, 2026-12-03, after issue 13's flag rule):
//   20261121  4×4 checker at (24,14), 3 % -> Pullover: AUROC 0.861, recall@k 0.07, 34 flagged,
//             4 of them planted. The probe learns this trigger only partly (Pullover is the most
//             confusable target) and no detector isolates it, so the flags cannot find it: the
//             test asserts the ranking and that the flags stay few (the clean rows' overlap is
//             ambiguous, not flagged), and says so rather than asserting a recall it lacks.
//   7         2×2 solid at (18,14), 5 % -> Coat: AUROC 0.959, recall@k 0.79, 227 flagged,
//             flag precision 0.52, recall 0.79.
// Both are below fashion-badnets (AUROC 0.9998, flag F1 0.92): small or half-learned triggers in a
// confusable target class are an open gap (see README, Limits). Another seed (ASSAY_TRIGGER_SEED)
// only has the generic floor: AUROC well above chance.
import { describe, expect, it } from 'vitest';
import { sourceFromBytes } from '../../../src/core/data';
import { selectBackend } from '../../../src/core/model/backend';
import { scan } from '../../../src/core/pipeline';
import { auroc } from '../detect/helpers';
import { planTrigger, plantTrigger } from './plant-trigger';

const seeds = process.env.ASSAY_TRIGGER_SEED ? [Number(process.env.ASSAY_TRIGGER_SEED)] : [20261121, 7];

/** What each default plan achieves (measured, see above); `flagPrecision`/`flagRecall` null: not asserted, and why. */
const floors: Record<
  number,
  {
    auroc: number;
    recallAtK: number;
    maxFlagged: number;
    flagPrecision: number | null;
    flagRecall: number | null;
  }
> = {
  // Half-learned trigger: its flags cannot find it (see above); only the ranking and the flag count.
  20261121: { auroc: 0.84, recallAtK: 0.05, maxFlagged: 45, flagPrecision: null, flagRecall: null },
  7: { auroc: 0.94, recallAtK: 0.75, maxFlagged: 260, flagPrecision: 0.48, flagRecall: 0.75 },
};

describe('a planted trigger of random shape is found', () => {
  for (const seed of seeds) {
    const plan = planTrigger(seed);
    it(`seed ${seed}: ${plan.size}×${plan.size} ${plan.pattern} at (${plan.top},${plan.left}), ${plan.rate * 100}% -> "${plan.target}"`, async () => {
      await selectBackend({ force: 'wasm', measure: 'chosen' });
      const { arrow, poisoned } = plantTrigger(plan);
      const { result } = await scan([sourceFromBytes('planted.arrow', arrow)], { seed: 1 });
      const truth = Array.from({ length: result.n }, (_, i) => (poisoned.has(i) ? 1 : 0));
      const a = auroc(result.suspicion, truth);
      const k = Math.round(1.5 * poisoned.size);
      const top = Array.from(result.suspicion.keys())
        .sort((x, y) => result.suspicion[y] - result.suspicion[x])
        .slice(0, k);
      const recall = top.filter((i) => poisoned.has(i)).length / poisoned.size;
      let flagged = 0;
      let hits = 0;
      for (let i = 0; i < result.n; i++)
        if (result.flagged[i]) {
          flagged++;
          if (poisoned.has(i)) hits++;
        }
      const flag = { flagged, precision: flagged ? hits / flagged : 0, recall: hits / poisoned.size };
      console.log(JSON.stringify({ plan, auroc: a, recallAtK: recall, flag }));
      expect(a).toBeGreaterThan(0.7);
      const floor = floors[seed];
      if (!floor) return;
      expect(a).toBeGreaterThanOrEqual(floor.auroc);
      expect(recall).toBeGreaterThanOrEqual(floor.recallAtK);
      expect(flag.flagged).toBeLessThanOrEqual(floor.maxFlagged);
      if (floor.flagPrecision !== null) expect(flag.precision).toBeGreaterThanOrEqual(floor.flagPrecision);
      if (floor.flagRecall !== null) expect(flag.recall).toBeGreaterThanOrEqual(floor.flagRecall);
    });
  }
});
