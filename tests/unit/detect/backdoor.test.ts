import { describe, expect, it } from 'vitest';
import { activationClustering } from '../../../src/core/detect/activation-clustering';
import { spectral } from '../../../src/core/detect/spectral';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { allFinite, auroc, blobs, count, makeInputs, plantBackdoor, why } from './helpers';

describe('backdoor-like sub-population (rate = share of the target class)', () => {
  for (const [rate, dim, seed] of [
    [0.01, 32, 11],
    [0.05, 32, 12],
    [0.05, 64, 13],
    [0.1, 16, 14],
  ] as const) {
    it(`spectral and activation clustering rank the poison first at ${rate * 100}% in ${dim} dims`, () => {
      const b = blobs(500, 5, dim, seed);
      // A learned trigger: apart in the embedding (shift 4), like its source class in the raw
      // input (shift 0), and the model sure of the given label (probabilities follow it).
      const p = plantBackdoor(b, rate, 0, 2, seed + 1);
      const raw = plantBackdoor(b, rate, 0, 2, seed + 1, 0);
      const inputs = makeInputs(p.x, dim, p.labels, 5, { input: { x: raw.x, dim } });
      const poisoned = count(p.poison);
      for (const det of [spectral, activationClustering]) {
        const r = det.run(inputs);
        expect(allFinite(r.scores)).toBe(true);
        expect(auroc(r.scores, p.poison)).toBeGreaterThanOrEqual(0.95);
        let tp = 0;
        for (let i = 0; i < r.flagged.length; i++) if (r.flagged[i] && p.poison[i]) tp++;
        // The flag finds the poison and (almost) nothing else.
        expect(tp).toBeGreaterThanOrEqual(Math.ceil(0.9 * poisoned));
        expect(count(r.flagged) - tp).toBeLessThanOrEqual(Math.max(2, Math.ceil(0.1 * poisoned)));
        for (let i = 0; i < r.flagged.length; i++)
          if (r.flagged[i]) expect(why(r.reasons[i])).toContain('class2');
      }
      const sp = spectral.run(inputs).details!.perClass;
      expect(sp[2].epsilon).toBeGreaterThan(rate * 0.5);
      expect(sp[2].epsilon).toBeLessThan(rate * 1.5);
      const ac = activationClustering.run(inputs).details!.perClass;
      expect(ac.map((d) => d.suspect)).toEqual([false, false, true, false, false]);
    });
  }

  it('a clean dataset gets (almost) no flags from either detector, isotropic or anisotropic', () => {
    for (const scales of [undefined, Array.from({ length: 32 }, (_, t) => 3 / (1 + 0.3 * t))]) {
      const b = blobs(600, 6, 32, 21, 3, scales);
      const inputs = makeInputs(b.x, 32, b.truth, 6);
      const ac = activationClustering.run(inputs);
      expect(ac.details!.perClass.filter((d) => d.suspect)).toEqual([]);
      expect(count(ac.flagged)).toBe(0);
      const sp = spectral.run(inputs);
      expect(count(sp.flagged)).toBeLessThanOrEqual(Math.ceil(0.005 * b.n));
    }
  });

  it('a clean class with two styles is not flagged, however cleanly the styles separate', () => {
    // Sneakers and slip-ons: one class, two well-separated modes, in the embedding AND in the raw
    // input (a real style, not a trigger), and the model sure of the label for both. Geometry alone
    // (a small, separated cluster) flagged such a whole clean style on Fashion-MNIST at 60k rows.
    const dim = 32;
    for (const [share, seed] of [
      [0.15, 51],
      [0.3, 52],
      [0.45, 53],
    ] as const) {
      const b = blobs(600, 4, dim, seed);
      const g = gaussian(mulberry32(seed + 100));
      const u = Array.from({ length: dim }, () => g());
      const norm = Math.hypot(...u);
      const x = Float32Array.from(b.x);
      const style = new Uint8Array(b.n);
      let inClass = 0;
      for (let i = 0; i < b.n; i++) {
        if (b.truth[i] !== 1) continue;
        // Every sample where the running count of share·k steps past an integer: exactly `share`.
        const k = inClass++;
        if (Math.floor((k + 1) * share) > Math.floor(k * share)) {
          style[i] = 1;
          for (let t = 0; t < dim; t++) x[i * dim + t] += (10 * u[t]) / norm;
        }
      }
      const inputs = makeInputs(x, dim, b.truth, 4, { input: { x, dim } });
      const ac = activationClustering.run(inputs);
      const detail = ac.details!.perClass[1];
      expect(detail.suspect).toBe(false);
      expect(count(ac.flagged)).toBe(0);
      if (share < 0.35) {
        // The split is small and separated: only reclassification clears it.
        expect(detail.smallFraction).toBeLessThanOrEqual(0.35);
        expect(detail.separation).toBeGreaterThanOrEqual(3);
        expect(detail.reclassification?.shortcut).toBe(false);
      }
      expect(count(spectral.run(inputs).flagged)).toBe(0);
      // The same second mode as a learned trigger (its raw inputs look like class 0) is flagged.
      const raw = Float32Array.from(x);
      for (let i = 0; i < b.n; i++)
        if (style[i]) for (let t = 0; t < dim; t++) raw[i * dim + t] = b.means[t] + g();
      if (share < 0.35) {
        const poisoned = activationClustering.run(makeInputs(x, dim, b.truth, 4, { input: { x: raw, dim } }));
        expect(auroc(poisoned.flagged, style)).toBeGreaterThan(0.95);
      }
    }
  });

  it('heavy-tailed clean classes (Student t, 3 dof) do not make activation clustering flag', () => {
    const dim = 32;
    const b = blobs(800, 4, dim, 31);
    const g = gaussian(mulberry32(32));
    const x = new Float32Array(b.x.length);
    for (let i = 0; i < b.n; i++) {
      const chi = Math.sqrt((g() ** 2 + g() ** 2 + g() ** 2) / 3);
      for (let t = 0; t < dim; t++) {
        const m = b.means[b.truth[i] * dim + t];
        x[i * dim + t] = m + (b.x[i * dim + t] - m) / chi;
      }
    }
    const inputs = makeInputs(x, dim, b.truth, 4);
    expect(count(activationClustering.run(inputs).flagged)).toBeLessThanOrEqual(Math.ceil(0.005 * b.n));
    expect(count(spectral.run(inputs).flagged)).toBeLessThanOrEqual(Math.ceil(0.005 * b.n));
  });

  it('spectral scores are comparable across classes: clean classes have similar score scales', () => {
    const b = blobs(500, 4, 16, 41, 3);
    // Scale one class's embeddings by 10: its standardised scores must stay on the same scale.
    const x = Float32Array.from(b.x);
    for (let i = 0; i < b.n; i++) if (b.truth[i] === 1) for (let t = 0; t < 16; t++) x[i * 16 + t] *= 10;
    const r = spectral.run(makeInputs(x, 16, b.truth, 4));
    const mean = (y: number) => {
      let s = 0;
      let m = 0;
      for (let i = 0; i < b.n; i++) {
        if (b.truth[i] !== y) continue;
        s += r.scores[i];
        m++;
      }
      return s / m;
    };
    expect(mean(1) / mean(0)).toBeLessThan(2);
    expect(mean(1) / mean(0)).toBeGreaterThan(0.5);
  });
});
