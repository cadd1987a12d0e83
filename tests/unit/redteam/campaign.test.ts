// The campaign attack: parsed, resolved (parameters drawn from the seed), planted (the copy
// differs from the original exactly at the planted rows; all carry the target label, the
// annotator and the template's content), and, end to end on real tabular and text data
// (penguins-clean, spam-clean: bench/campaign-data.ts), found by the campaign detector with its
// annotator ranked first.
import { describe, expect, it } from 'vitest';
import { penguinsClean, spamClean } from '../../../bench/campaign-data';
import { sourceFromBytes } from '../../../src/core/data';
import { selectBackend } from '../../../src/core/model/backend';
import { parseAttack, AttackParseError } from '../../../src/core/redteam/parse-attack';
import { plantAttack, resolveFor } from '../../../src/core/redteam/plant';
import { textVariant } from '../../../src/core/redteam/plant-campaign';
import { redteam } from '../../../src/core/redteam/redteam';
import { mulberry32 } from '../../../src/core/random';
import { snapshot, syntheticFrame } from './synthetic';

describe('campaign attack', () => {
  it('parses its parameters', () => {
    expect(parseAttack('campaign:rate=2%,target=ham,annotator=a3,jitter=0.1,seed=4')).toEqual({
      kind: 'campaign',
      rate: 0.02,
      target: 'ham',
      annotator: 'a3',
      jitter: 0.1,
      seed: 4,
    });
    expect(parseAttack('campaign:template="Win, now",from=spam,to=ham')).toEqual({
      kind: 'campaign',
      template: 'Win, now',
      source: 'spam',
      target: 'ham',
    });
    expect(parseAttack('cleanlabel:base=Trouser,target=Coat,rate=1%')).toEqual({
      kind: 'cleanlabel',
      base: 'Trouser',
      target: 'Coat',
      rate: 0.01,
    });
    expect(() => parseAttack('frogs:rate=1%')).toThrow(/patch, flip, phrase, campaign or cleanlabel/);
    expect(() => parseAttack('campaign:jitter=-1')).toThrow(AttackParseError);
    expect(() => parseAttack('campaign:size=3')).toThrow(/unknown parameter/);
  });

  it('a text variant keeps the template, redraws numbers, swaps words and adds a name', () => {
    const rand = mulberry32(1);
    const t = 'call 555 1234 today for a free cruise to the islands of the south';
    const v = textVariant(t, 0.2, ['zebra', 'quartz'], rand);
    expect(v).not.toBe(t);
    expect(v.split(/\s+/).length).toBe(t.split(/\s+/).length + 1);
  });

  it('plants near-duplicates of one source row with the target label and the annotator', () => {
    const { loaded, roles } = syntheticFrame(600);
    const before = snapshot(loaded);
    const spec = resolveFor(
      loaded,
      roles,
      { kind: 'campaign', rate: 0.05, target: 'dog', annotator: 'a2' },
      3,
    );
    expect(spec).toMatchObject({ kind: 'campaign', target: 'dog', annotator: 'a2', rate: 0.05 });
    expect(spec.kind === 'campaign' && spec.source).not.toBe('dog');
    const p = plantAttack(loaded, roles, spec);
    expect(snapshot(loaded)).toEqual(before);
    expect(p.plantedCount).toBe(30);
    const col = (name: string) => p.dataset.frame.columns.find((c) => c.name === name)!.values;
    const texts = new Set<string>();
    for (let i = 0; i < 600; i++) {
      if (!p.planted[i]) {
        expect(col('text')[i]).toBe(before[2][i]);
        continue;
      }
      expect(col('label')[i]).toBe('dog');
      expect(col('annotator')[i]).toBe('a2');
      texts.add(String(col('text')[i]));
    }
    // One template, small variations: every variant shares most of its words.
    expect(texts.size).toBeGreaterThan(1);
    // Replayable: the same spec plants the same rows and texts.
    const q = plantAttack(loaded, roles, p.spec);
    expect(Array.from(q.planted)).toEqual(Array.from(p.planted));
    // Random: every parameter drawn from the seed.
    const r = resolveFor(loaded, roles, { kind: 'campaign' }, 9);
    expect(r.kind).toBe('campaign');
    expect(r.kind === 'campaign' && r.annotator).toMatch(/^a[123]$/);
  });

  it('refuses what it cannot do', () => {
    const { loaded, roles } = syntheticFrame(60);
    expect(() => resolveFor(loaded, roles, { kind: 'campaign', annotator: 'zz' }, 1)).toThrow(
      /no annotator "zz"/,
    );
    expect(() => resolveFor(loaded, roles, { kind: 'campaign', source: 'dog', target: 'dog' }, 1)).toThrow(
      /same class/,
    );
  });

  // Floors just under the measured values (bench/campaign.ts, README red-team table).
  it('end to end on penguins-clean: a 2 % campaign by one annotator is found, the annotator first', async () => {
    await selectBackend({ force: 'wasm', measure: 'chosen' });
    const report = await redteam(
      [sourceFromBytes('penguins-clean.arrow', penguinsClean(true))],
      [{ kind: 'campaign', rate: 0.02, annotator: 'a2', seed: 21 }],
      { seed: 1 },
    );
    const run = report.runs[0];
    console.log(JSON.stringify({ attack: run.description, score: { ...run.score, detectors: undefined } }));
    expect(run.plantedCount).toBe(7);
    // Measured 2026-12-03: AUROC 1.000, recall@k 1.00 (the floors: 0.95, 0.9).
    expect(run.score.auroc!).toBeGreaterThanOrEqual(0.99);
    expect(run.score.recallAtK!).toBe(1);
    expect(run.score.annotator).toMatchObject({ name: 'a2', rank: 1, suspect: true });
    const det = run.score.detectors.find((d) => d.name === 'campaign')!;
    expect(det.truePositives).toBe(7);
    expect(det.flagged).toBe(7);
  }, 120_000);

  it("end to end on spam-clean (text): the spam-campaign dataset's attack is found, a3 first", async () => {
    await selectBackend({ force: 'wasm', measure: 'chosen' });
    const report = await redteam(
      [sourceFromBytes('spam-clean.arrow', spamClean())],
      [
        {
          kind: 'campaign',
          rate: 0.02,
          target: 'ham',
          source: 'spam',
          annotator: 'a3',
          jitter: 0.1,
          seed: 2026,
        },
      ],
      { seed: 1 },
    );
    const run = report.runs[0];
    console.log(JSON.stringify({ attack: run.description, score: { ...run.score, detectors: undefined } }));
    expect(run.plantedCount).toBe(60);
    // Measured 2026-12-03: AUROC 1.000, recall@k 1.00, the 60 flagged by the campaign detector alone.
    expect(run.score.auroc!).toBeGreaterThanOrEqual(0.99);
    expect(run.score.recallAtK!).toBeGreaterThanOrEqual(0.98);
    expect(run.score.annotator).toMatchObject({ name: 'a3', rank: 1, suspect: true });
    const det = run.score.detectors.find((d) => d.name === 'campaign')!;
    expect(det.truePositives).toBe(60);
    expect(det.flagged).toBe(60);
  }, 300_000);
});
