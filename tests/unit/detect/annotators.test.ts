import { describe, expect, it } from 'vitest';
import { annotatorAgreement } from '../../../src/core/detect/annotator-agreement';
import { mulberry32 } from '../../../src/core/random';
import { allFinite, blobs, count, makeInputs, trueProbs } from './helpers';

describe('annotator agreement', () => {
  it('ranks the annotator with 50% flipped labels first among 6', () => {
    const c = 4;
    const b = blobs(300, c, 16, 80, 4);
    const rand = mulberry32(81);
    const names = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay'];
    const annotators = Array.from({ length: b.n }, (_, i) => names[i % 6]);
    const labels = Int32Array.from(b.truth);
    const flip = (i: number) => (labels[i] = (b.truth[i] + 1 + Math.floor(rand() * (c - 1))) % c);
    for (let i = 0; i < b.n; i++) {
      const bad = annotators[i] === 'dan';
      if (rand() < (bad ? 0.5 : 0.05)) flip(i);
    }
    const probs = trueProbs(b.truth, c, 82);
    const r = annotatorAgreement.run(makeInputs(b.x, 16, labels, c, { probs, annotators }));
    const table = r.details!.annotators;
    expect(table[0].annotator).toBe('dan');
    expect(table[0].score).toBeGreaterThan(3);
    expect(table[1].score).toBeLessThan(3);
    expect(table[0].modelDisagreement).toBeGreaterThan(0.35);
    expect(table[0].flagged).toBeGreaterThan(50);
    for (const row of table.slice(1)) expect(row.flagged).toBe(0);
    expect(table.reduce((s, a) => s + a.flagged, 0)).toBe(count(r.flagged));
    // dan's disputed items outrank everyone else's disputed items.
    let danMin = Infinity;
    let otherMax = -Infinity;
    for (let i = 0; i < b.n; i++) {
      if (labels[i] === b.truth[i]) continue;
      if (annotators[i] === 'dan') danMin = Math.min(danMin, r.scores[i]);
      else otherMax = Math.max(otherMax, r.scores[i]);
    }
    expect(danMin).toBeGreaterThan(otherMax);
    expect(allFinite(r.scores)).toBe(true);
  });

  it('without an annotator column: all zeros and a note', () => {
    const b = blobs(20, 2, 4, 83);
    const r = annotatorAgreement.run(makeInputs(b.x, 4, b.truth, 2));
    expect(count(r.scores)).toBe(0);
    expect(count(r.flagged)).toBe(0);
    expect(r.details!.note).toBe('no annotator column');
  });

  it('null annotators and missing labels are skipped', () => {
    const b = blobs(30, 2, 4, 84);
    const labels = Int32Array.from(b.truth);
    labels[3] = -1;
    const annotators = Array.from({ length: b.n }, (_, i) => (i % 5 === 0 ? null : i % 2 ? 'a' : 'b'));
    const r = annotatorAgreement.run(makeInputs(b.x, 4, labels, 2, { annotators }));
    expect(r.scores[0]).toBe(0);
    expect(r.scores[3]).toBe(0);
    const table = r.details!.annotators;
    expect(table.reduce((s, a) => s + a.items, 0)).toBe(b.n - b.n / 5 - 1);
  });
});
