// Assay must find triggers it was not tuned on: a patch of random size (2–5 px), place, pattern
// (solid, checkerboard, random) and target class, on 2–5 % of 3,000 clean Fashion-MNIST images.
// ASSAY_TRIGGER_SEED picks another plan; the plan is printed so a failure can be replayed.
//
// Measured (seed 1 scan, 2026-11-22, after the reclassification check in the backdoor detectors):
// 4×4 checker at (24,14), 3 % -> Pullover: AUROC 0.862 (was 0.749), recall@k 0.07; 2×2 solid at
// (18,14), 5 % -> Coat: AUROC 0.929 (was 0.909). Both below
// fashion-badnets (0.974 / 0.90): small or half-learned triggers in a confusable target class are
// an open gap (see README, Limits). The floor here only guards against regressions: well above
// chance (0.5), well below where Assay should be.
import { describe, expect, it } from 'vitest';
import { sourceFromBytes } from '../../../src/core/data';
import { selectBackend } from '../../../src/core/model/backend';
import { scan } from '../../../src/core/pipeline';
import { auroc } from '../detect/helpers';
import { planTrigger, plantTrigger } from './plant-trigger';

const seeds = process.env.ASSAY_TRIGGER_SEED ? [Number(process.env.ASSAY_TRIGGER_SEED)] : [20261121, 7];

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
      console.log(JSON.stringify({ plan, auroc: a, recallAtK: recall }));
      expect(a).toBeGreaterThan(0.7);
    });
  }
});
