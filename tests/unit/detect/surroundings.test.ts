// Without a probe the backdoor detectors' candidate groups are confirmed by their surroundings in
// the embeddings (detect/surroundings.ts): a group of another class's content carrying a label is
// flagged, a class's own second mode (the same geometry, its own content) is not.
import { describe, expect, it } from 'vitest';
import { activationClustering } from '../../../src/core/detect/activation-clustering';
import { spectral } from '../../../src/core/detect/spectral';
import { confirmBySurroundings, nearestOutsiders } from '../../../src/core/detect/surroundings';
import { gaussian, mulberry32 } from '../../../src/core/random';
import type { DetectorResult } from '../../../src/core/types';
import { blobs, count, makeInputs, why } from './helpers';

const DIM = 16;
const C = 4;
const SOURCE = 1;
const TARGET = 2;

/**
 * 4 classes of 300 rows (16 dims, means 3σ apart per coordinate), and 30 extra rows labelled
 * TARGET, drawn tight (σ 0.5) around a class's mean shifted by 6 along a random direction: SOURCE's
 * mean (a planted group), or TARGET's own (a natural second mode).
 */
function data(content: number, seed: number) {
  const b = blobs(300, C, DIM, seed, 3);
  const g = gaussian(mulberry32(seed + 1));
  const u = Array.from({ length: DIM }, () => g());
  const norm = Math.hypot(...u);
  const m = 30;
  const n = b.n + m;
  const x = new Float32Array(n * DIM);
  x.set(b.x);
  const labels = new Int32Array(n);
  labels.set(b.truth);
  const group = new Uint8Array(n);
  for (let p = 0; p < m; p++) {
    const i = b.n + p;
    for (let t = 0; t < DIM; t++) x[i * DIM + t] = b.means[content * DIM + t] + 0.5 * g() + (6 * u[t]) / norm;
    labels[i] = TARGET;
    group[i] = 1;
  }
  // No probe: uniform probabilities (as the scan passes them), the embedding graph as the input graph.
  const inputs = makeInputs(x, DIM, labels, C, { probs: new Float32Array(n * C).fill(1 / C) });
  return { inputs, group, n };
}

function detect(inputs: ReturnType<typeof data>['inputs']): { results: DetectorResult[]; tested: number } {
  const results = [spectral.run(inputs), activationClustering.run(inputs)];
  // Without the surroundings, nothing is confirmed (reclassification needs a model).
  for (const r of results) expect(count(r.flagged)).toBe(0);
  const tested = confirmBySurroundings(inputs, results);
  return { results, tested };
}

describe('confirmBySurroundings', () => {
  for (const seed of [3, 11]) {
    it(`flags a planted group of another class's content (seed ${seed})`, () => {
      const { inputs, group, n } = data(SOURCE, seed);
      const { results, tested } = detect(inputs);
      expect(tested).toBeGreaterThanOrEqual(1);
      const ac = results[1];
      let tp = 0;
      for (let i = 0; i < n; i++) if (ac.flagged[i]) tp += group[i];
      expect(tp).toBe(30);
      expect(count(ac.flagged)).toBeLessThanOrEqual(32);
      const first = group.indexOf(1);
      expect(why(ac.reasons[first])).toMatch(
        /nearest rows outside the group are labelled class1 \(\d+\/20\), not class2/,
      );
      expect(ac.classVerdicts![TARGET].kind).toBe('suspect');
    });

    it(`does not flag a class's own second mode (seed ${seed})`, () => {
      const { inputs } = data(TARGET, seed);
      const { results, tested } = detect(inputs);
      // The mode is nominated (it is as separate as the planted group) but not confirmed.
      expect(tested).toBeGreaterThanOrEqual(1);
      for (const r of results) expect(count(r.flagged)).toBe(0);
      const verdict = results[1].classVerdicts![TARGET];
      expect(verdict.kind).toBe('clean');
      expect(verdict.text).toMatch(/carry class2/);
    });
  }

  it('tests nothing on clean classes', () => {
    const b = blobs(300, C, DIM, 5, 3);
    const inputs = makeInputs(b.x, DIM, b.truth, C, { probs: new Float32Array(b.n * C).fill(1 / C) });
    const results = [spectral.run(inputs), activationClustering.run(inputs)];
    expect(confirmBySurroundings(inputs, results)).toBe(0);
    for (const r of results) expect(count(r.flagged)).toBe(0);
  });
});

describe('nearestOutsiders', () => {
  it('is the exact nearest labelled rows outside the group, nearest first, ties by index', () => {
    // Points on a line: 0, 1, 2, …, 9 (1-d); the group is rows 4 and 5; row 3 is unlabelled.
    const data = Float32Array.from({ length: 10 }, (_, i) => i);
    const labels = Int32Array.from({ length: 10 }, (_, i) => (i === 3 ? -1 : 0));
    const inGroup = Uint8Array.from({ length: 10 }, (_, i) => (i === 4 || i === 5 ? 1 : 0));
    const near = nearestOutsiders(data, 1, 10, labels, Float64Array.of(4.5), inGroup, 4);
    expect(Array.from(near)).toEqual([6, 2, 7, 1]);
    expect(Array.from(nearestOutsiders(data, 1, 10, labels, Float64Array.of(5), inGroup, 3))).toEqual([
      6, 7, 2,
    ]);
  });
});
