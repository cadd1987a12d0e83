import { describe, expect, it } from 'vitest';
import { crowdlab, dawidSkene, majorityVote, runConsensus } from '../../../src/core/consensus';
import { weighted } from '../../../src/core/consensus/crowdlab';
import { accuracy, synthetic, tableOf } from './helpers';

describe('majority vote', () => {
  it('takes the most frequent label; quality is the share that agrees', () => {
    const t = tableOf([
      [0, 0, 1],
      [2, 2, 2],
      [1, null, null],
    ]);
    const mv = majorityVote({ table: t });
    expect(Array.from(mv.labels)).toEqual([0, 2, 1]);
    expect(Array.from(mv.quality)).toEqual([2 / 3, 1, 1].map((v) => Math.fround(v)));
  });

  it('breaks ties by the model, then by the rarer class', () => {
    const t = tableOf([
      [0, 1],
      [0, 1],
      [0, 0],
    ]);
    const probs = Float32Array.from([0.3, 0.7, 0, 0.5, 0.5, 0, 1, 0, 0]);
    expect(Array.from(majorityVote({ table: t, probs }).labels)).toEqual([1, 1, 0]);
    // Without the model: class 1 has fewer votes overall (2 against 4).
    expect(Array.from(majorityVote({ table: t }).labels)).toEqual([1, 1, 0]);
  });

  it('uses the model for items nobody judged, -1 without one', () => {
    const t = tableOf([[0], []]);
    expect(Array.from(majorityVote({ table: t }).labels)).toEqual([0, -1]);
    const probs = Float32Array.from([1, 0, 0, 0, 0, 1]);
    expect(Array.from(majorityVote({ table: t, probs }).labels)).toEqual([0, 2]);
  });

  it('rejects probabilities of the wrong shape', () => {
    expect(() => majorityVote({ table: tableOf([[0]]), probs: new Float32Array(2) })).toThrow(
      /1 items × 3 classes/,
    );
  });
});

describe('Dawid–Skene', () => {
  it('beats majority vote when one annotator of three is poor, and learns who', () => {
    const { truth, table } = synthetic(1500, 4, [0.9, 0.8, 0.35], 0, 5);
    const mv = majorityVote({ table });
    const ds = dawidSkene({ table });
    expect(accuracy(ds.labels, truth)).toBeGreaterThan(accuracy(mv.labels, truth));
    const confusion = ds.details.confusion as Record<string, number[][]>;
    const diag = (a: string) => confusion[a].reduce((s, row, k) => s + row[k], 0) / 4;
    expect(diag('ann0')).toBeGreaterThan(0.85);
    expect(diag('ann2')).toBeLessThan(0.45);
  });

  it('reads an annotator who always swaps a class pair', () => {
    // ann2 answers 1 for 0 and 0 for 1; two honest annotators at 0.7 often disagree.
    const { truth, table } = synthetic(2000, 3, [0.7, 0.7, 1], 0, 9);
    table.label = table.label.map((l, j) => (table.annotator[j] === 2 && l < 2 ? 1 - l : l));
    const ds = dawidSkene({ table });
    expect(accuracy(ds.labels, truth)).toBeGreaterThan(accuracy(majorityVote({ table }).labels, truth) + 0.1);
    const cm = (ds.details.confusion as Record<string, number[][]>).ann2;
    expect(cm[0][1]).toBeGreaterThan(0.9);
    expect(cm[1][0]).toBeGreaterThan(0.9);
  });

  it('uses the model as a prior or as an annotator; posteriors are distributions', () => {
    const { truth, table, probs } = synthetic(1000, 3, [0.75, 0.7, 0.65], 0.85, 11);
    const none = dawidSkene({ table });
    for (const model of ['prior', 'annotator'] as const) {
      const ds = dawidSkene({ table, probs }, { model });
      expect(ds.details.model).toBe(model);
      expect(accuracy(ds.labels, truth)).toBeGreaterThan(accuracy(none.labels, truth));
      for (let i = 0; i < 30; i++) {
        const row = ds.posterior.subarray(i * 3, i * 3 + 3);
        expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
        expect(ds.quality[i]).toBeCloseTo(row[ds.labels[i]], 6);
      }
    }
  });

  it('is deterministic and stops early on convergence', () => {
    const { table, probs } = synthetic(300, 3, [0.9, 0.8, 0.7], 0.8, 3);
    const a = dawidSkene({ table, probs });
    const b = dawidSkene({ table, probs });
    expect(Array.from(a.posterior)).toEqual(Array.from(b.posterior));
    expect(a.details.iterations).toBeLessThan(100);
  });
});

describe('CROWDLAB', () => {
  it('matches the weights worked out by hand on a small case', () => {
    // 4 items, 2 classes, 3 annotators; majority consensus [0, 0, 1, 1].
    const t = tableOf(
      [
        [0, 0, 1],
        [0, 0, 0],
        [1, 1, 0],
        [1, 1, 1],
      ],
      ['a', 'b'],
    );
    const probs = Float32Array.from([0.9, 0.1, 0.6, 0.4, 0.2, 0.8, 0.3, 0.7]);
    const { weights, posterior } = weighted(t, probs, Int32Array.from([0, 0, 1, 1]));
    // Mean agreement with consensus: (2/3 + 1 + 2/3 + 1) / 4 = 5/6.
    expect(weights.voteLikelihood).toBeCloseTo(5 / 6, 6);
    // Always answering the most common consensus class errs on half of the items.
    expect(weights.baselineError).toBeCloseTo(0.5, 6);
    // ann0 agrees with the others on 6 of 8 pairs (weight 1 − 0.25/0.5), ann2 on 4 of 8 (no better
    // than chance: the floor).
    expect(weights.annotators[0]).toBeCloseTo(0.5, 6);
    expect(weights.annotators[1]).toBeCloseTo(0.5, 6);
    expect(weights.annotators[2]).toBeCloseTo(1e-6, 10);
    // The model's argmax agrees with every consensus: weight 1 · √3.
    expect(weights.model).toBeCloseTo(Math.sqrt(3), 6);
    const w = [Math.sqrt(3), 0.5, 0.5, 1e-6];
    const p0 = (w[0] * 0.9 + w[1] * (5 / 6) + w[2] * (5 / 6) + w[3] * (1 / 6)) / (w[0] + w[1] + w[2] + w[3]);
    expect(posterior[0]).toBeCloseTo(p0, 5);
  });

  it('lets a confident, accurate model overrule a weak majority', () => {
    const { truth, table, probs } = synthetic(1500, 3, [0.7, 0.65, 0.6], 0.9, 21);
    const mv = majorityVote({ table, probs });
    const cl = crowdlab({ table, probs });
    expect(accuracy(cl.labels, truth)).toBeGreaterThan(accuracy(mv.labels, truth) + 0.03);
    expect(cl.labelQualityShare).toBeGreaterThan(0);
    expect(cl.labelQualityShare).toBeLessThan(1);
    for (let i = 0; i < 20; i++) expect(cl.quality[i]).toBeCloseTo(cl.posterior[i * 3 + cl.labels[i]], 6);
  });

  it('needs the model; runConsensus falls back to Dawid–Skene without it', () => {
    const t = tableOf([[0, 0]]);
    expect(() => crowdlab({ table: t })).toThrow(/probabilities/);
    expect(runConsensus({ table: t }, 'crowdlab').method).toBe('dawid-skene');
    expect(runConsensus({ table: t }, 'majority-vote').method).toBe('majority-vote');
  });
});
