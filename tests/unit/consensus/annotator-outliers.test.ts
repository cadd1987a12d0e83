// The rule that names a suspect annotator (κ with consensus far below the others', robust z).
import { describe, expect, it } from 'vitest';
import { annotatorQuality } from '../../../src/core/consensus/annotator-quality';
import { annotatorOutliers, kappaSE } from '../../../src/core/consensus/annotator-outliers';
import { majorityVote } from '../../../src/core/consensus/majority-vote';
import { tableOf } from './helpers';
import { mulberry32 } from '../../../src/core/random';

/** 200 items of 3 classes, five annotators judging all; `noise[a]` = their error rate. */
function judged(noise: number[], seed = 3) {
  const rand = mulberry32(seed);
  const rows = Array.from({ length: 200 }, (_, i) => {
    const t = i % 3;
    return noise.map((e) => (rand() < e ? (t + 1 + Math.floor(rand() * 2)) % 3 : t));
  });
  const table = tableOf(rows);
  return annotatorQuality(table, majorityVote({ table }));
}

describe('annotatorOutliers', () => {
  it('names the one careless annotator and nobody else', () => {
    const rows = judged([0.05, 0.08, 0.1, 0.07, 0.45]);
    const out = annotatorOutliers(rows);
    expect(out.filter((o) => o.suspect).map((o) => o.annotator)).toEqual(['ann4']);
    expect(out.find((o) => o.annotator === 'ann4')!.z).toBeLessThan(-3.5);
  });

  it('names nobody when the annotators are alike', () => {
    const out = annotatorOutliers(judged([0.1, 0.12, 0.08, 0.11, 0.09]));
    expect(out.some((o) => o.suspect)).toBe(false);
  });

  it('needs three rated annotators: with two nobody is suspect and z is NaN', () => {
    const out = annotatorOutliers(judged([0.05, 0.45]));
    expect(out.every((o) => !o.suspect && Number.isNaN(o.z))).toBe(true);
  });

  it('the standard error of κ shrinks with more judgements', () => {
    const small = kappaSE([
      [8, 2],
      [2, 8],
    ]);
    const large = kappaSE([
      [80, 20],
      [20, 80],
    ]);
    expect(large).toBeLessThan(small);
    expect(large).toBeCloseTo(small / Math.sqrt(10), 6);
  });
});
