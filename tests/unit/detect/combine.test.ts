import { describe, expect, it } from 'vitest';
import { combine } from '../../../src/core/detect/combine';
import { detectors } from '../../../src/core/detect/registry';
import { knnOutlier } from '../../../src/core/detect/knn-outlier';
import { rankNormalise } from '../../../src/core/detect/stats';
import { reasonsLine } from '../../../src/core/report/reasons';
import type { DetectorResult } from '../../../src/core/types';
import { allFinite, auroc, blobs, count, makeInputs, plantBackdoor } from './helpers';

function result(name: string, scores: number[], flagged: number[], reason = name): DetectorResult {
  return {
    name,
    scores: Float32Array.from(scores),
    flagged: Uint8Array.from(flagged),
    reasons: flagged.map((f) => (f ? { detector: name, tag: '', text: reason } : null)),
    params: {},
  };
}

describe('combine', () => {
  it('one confident detector is enough; kNN outlier or neighbour disagreement alone does not flag; suspicion ≥ 0.5 ⟺ flagged', () => {
    const n = 6;
    const res = [
      result('spectral', [0, 0.1, 0.2, 0.3, 0.4, 50], [0, 0, 0, 0, 0, 1], 'spectral says so'),
      result('confident-learning', [0.9, 0.1, 0.1, 0.1, 0.1, 0.1], [0, 0, 0, 0, 0, 0]),
      result('knn-outlier', [0, 0, 0, 0, 9, 0], [0, 0, 0, 0, 1, 0], 'far away'),
      result('neighbour-disagreement', [0.8, 0.7, 0.6, 0.2, 0.1, 0], [1, 0, 0, 0, 0, 0], 'neighbours'),
    ];
    const out = combine(res, n);
    expect(Array.from(out.flagged)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(reasonsLine(out.reasons[5])).toBe('spectral says so');
    expect(out.reasons[4]).toEqual([]);
    expect(out.reasons[0]).toEqual([]);
    for (let i = 0; i < n; i++) {
      expect(out.suspicion[i]).toBeGreaterThanOrEqual(0);
      expect(out.suspicion[i]).toBeLessThanOrEqual(1);
      expect(out.suspicion[i] >= 0.5).toBe(out.flagged[i] === 1);
    }
    // A single detector's own flag: the middle tier.
    expect(out.suspicion[5]).toBeGreaterThan(0.6);
    expect(out.suspicion[5]).toBeLessThan(0.75);
    // The outlier and the sample both label detectors doubt rank first among the unflagged ones.
    expect(out.suspicion[4]).toBeGreaterThan(Math.max(out.suspicion[1], out.suspicion[2], out.suspicion[3]));
    expect(out.suspicion[0]).toBeGreaterThan(Math.max(out.suspicion[1], out.suspicion[2], out.suspicion[3]));
  });

  it('a flag its detector does not confirm is ambiguous: not flagged, ranked just under the flags, with its reasons', () => {
    const cl = result('confident-learning', [0.9, 0.8, 0.1, 0.1], [1, 1, 0, 0], 'label doubt');
    cl.confirmed = Uint8Array.from([1, 0, 0, 0]);
    const out = combine([cl, result('support-gap', [0, 0, 0, 0.9], [0, 0, 0, 1])], 4);
    expect(Array.from(out.flagged)).toEqual([1, 0, 0, 1]);
    expect(Array.from(out.ambiguous)).toEqual([0, 1, 0, 0]);
    expect(reasonsLine(out.reasons[1])).toBe('label doubt');
    expect(out.suspicion[1]).toBeLessThan(0.5);
    expect(out.suspicion[1]).toBeGreaterThan(out.suspicion[2]);
    // Flagged by another detector as well: flagged, not ambiguous.
    cl.flagged[3] = 1;
    const both = combine([cl, result('support-gap', [0, 0, 0, 0.9], [0, 0, 0, 1])], 4);
    expect(both.flagged[3]).toBe(1);
    expect(both.ambiguous[3]).toBe(0);
  });

  it('a coordinated group outranks a sample flagged by two label detectors', () => {
    const out = combine(
      [
        result('confident-learning', [0.9, 0, 0], [1, 0, 0]),
        result('neighbour-disagreement', [0.9, 0, 0], [1, 0, 0]),
        result('spectral', [0.9, 0, 0], [1, 0, 0]),
        result('support-gap', [0, 0.8, 0], [0, 1, 0]),
      ],
      3,
    );
    expect(out.suspicion[1]).toBeGreaterThanOrEqual(0.75);
    expect(out.suspicion[0]).toBeLessThan(0.75);
    expect(out.suspicion[1]).toBeGreaterThan(out.suspicion[0]);
  });

  it('joins the reasons of all flagging detectors and ignores misaligned results', () => {
    const out = combine(
      [
        result('spectral', [1, 0], [1, 0], 'a'),
        result('duplicates', [1, 0], [1, 0], 'b'),
        result('broken', [1, 0, 0], [1, 1, 1], 'c'),
      ],
      2,
    );
    expect(reasonsLine(out.reasons[0])).toBe('a; b');
    expect(out.reasons[0].map((r) => r.detector)).toEqual(['spectral', 'duplicates']);
    expect(out.flagged[1]).toBe(0);
  });

  it('rankNormalise: ties equal, constant vector all zero', () => {
    expect(Array.from(rankNormalise([3, 1, 3, 2]))).toEqual([2 / 3, 0, 2 / 3, 1 / 3].map(Math.fround));
    expect(Array.from(rankNormalise([5, 5, 5]))).toEqual([0, 0, 0]);
  });

  it('an activation cluster is a coordinated group: it outranks single label issues with higher scores', () => {
    // Rows 0-2: a small cluster activation clustering flags (a learned trigger passes its
    // reclassification check); rows 3-5: confident learning's label issues, scored higher.
    // Measured with assay redteam on 3,000 Fashion-MNIST images, a 3×3 patch at 3 %: 62 of the 90
    // planted rows were in the flagged cluster, all poison, yet ranked among ~250 natural
    // confusions (recall@k 0.21); as a group, 0.70.
    const res = [
      result('activation-clustering', [0.5, 0.5, 0.5, 0, 0, 0, 0], [1, 1, 1, 0, 0, 0, 0], 'cluster'),
      result('confident-learning', [0, 0, 0, 0.99, 0.98, 0.97, 0], [0, 0, 0, 1, 1, 1, 0], 'label'),
    ];
    const out = combine(res, 7);
    for (const g of [0, 1, 2]) {
      expect(out.suspicion[g]).toBeGreaterThanOrEqual(0.75);
      for (const l of [3, 4, 5]) expect(out.suspicion[g]).toBeGreaterThan(out.suspicion[l]);
    }
    for (const l of [3, 4, 5]) expect(out.suspicion[l]).toBeLessThan(0.75);
  });

  it('end to end on a backdoored, label-flipped dataset: all detectors + combine rank the poison high', () => {
    const b = blobs(300, 4, 32, 90);
    const p = plantBackdoor(b, 0.05, 0, 3, 91);
    const inputs = makeInputs(p.x, 32, p.labels, 4, {
      annotators: Array.from({ length: p.labels.length }, (_, i) => `a${i % 3}`),
    });
    const results = detectors.map((d) => d.run(inputs));
    expect(results.map((r) => r.name)).toEqual([
      'spectral',
      'activation-clustering',
      'confident-learning',
      'knn-outlier',
      'neighbour-disagreement',
      'duplicates',
      'annotator-agreement',
      'support-gap',
      'campaign',
    ]);
    for (const r of results) {
      expect(r.scores).toHaveLength(inputs.n);
      expect(allFinite(r.scores)).toBe(true);
      for (let i = 0; i < inputs.n; i++) expect(r.reasons[i] === null).toBe(r.flagged[i] === 0);
      for (const why of r.reasons) if (why) expect(why.detector).toBe(r.name);
    }
    const out = combine(results, inputs.n);
    expect(auroc(out.suspicion, p.poison)).toBeGreaterThan(0.99);
    // Probabilities here follow the poisoned labels (the model learnt the backdoor): confident
    // learning is silent on the poison, the embedding detectors carry it.
    let poisonFlagged = 0;
    for (let i = 0; i < inputs.n; i++) if (p.poison[i] && out.flagged[i]) poisonFlagged++;
    expect(poisonFlagged).toBe(count(p.poison));
  });

  it('knn outlier flags planted far points', () => {
    const b = blobs(200, 2, 8, 95);
    const x = Float32Array.from(b.x);
    for (const i of [3, 77]) for (let t = 0; t < 8; t++) x[i * 8 + t] += 40;
    const r = knnOutlier.run(makeInputs(x, 8, b.truth, 2));
    expect(r.flagged[3]).toBe(1);
    expect(r.flagged[77]).toBe(1);
    expect(count(r.flagged)).toBeLessThan(10);
  });

  it("confident learning decides how many labels are wrong; the annotator's record helps decide which", () => {
    // CL flags 2 (rows 0, 1); row 2 is almost as doubtful and comes from the unreliable annotator.
    const cl = result('confident-learning', [0.9, 0.8, 0.75, 0.1, 0, 0.2], [1, 1, 0, 0, 0, 0]);
    const annotators = result('annotator-agreement', [0.1, 0.1, 0.9, 0.9, 0.9, 0.1], [0, 0, 0, 0, 0, 0]);
    const out = combine([cl, annotators], 6);
    expect(count(out.flagged)).toBe(2);
    expect(out.flagged[0]).toBe(1);
    expect(out.flagged[2]).toBe(1);
    expect(out.flagged[1]).toBe(0);
    // A label the model does not doubt at all is never picked, however bad its annotator.
    expect(out.flagged[4]).toBe(0);
    expect(reasonsLine(out.reasons[2])).toMatch(/^label issue: among the 2 likeliest label errors/);
    // Without annotator scores, confident learning's own flags stand.
    const alone = combine([cl, result('annotator-agreement', [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0])], 6);
    expect(Array.from(alone.flagged)).toEqual([1, 1, 0, 0, 0, 0]);
  });
});
