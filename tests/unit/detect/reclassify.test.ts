import { describe, expect, it } from 'vitest';
import { activationClustering } from '../../../src/core/detect/activation-clustering';
import { reclassifyGroup } from '../../../src/core/detect/reclassify';
import { spectral } from '../../../src/core/detect/spectral';
import { blobs, count, makeInputs, trueProbs } from './helpers';

// Groups of class-1 rows, each judged by the model (out-of-fold p) and by the raw-input
// look-alikes (the input-space kNN graph).
describe('reclassifyGroup', () => {
  const b = blobs(200, 3, 8, 61, 6);
  const rowsOf = (y: number) => Array.from(b.truth.keys()).filter((i) => b.truth[i] === y);

  it('a group of its own class belongs to it', () => {
    const inputs = makeInputs(b.x, 8, b.truth, 3, { probs: trueProbs(b.truth, 3, 1) });
    const r = reclassifyGroup(inputs, rowsOf(1).slice(0, 40), 1);
    expect(r.shortcut).toBe(false);
    expect(r.support).toBeGreaterThan(0.9);
  });

  it('a learned shortcut: the model is sure of the label, the look-alikes carry another', () => {
    // 40 rows of class 0 labelled 1, and the model follows the given label.
    const labels = Int32Array.from(b.truth);
    const group = rowsOf(0).slice(0, 40);
    for (const i of group) labels[i] = 1;
    const probs = trueProbs(labels, 3, 2);
    for (const i of group) {
      probs.fill(0.01, i * 3, i * 3 + 3);
      probs[i * 3 + 1] = 0.98;
    }
    const r = reclassifyGroup(makeInputs(b.x, 8, labels, 3, { probs }), group, 1);
    expect(r.shortcut).toBe(true);
    expect(r.modelP - r.support).toBeGreaterThan(0.5);
  });

  it('a group of flipped labels is not a shortcut: the model does not believe the label either', () => {
    const labels = Int32Array.from(b.truth);
    const group = rowsOf(2).slice(0, 10);
    for (const i of group) labels[i] = 1;
    // The probe's out-of-fold probabilities follow the true class, as they do for a flip.
    const r = reclassifyGroup(makeInputs(b.x, 8, labels, 3, { probs: trueProbs(b.truth, 3, 3) }), group, 1);
    expect(r.shortcut).toBe(false);
    expect(r.modelP).toBeLessThan(0.2);
    expect(r.support).toBeLessThan(0.2);
  });

  it('a clean dataset: activation clustering and spectral run reclassification only on separated minorities', () => {
    const inputs = makeInputs(b.x, 8, b.truth, 3);
    for (const det of [activationClustering, spectral]) {
      const r = det.run(inputs);
      expect(count(r.flagged)).toBe(0);
      const rows = r.details!.perClass;
      expect(rows.every((d) => d.reclassification === null)).toBe(true);
    }
  });
});
