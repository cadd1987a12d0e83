import { describe, expect, it } from 'vitest';
import { combine } from '../../../src/core/detect/combine';
import { detectors } from '../../../src/core/detect/registry';
import { buildKnn } from '../../../src/core/layout/knn';
import { pca } from '../../../src/core/layout/pca';
import type { DetectorInputs } from '../../../src/core/types';
import { allFinite, blobs } from './helpers';

function inputs(x: Float32Array, dim: number, labels: number[], c: number, annotated = true): DetectorInputs {
  const n = labels.length;
  const probs = new Float32Array(n * c).fill(c > 0 ? 1 / c : 0);
  const knn = buildKnn(x, n, dim, 10);
  return {
    n,
    c,
    classes: Array.from({ length: c }, (_, i) => `c${i}`),
    labels: Int32Array.from(labels),
    probs,
    embeddings: x,
    dim,
    knn,
    inputKnn: knn,
    contentHash: Array.from({ length: n }, () => 'same'),
    annotators: annotated ? Array.from({ length: n }, (_, i) => (i % 2 ? 'x' : null)) : null,
  };
}

function runAll(inp: DetectorInputs): void {
  const results = detectors.map((d) => d.run(inp));
  for (const r of results) {
    expect(r.scores).toHaveLength(inp.n);
    expect(r.flagged).toHaveLength(inp.n);
    expect(r.reasons).toHaveLength(inp.n);
    expect(allFinite(r.scores)).toBe(true);
  }
  const out = combine(results, inp.n);
  expect(allFinite(out.suspicion)).toBe(true);
  for (const s of out.suspicion) expect(s >= 0 && s <= 1).toBe(true);
}

describe('degenerate inputs: finite scores, no throw', () => {
  const b = blobs(20, 3, 6, 100);
  it('N = 0 and N = 1', () => {
    runAll(inputs(new Float32Array(0), 6, [], 2));
    runAll(inputs(b.x.slice(0, 6), 6, [0], 2));
    runAll(inputs(b.x.slice(0, 6), 6, [-1], 1));
  });
  it('one class', () =>
    runAll(
      inputs(
        b.x,
        6,
        Array.from({ length: 60 }, () => 0),
        1,
      ),
    ));
  it('classes of 1 and 2 members and an empty class', () => {
    const labels = Array.from({ length: 60 }, (_, i) => (i === 0 ? 1 : i < 3 ? 2 : 0));
    runAll(inputs(b.x, 6, labels, 4));
  });
  it('all labels missing', () =>
    runAll(
      inputs(
        b.x,
        6,
        Array.from({ length: 60 }, () => -1),
        3,
      ),
    ));
  it('all points identical (and identical hashes)', () => {
    const x = new Float32Array(60 * 6).fill(1.5);
    runAll(
      inputs(
        x,
        6,
        Array.from({ length: 60 }, (_, i) => i % 3),
        3,
      ),
    );
  });
  it('zero-dimensional embeddings, no classes, NaN probabilities', () => {
    runAll(inputs(new Float32Array(0), 0, [0, 0, -1], 1));
    runAll(inputs(new Float32Array(12), 4, [-1, -1, -1], 0, false));
    const inp = inputs(
      b.x,
      6,
      Array.from({ length: 60 }, (_, i) => i % 3),
      3,
    );
    inp.probs.fill(NaN);
    runAll(inp);
  });
  it('pca on tiny and constant inputs', () => {
    expect(allFinite(pca(new Float32Array(6), 1, 6, 3, 1).projected)).toBe(true);
    expect(allFinite(pca(new Float32Array(60).fill(2), 10, 6, 10, 1).projected)).toBe(true);
  });
});
