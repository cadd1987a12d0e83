import { describe, expect, it } from 'vitest';
import { applyTemperature, fitTemperature, labelNll } from '../../../src/core/detect/calibration';
import { mulberry32 } from '../../../src/core/random';

/** Samples whose labels are drawn from `truthT`-tempered probabilities: the fit should find truthT. */
function drawn(n: number, c: number, truthT: number, seed: number) {
  const rand = mulberry32(seed);
  const base = new Float32Array(n * c);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < c; j++) z += base[i * c + j] = Math.exp(4 * rand());
    for (let j = 0; j < c; j++) base[i * c + j] /= z;
  }
  // Labels follow the probabilities at temperature 1 / truthT of the "model" we hand over.
  const model = applyTemperature(base, c, 1 / truthT);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = rand();
    let y = c - 1;
    for (let j = 0; j < c; j++) {
      u -= base[i * c + j];
      if (u <= 0) {
        y = j;
        break;
      }
    }
    labels[i] = y;
  }
  return { model, labels };
}

describe('temperature scaling', () => {
  it('recovers the temperature of an over- or under-confident model', () => {
    for (const t of [0.5, 1, 2]) {
      const { model, labels } = drawn(4000, 5, t, 7);
      const fitted = fitTemperature(model, labels, 5);
      expect(fitted).toBeGreaterThan(t * 0.85);
      expect(fitted).toBeLessThan(t * 1.15);
      // The fit lowers the labels' NLL against T = 1 (or keeps it, at T = 1).
      expect(labelNll(model, labels, 5, fitted)).toBeLessThanOrEqual(labelNll(model, labels, 5, 1) + 1e-9);
    }
  });

  it('T = 1 changes nothing; rows stay distributions; no labels gives T = 1', () => {
    const p = Float32Array.from([0.7, 0.2, 0.1, 0.05, 0.9, 0.05]);
    const same = applyTemperature(p, 3, 1);
    for (let t = 0; t < p.length; t++) expect(same[t]).toBeCloseTo(p[t], 6);
    const hot = applyTemperature(p, 3, 3);
    expect(hot[0] + hot[1] + hot[2]).toBeCloseTo(1, 6);
    expect(hot[0]).toBeLessThan(0.7);
    expect(fitTemperature(p, Int32Array.from([-1, -1]), 3)).toBe(1);
  });
});
