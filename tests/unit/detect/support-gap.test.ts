import { describe, expect, it } from 'vitest';
import { supportGap } from '../../../src/core/detect/support-gap';
import { auroc, blobs, count, makeInputs, plantBackdoor, trueProbs, why } from './helpers';

// A learned trigger, simulated: in input space the poison looks like its source class (shift 0);
// in the probe's embedding it sits apart (shift 6, the trigger feature); the model is as sure of
// the given (target) label as it is of any clean sample's.
function backdoored(rate: number, seed: number) {
  const b = blobs(300, 4, 16, seed);
  const input = plantBackdoor(b, rate, 1, 3, seed + 1, 0);
  const emb = plantBackdoor(b, rate, 1, 3, seed + 1, 6);
  const probs = trueProbs(input.labels, 4, seed + 2);
  const inputs = makeInputs(emb.x, 16, input.labels, 4, { probs, input: { x: input.x, dim: 16 } });
  return { inputs, poison: input.poison };
}

describe('support-gap', () => {
  for (const rate of [0.03, 0.1]) {
    it(`flags a learned-trigger group at ${rate * 100}% of the target class`, () => {
      const { inputs, poison } = backdoored(rate, 11);
      const r = supportGap.run(inputs);
      expect(auroc(r.scores, poison)).toBeGreaterThan(0.95);
      const tp = Array.from(r.flagged).filter((f, i) => f && poison[i]).length;
      expect(tp / count(poison)).toBeGreaterThan(0.8);
      expect(count(r.flagged) - tp).toBeLessThanOrEqual(2);
      expect(why(r.reasons[r.flagged.indexOf(1)])).toMatch(/"class3" samples the model is sure of/);
    });
  }

  it('stays silent on clean data and on plain label flips (the model disagrees with a flip)', () => {
    const b = blobs(300, 4, 16, 5);
    const labels = Int32Array.from(b.truth);
    for (let i = 0; i < labels.length; i += 20) labels[i] = (labels[i] + 1) % 4; // 5 % flips
    // The probe's out-of-fold probabilities follow the true class, as they do for a flip.
    const probs = trueProbs(b.truth, 4, 6);
    const r = supportGap.run(makeInputs(b.x, 16, labels, 4, { probs }));
    expect(count(r.flagged)).toBe(0);
  });

  it('returns zeros without an input-space graph', () => {
    const { inputs } = backdoored(0.1, 3);
    const r = supportGap.run({ ...inputs, inputKnn: null });
    expect(count(r.flagged)).toBe(0);
    expect(Array.from(r.scores).every((s) => s === 0)).toBe(true);
  });
});
