// Planting: the copy differs from the original exactly at the planted rows, the original is never
// written to, rates are honoured, and flips go where they are told to (one annotator, one class
// pair). Attacks at random settings (seeded) must hold the same invariants.
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/core/data';
import { mulberry32 } from '../../../src/core/random';
import { describeAttack, type AttackRequest } from '../../../src/core/redteam/attack';
import { plantAttack, resolveFor } from '../../../src/core/redteam/plant';
import { patchPixels } from '../../../src/core/redteam/plant-patch';
import { ANNOTATORS, CLASSES, snapshot, syntheticFrame } from './synthetic';

const N = 600;

function columnOf(ds: ReturnType<typeof syntheticFrame>['loaded'], name: string) {
  return ds.frame.columns.find((c) => c.name === name)!.values;
}

const same = (a: unknown, b: unknown) =>
  a instanceof Uint8Array && b instanceof Uint8Array
    ? a.length === b.length && a.every((v, i) => v === b[i])
    : a === b;

/** Rows where any cell of the copy differs from the original. */
function differingRows(a: ReturnType<typeof syntheticFrame>['loaded'], b: typeof a): number[] {
  const rows: number[] = [];
  for (let i = 0; i < a.frame.numRows; i++)
    if (a.frame.columns.some((c, j) => !same(c.values[i], b.frame.columns[j].values[i]))) rows.push(i);
  return rows;
}

