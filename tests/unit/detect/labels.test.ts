import { describe, expect, it } from 'vitest';
import { confidentLearning, labelIssueScores } from '../../../src/core/detect/confident-learning';
import { neighbourDisagreement } from '../../../src/core/detect/neighbour-disagreement';
import { mulberry32 } from '../../../src/core/random';
import { allFinite, auroc, blobs, count, makeInputs, trueProbs, why } from './helpers';

/** Flips `rate` of the labels to a random other class. */
function flip(
  truth: Int32Array,
  c: number,
  rate: number,
  seed: number,
): { labels: Int32Array; flipped: Uint8Array } {
  const rand = mulberry32(seed);
  const labels = Int32Array.from(truth);
  const flipped = new Uint8Array(truth.length);
  for (let i = 0; i < truth.length; i++) {
    if (rand() < rate) {
      labels[i] = (truth[i] + 1 + Math.floor(rand() * (c - 1))) % c;
      flipped[i] = 1;
    }
  }
  return { labels, flipped };
}

describe('confident learning', () => {
  // cleanlab's noise-rate estimate is per (given, true) cell, so it needs a few dozen flips per
  // cell to be accurate: with ~5 flips per cell recall is 65-95%, with ~25 about 87% (measured), hence the sizes.
  // confirmedFloor: the share of the flips the label evidence confirms (label-evidence.ts), just
  // under what was measured (0.9+, 0.566, 0.450). These probabilities give the true class only
  // 0.55–0.95, so a flipped label often keeps more than 1 in 10 and is left ambiguous; and with
  // 20 % flips a look-alike is itself flipped one time in five, so 9 of 10 vouching is rarer.
  for (const [rate, c, perClass, confirmedFloor] of [
    [0.05, 4, 3000, 0.8],
    [0.1, 3, 600, 0.53],
    [0.2, 10, 300, 0.42],
  ] as const) {
    it(`finds ≥ 90% of ${rate * 100}% flipped labels with precision ≥ 0.8 (C=${c})`, () => {
      const b = blobs(perClass, c, 16, 50 + c);
      const probs = trueProbs(b.truth, c, 7 + c);
      const { labels, flipped } = flip(b.truth, c, rate, 8 + c);
      const r = confidentLearning.run(makeInputs(b.x, 16, labels, c, { probs }));
      let tp = 0;
      for (let i = 0; i < b.n; i++) if (r.flagged[i] && flipped[i]) tp++;
      expect(tp / count(flipped)).toBeGreaterThanOrEqual(0.9);
      expect(tp / count(r.flagged)).toBeGreaterThanOrEqual(0.8);
      expect(auroc(r.scores, flipped)).toBeGreaterThan(0.95);
      const i = flipped.indexOf(1);
      if (r.flagged[i])
        expect(why(r.reasons[i])).toMatch(
          /^(label issue|ambiguous): labelled class\d+, model says class\d+ \(p=0\.\d\d\); .*\d+ of \d+ look-alikes are clearly class\d+/,
        );
      let confirmedTrue = 0;
      let confirmedFalse = 0;
      for (let k = 0; k < b.n; k++)
        if (r.flagged[k] && r.confirmed?.[k]) {
          if (flipped[k]) confirmedTrue++;
          else confirmedFalse++;
        }
      expect(confirmedTrue / count(flipped)).toBeGreaterThanOrEqual(confirmedFloor);
      // What it confirms is a flip.
      expect(confirmedTrue / Math.max(1, confirmedTrue + confirmedFalse)).toBeGreaterThanOrEqual(0.95);
    });
  }

  it('exports both rankings; missing labels score 0 and are never flagged', () => {
    const b = blobs(50, 3, 8, 3);
    const probs = trueProbs(b.truth, 3, 4);
    const labels = Int32Array.from(b.truth);
    labels[0] = -1;
    for (let i = 1; i <= 30; i++) labels[i] = (b.truth[i] + 1) % 3;
    const rk = labelIssueScores({ n: b.n, c: 3, labels, probs });
    expect(rk.selfConfidence[0]).toBe(0);
    expect(rk.normalizedMargin[0]).toBe(0);
    expect(rk.selfConfidence[1]).toBeGreaterThan(0.5);
    expect(rk.normalizedMargin[1]).toBeGreaterThan(0.5);
    const r = confidentLearning.run(makeInputs(b.x, 8, labels, 3, { probs }));
    expect(r.flagged[0]).toBe(0);
    expect(r.scores[0]).toBe(0);
    expect(count(r.flagged)).toBeGreaterThan(20);
    for (let i = 31; i < b.n; i++) expect(r.flagged[i]).toBe(0);
    expect(allFinite(r.scores)).toBe(true);
  });

  it('a clean dataset with confident probabilities has no label issues', () => {
    const b = blobs(200, 4, 8, 5);
    const r = confidentLearning.run(makeInputs(b.x, 8, b.truth, 4, { probs: trueProbs(b.truth, 4, 6) }));
    expect(count(r.flagged)).toBe(0);
  });
});

describe('neighbour-label disagreement', () => {
  it('ranks flipped labels first and names the majority neighbour label', () => {
    const b = blobs(300, 4, 16, 60, 4);
    const { labels, flipped } = flip(b.truth, 4, 0.1, 61);
    const r = neighbourDisagreement.run(makeInputs(b.x, 16, labels, 4));
    expect(auroc(r.scores, flipped)).toBeGreaterThan(0.95);
    let tp = 0;
    for (let i = 0; i < b.n; i++) if (r.flagged[i] && flipped[i]) tp++;
    expect(tp / count(flipped)).toBeGreaterThan(0.9);
    expect(tp / count(r.flagged)).toBeGreaterThan(0.9);
    const i = r.flagged.indexOf(1);
    expect(why(r.reasons[i])).toContain(`labelled class${b.truth[i]}`);
  });
});
