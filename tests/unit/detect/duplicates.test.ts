import { describe, expect, it } from 'vitest';
import { duplicates } from '../../../src/core/detect/duplicates';
import { blobs, count, makeInputs, why } from './helpers';

describe('duplicates', () => {
  it('flags every member of exact duplicate groups with conflicting labels, minority highest', () => {
    const b = blobs(100, 3, 8, 70);
    const n0 = b.n;
    // 10 conflicting pairs, one conflicting triple (2 vs 1), 5 same-label pairs.
    const src: number[] = [];
    for (let i = 0; i < 10; i++) src.push(i * 7);
    const triple = 101;
    const same = [150, 160, 170, 180, 190];
    const extra = [...src, triple, triple, ...same];
    const n = n0 + extra.length;
    const x = new Float32Array(n * 8);
    x.set(b.x);
    const labels = new Int32Array(n);
    labels.set(b.truth);
    const hashes = Array.from({ length: n }, (_, i) => `h${i}`);
    extra.forEach((s, t) => {
      const i = n0 + t;
      x.set(b.x.subarray(s * 8, s * 8 + 8), i * 8);
      hashes[i] = `h${s}`;
      labels[i] = t < 10 ? (b.truth[s] + 1) % 3 : t < 12 ? b.truth[s] : b.truth[s];
    });
    // The triple: original + one copy with the same label + one copy with another label.
    labels[n0 + 11] = (b.truth[triple] + 1) % 3;
    const r = duplicates.run(makeInputs(x, 8, labels, 3, { hashes }));
    for (let t = 0; t < 10; t++) {
      expect(r.flagged[src[t]]).toBe(1);
      expect(r.flagged[n0 + t]).toBe(1);
      expect(why(r.reasons[n0 + t])).toContain('conflicting labels');
    }
    expect(r.flagged[triple]).toBe(1);
    expect(r.flagged[n0 + 10]).toBe(1);
    expect(r.flagged[n0 + 11]).toBe(1);
    expect(r.scores[n0 + 11]).toBeGreaterThan(r.scores[triple]);
    for (let t = 0; t < same.length; t++) {
      expect(r.flagged[same[t]]).toBe(0);
      expect(r.flagged[n0 + 12 + t]).toBe(0);
      expect(r.scores[same[t]]).toBeGreaterThan(0);
      expect(r.scores[same[t]]).toBeLessThan(r.scores[src[0]]);
    }
    expect(count(r.flagged)).toBe(23);
    const groups = r.details!.groups;
    expect(groups.filter((g) => g.conflict)).toHaveLength(11);
    expect(groups.filter((g) => !g.conflict)).toHaveLength(5);
    expect(groups[0].conflict).toBe(true);
  });

  it('finds near duplicates by embedding distance even when the hashes differ', () => {
    const b = blobs(100, 2, 8, 71);
    const x = new Float32Array((b.n + 1) * 8);
    x.set(b.x);
    for (let t = 0; t < 8; t++) x[b.n * 8 + t] = b.x[5 * 8 + t] + 1e-5;
    const labels = new Int32Array(b.n + 1);
    labels.set(b.truth);
    labels[b.n] = 1 - b.truth[5];
    const r = duplicates.run(makeInputs(x, 8, labels, 2));
    expect(r.flagged[5]).toBe(1);
    expect(r.flagged[b.n]).toBe(1);
    expect(count(r.flagged)).toBe(2);
    expect(r.details!.groups[0].kind).toBe('near');
  });
});