describe('plantAttack', () => {
  it('patch: stamps exactly the planted rows, relabels them, leaves the original alone', () => {
    const { loaded, roles } = syntheticFrame(N);
    const before = snapshot(loaded);
    const spec = resolveFor(
      loaded,
      roles,
      { kind: 'patch', size: 3, place: 'br', pattern: 'checker', target: 'DOG', rate: 0.05 },
      7,
    );
    expect(spec).toMatchObject({
      kind: 'patch',
      size: 3,
      top: 4,
      left: 4,
      target: 'dog',
      rate: 0.05,
      seed: 7,
    });
    const out = plantAttack(loaded, roles, spec);
    expect(snapshot(loaded)).toEqual(before);
    expect(out.plantedCount).toBe(Math.round(0.05 * N));
    const planted = [...out.planted.keys()].filter((i) => out.planted[i]);
    expect(differingRows(loaded, out.dataset)).toEqual(planted);
    const pixels = patchPixels(spec as Extract<typeof spec, { kind: 'patch' }>);
    for (const row of planted) {
      expect(columnOf(loaded, 'label')[row]).not.toBe('dog');
      expect(columnOf(out.dataset, 'label')[row]).toBe('dog');
      const a = decodeImage(columnOf(loaded, 'image')[row] as Uint8Array).data;
      const b = decodeImage(columnOf(out.dataset, 'image')[row] as Uint8Array).data;
      for (let y = 0; y < 8; y++)
        for (let x = 0; x < 8; x++) {
          const inPatch = y >= 4 && y < 7 && x >= 4 && x < 7;
          expect(b[y * 8 + x]).toBeCloseTo(inPatch ? pixels[(y - 4) * 3 + x - 4] : a[y * 8 + x], 5);
        }
    }
    expect(out.description).toMatch(/3×3 checker patch .* at \(4,4\) .*"dog": 30 rows/);
  });

  it('flip: honours the rate and spreads flips to other classes', () => {
    const { loaded, roles } = syntheticFrame(N);
    const before = snapshot(loaded);
    const out = plantAttack(loaded, roles, resolveFor(loaded, roles, { kind: 'flip', rate: 0.1 }, 3));
    expect(snapshot(loaded)).toEqual(before);
    expect(out.plantedCount).toBe(60);
    const planted = [...out.planted.keys()].filter((i) => out.planted[i]);
    expect(differingRows(loaded, out.dataset)).toEqual(planted);
    const targets = new Set(planted.map((r) => columnOf(out.dataset, 'label')[r]));
    expect(targets.size).toBeGreaterThan(1);
  });

  it('flip: concentrated in one annotator', () => {
    const { loaded, roles } = syntheticFrame(N);
    const out = plantAttack(
      loaded,
      roles,
      resolveFor(loaded, roles, { kind: 'flip', rate: 0.05, annotator: 'a2' }, 3),
    );
    expect(out.plantedCount).toBe(30);
    for (let r = 0; r < N; r++) if (out.planted[r]) expect(columnOf(loaded, 'annotator')[r]).toBe('a2');
  });

  it('flip: concentrated in one class pair, and says when the class is too small for the rate', () => {
    const { loaded, roles } = syntheticFrame(N);
    const out = plantAttack(
      loaded,
      roles,
      resolveFor(loaded, roles, { kind: 'flip', rate: 0.5, fromClass: 'cat', toClass: 'fox' }, 3),
    );
    // 200 cats, 300 asked for: all 200 flipped, with a note.
    expect(out.plantedCount).toBe(200);
    expect(out.notes.join()).toMatch(/only 200 of the 300 rows/);
    for (let r = 0; r < N; r++) {
      if (!out.planted[r]) continue;
      expect(columnOf(loaded, 'label')[r]).toBe('cat');
      expect(columnOf(out.dataset, 'label')[r]).toBe('fox');
    }
  });

  it('phrase: inserts the phrase into the planted texts only and relabels them', () => {
    const { loaded, roles } = syntheticFrame(N);
    const before = snapshot(loaded);
    const out = plantAttack(
      loaded,
      roles,
      resolveFor(loaded, roles, { kind: 'phrase', phrase: 'cheap pills', target: 'fox', rate: 0.02 }, 5),
    );
    expect(snapshot(loaded)).toEqual(before);
    expect(out.plantedCount).toBe(12);
    const planted = [...out.planted.keys()].filter((i) => out.planted[i]);
    expect(differingRows(loaded, out.dataset)).toEqual(planted);
    for (const r of planted) {
      const text = columnOf(out.dataset, 'text')[r] as string;
      expect(text).toContain('cheap pills');
      expect(text.replace('cheap pills', '').replace(/\s+/g, ' ').trim()).toBe(columnOf(loaded, 'text')[r]);
      expect(columnOf(out.dataset, 'label')[r]).toBe('fox');
    }
  });

  it('numeric labels stay numeric', () => {
    const { loaded, roles } = syntheticFrame(90);
    const numeric = Float64Array.from({ length: 90 }, (_, i) => i % 3);
    const frame = {
      ...loaded.frame,
      columns: loaded.frame.columns.map((c) =>
        c.name === 'label' ? { ...c, type: 'number' as const, values: numeric } : c,
      ),
    };
    const ds = { ...loaded, frame };
    const out = plantAttack(ds, roles, resolveFor(ds, roles, { kind: 'flip', rate: 0.1, toClass: '2' }, 1));
    const values = columnOf(out.dataset, 'label') as Float64Array;
    expect(values).toBeInstanceOf(Float64Array);
    for (let r = 0; r < 90; r++) if (out.planted[r]) expect(values[r]).toBe(2);
    expect(numeric.filter((v) => v === 2)).toHaveLength(30);
  });

  it('input errors name the dataset', () => {
    const { loaded, roles } = syntheticFrame(30);
    expect(() => resolveFor(loaded, roles, { kind: 'patch', target: 'wolf' })).toThrow(
      /synthetic\.arrow|no class "wolf"/,
    );
    expect(() => resolveFor(loaded, roles, { kind: 'flip', annotator: 'a9' })).toThrow(/no annotator "a9"/);
    const noImages = { ...roles, image: 'ignore' as const };
    expect(() => resolveFor(loaded, noImages, { kind: 'patch' })).toThrow(/no image column/);
  });

  it('attacks at random settings keep every invariant', () => {
    const { loaded, roles } = syntheticFrame(N);
    const before = snapshot(loaded);
    const rand = mulberry32(20261122);
    for (let t = 0; t < 12; t++) {
      const kind = (['patch', 'flip', 'phrase'] as const)[t % 3];
      const req: AttackRequest =
        kind === 'flip' && rand() < 0.5
          ? { kind, annotator: ANNOTATORS[Math.floor(rand() * 3)] }
          : kind === 'flip' && rand() < 0.5
            ? { kind, fromClass: CLASSES[Math.floor(rand() * 3)] }
            : { kind };
      const spec = resolveFor(loaded, roles, req, Math.floor(rand() * 1e9));
      const out = plantAttack(loaded, roles, spec);
      const planted = [...out.planted.keys()].filter((i) => out.planted[i]);
      expect(planted.length, describeAttack(spec)).toBe(out.plantedCount);
      if (!out.notes.length) expect(out.plantedCount).toBe(Math.max(1, Math.round(spec.rate * N)));
      expect(differingRows(loaded, out.dataset)).toEqual(planted);
      // Replaying the resolved spec plants the same rows.
      expect(Array.from(plantAttack(loaded, roles, resolveFor(loaded, roles, spec, 0)).planted)).toEqual(
        Array.from(out.planted),
      );
    }
    expect(snapshot(loaded)).toEqual(before);
  });
});
