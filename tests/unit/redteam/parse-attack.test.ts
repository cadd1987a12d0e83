// The command line's attack syntax, and the metrics red-team reports (checked against the shared
// scorer, so red-team numbers mean what benchmark numbers mean).
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/random';
import { AttackParseError, parseAttack } from '../../../src/core/redteam/parse-attack';
import { auroc, averagePrecision, flagQuality, recallAtK } from '../../../src/core/redteam/ranking-metrics';
import { scoreAttack } from '../../../src/core/redteam/score-attack';
import type { ScanResult } from '../../../src/core/types';
// @ts-expect-error: a plain .mjs without types
import * as shared from '../../../../shared/tools/score.mjs';

describe('parseAttack', () => {
  it('reads the three kinds', () => {
    expect(parseAttack('patch:size=3,place=br,target=Coat,rate=0.03')).toEqual({
      kind: 'patch',
      size: 3,
      place: 'br',
      target: 'Coat',
      rate: 0.03,
    });
    expect(parseAttack('flip:rate=5%,annotator=a2')).toEqual({ kind: 'flip', rate: 0.05, annotator: 'a2' });
    expect(parseAttack('flip:from=Adelie,to=Gentoo')).toEqual({
      kind: 'flip',
      fromClass: 'Adelie',
      toClass: 'Gentoo',
    });
    expect(parseAttack('phrase:text="cheap, pills",target=spam,rate=0.02')).toEqual({
      kind: 'phrase',
      phrase: 'cheap, pills',
      target: 'spam',
      rate: 0.02,
    });
    expect(parseAttack('patch:top=2,left=5,value=255,pattern=random,seed=9')).toEqual({
      kind: 'patch',
      place: { top: 2, left: 5 },
      value: 1,
      pattern: 'random',
      seed: 9,
    });
  });

  it('leaves out what is random', () => {
    expect(parseAttack('patch')).toEqual({ kind: 'patch' });
    expect(parseAttack('patch:random')).toEqual({ kind: 'patch' });
    expect(parseAttack('flip:rate=random,to=ham')).toEqual({ kind: 'flip', toClass: 'ham' });
  });

  it('refuses what it cannot read, in one line', () => {
    for (const bad of [
      'poison:rate=0.1',
      'patch:size=0',
      'patch:rate=1.5',
      'patch:place=middle',
      'patch:top=3',
      'flip:colour=red',
      'phrase:text="open',
      'patch:size',
    ])
      expect(() => parseAttack(bad), bad).toThrow(AttackParseError);
  });
});

describe('ranking metrics', () => {
  it('agree with ../shared/tools/score.mjs, ties included', () => {
    const rand = mulberry32(5);
    for (let t = 0; t < 5; t++) {
      const n = 300;
      const truth = Uint8Array.from({ length: n }, () => (rand() < 0.1 ? 1 : 0));
      // Rounded scores: plenty of ties.
      const scores = Float32Array.from(truth, (y) => Math.round((rand() + 0.4 * y) * 10) / 10);
      const items = Array.from(scores, (score, i) => ({ score, pos: truth[i] === 1 }));
      const p = truth.reduce((s, v) => s + v, 0);
      const k = Math.round(1.5 * p);
      expect(auroc(scores, truth)).toBeCloseTo(shared.auroc(items), 10);
      expect(recallAtK(scores, truth)).toBeCloseTo(shared.expectedTpAtK(items, k) / p, 10);
      expect(averagePrecision(scores, truth)).toBeCloseTo(shared.averagePrecision(items), 10);
    }
    expect(auroc([1, 2, 3], [0, 0, 0])).toBeNull();
    expect(flagQuality([1, 1, 0, 0], [1, 0, 1, 0])).toEqual({
      flagged: 2,
      truePositives: 1,
      precision: 0.5,
      recall: 0.5,
      f1: 0.5,
    });
  });

  it('scoreAttack reports the combined score and each detector against the planted mask', () => {
    const n = 200;
    const planted = Uint8Array.from({ length: n }, (_, i) => (i % 20 === 0 ? 1 : 0));
    const suspicion = Float32Array.from(planted, (v, i) => v * 0.5 + (i % 7) / 10);
    const flagged = Uint8Array.from(suspicion, (s) => (s > 0.6 ? 1 : 0));
    const result = {
      n,
      suspicion,
      flagged,
      detectors: [
        { name: 'perfect', scores: Float32Array.from(planted), flagged: planted, reasons: [], params: {} },
        { name: 'blind', scores: new Float32Array(n), flagged: new Uint8Array(n), reasons: [], params: {} },
      ],
    } as unknown as ScanResult;
    const s = scoreAttack(result, planted);
    expect(s.plantedCount).toBe(10);
    expect(s.k).toBe(15);
    expect(s.auroc).toBeCloseTo(auroc(suspicion, planted)!, 12);
    expect(s.flagged.count).toBe(flagged.reduce((a, b) => a + b, 0));
    expect(s.detectors.map((d) => [d.name, d.auroc])).toEqual([
      ['perfect', 1],
      ['blind', 0.5],
    ]);
  });
});
