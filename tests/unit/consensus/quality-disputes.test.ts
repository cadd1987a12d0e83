import { describe, expect, it } from 'vitest';
import {
  annotatorQuality,
  coordinatedFlips,
  crowdlab,
  dawidSkene,
  majorityVote,
  splitItems,
} from '../../../src/core/consensus';
import { synthetic, tableOf } from './helpers';

describe('annotator quality', () => {
  it('counts agreement, a confusion matrix and the worst confusion per annotator', () => {
    const t = tableOf([
      [0, 0, 1],
      [1, 1, 0],
      [2, 2, 2],
      [0, 0, 1],
    ]);
    const rows = annotatorQuality(t, majorityVote({ table: t }));
    expect(rows.map((r) => r.annotator)).toEqual(['ann2', 'ann0', 'ann1']);
    const bad = rows[0];
    expect(bad.judgements).toBe(4);
    expect(bad.agreement).toBe(0.25);
    expect(bad.confusion).toEqual([
      [0, 2, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(bad.worstConfusion).toEqual({ consensus: 'x', given: 'y', count: 2 });
    expect(bad.kappa).toBeLessThan(0.2);
    expect(rows[1].kappa).toBe(1);
    expect(rows[1].worstConfusion).toBeNull();
    // Majority vote: quality is plain agreement.
    expect(bad.quality).toBe(bad.agreement);
  });

  it('ranks a poor annotator last with every method', () => {
    const { table, probs } = synthetic(800, 4, [0.9, 0.85, 0.8, 0.4], 0.8, 31);
    for (const cons of [
      majorityVote({ table, probs }),
      dawidSkene({ table, probs }),
      crowdlab({ table, probs }),
    ]) {
      const rows = annotatorQuality(table, cons);
      expect(rows[0].annotator).toBe('ann3');
      expect(rows[3].annotator).toBe('ann0');
      for (const r of rows) expect(Number.isFinite(r.quality)).toBe(true);
    }
  });

  it('counts only shared items for agreement (alone, an annotator is the consensus)', () => {
    const t = tableOf([
      [0, 1],
      [1, null],
      [2, null],
    ]);
    const rows = annotatorQuality(t, majorityVote({ table: t }));
    const ann0 = rows.find((r) => r.annotator === 'ann0')!;
    expect(ann0.judgements).toBe(3);
    expect(ann0.agreement).toBe(1);
  });
});

describe('split items', () => {
  it('lists items the annotators split on, most split first', () => {
    const t = tableOf([
      [0, 0, 0],
      [0, 1, 2],
      [0, 0, 1],
      [1, null, null],
    ]);
    const splits = splitItems(t);
    expect(splits.map((s) => s.item)).toEqual([1, 2]);
    expect(splits[0]).toMatchObject({ votes: { x: 1, y: 1, z: 1 }, agreement: 1 / 3 });
    expect(splits[1]).toMatchObject({ votes: { x: 2, y: 1 }, consensus: 'x' });
  });
});

describe('coordinated flips', () => {
  // 200 items, 2 classes; three annotators at 0.9. Items 0–9: all three give the wrong label.
  function setUp(modelSure: number) {
    const { truth, table, probs } = synthetic(200, 2, [0.9, 0.9, 0.9], 1, 41);
    for (let j = 0; j < table.item.length; j++)
      if (table.item[j] < 10) table.label[j] = 1 - truth[table.item[j]];
    for (let i = 0; i < 200; i++) {
      probs[i * 2 + truth[i]] = modelSure;
      probs[i * 2 + 1 - truth[i]] = 1 - modelSure;
    }
    return { table, probs };
  }

  it('flags unanimous items the model is sure are wrong, and only those', () => {
    const { table, probs } = setUp(0.97);
    const { flips, confusion } = coordinatedFlips(table, probs, majorityVote({ table }).labels);
    expect(flips.map((f) => f.item).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(flips[0].annotators).toBe(3);
    expect(flips[0].modelProbability).toBeCloseTo(0.03, 5);
    expect(flips[0].wrongProbability).toBeGreaterThan(0.5);
    expect(confusion[0][0]).toBeGreaterThan(0.8);
  });

  it('does not flag when the model is not sure enough to outweigh one judgement', () => {
    // With annotators right ~88 % of the time, a model 80 % sure is not enough against them.
    const { table, probs } = setUp(0.8);
    expect(coordinatedFlips(table, probs, majorityVote({ table }).labels).flips).toEqual([]);
  });
});

describe('label QA in one call', () => {
  it('gives the consensus, the annotator table, splits and flips', async () => {
    const { labelQa } = await import('../../../src/core/consensus');
    const { table, probs } = synthetic(300, 3, [0.9, 0.85, 0.5], 0.85, 51);
    const qa = labelQa(table, probs);
    expect(qa.consensus.method).toBe('dawid-skene');
    expect(qa.annotators[0].annotator).toBe('ann2');
    expect(qa.splits.length).toBeGreaterThan(0);
    expect(Array.isArray(qa.flips)).toBe(true);
    expect(labelQa(table, null, 'crowdlab').flips).toEqual([]);
    expect(labelQa(table, probs, 'majority-vote').consensus.method).toBe('majority-vote');
  });
});
