import { describe, expect, it } from 'vitest';
import { triggerCarriers } from '../../../src/core/detect/trigger-carriers';
import { why } from './helpers';
import { mulberry32 } from '../../../src/core/random';
import type { DetectorInputs, DetectorResult } from '../../../src/core/types';

const H = 12;
const W = 12;

/**
 * n noisy 12×12 grey images in 3 classes, each class a blob of its own in the middle. Rows in
 * `stamped` get a white 2×2 patch at (9,9) (labelled class 0); `natural` rows of other classes
 * get the same patch too when `patchIsCommon` (then it is no trigger, just a common feature).
 */
function dataset(opts: { patchIsCommon: boolean }) {
  const n = 300;
  const rand = mulberry32(5);
  const labels = new Int32Array(n);
  const x = new Float32Array(n * H * W);
  const stamped = new Set<number>();
  for (let i = 0; i < n; i++) {
    labels[i] = i % 3;
    for (let p = 0; p < H * W; p++) {
      const y = Math.floor(p / W);
      const col = p % W;
      const inBlob = Math.abs(y - 5) + Math.abs(col - 5 - (labels[i] - 1) * 2) < 4;
      x[i * H * W + p] = Math.min(1, (inBlob ? 0.6 : 0.05) + 0.1 * rand());
    }
  }
  // 20 poisoned rows, all labelled 0 (the target); 12 of them in the "flagged group".
  for (let i = 0; i < 60; i += 3) stamped.add(i);
  if (opts.patchIsCommon) for (let i = 1; i < n; i += 3) stamped.add(i); // class 1 has it too
  for (const i of stamped)
    for (const [dy, dx] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ])
      x[i * H * W + (9 + dy) * W + 9 + dx] = 1;
  const group = new Uint8Array(n);
  for (let i = 0; i < 36; i += 3) group[i] = 1;
  return { n, labels, x, group };
}

function run(patchIsCommon: boolean, cleanInGroup: number[] = []) {
  const { n, labels, x, group } = dataset({ patchIsCommon });
  for (const r of cleanInGroup) group[r] = 1;
  const inputs = { n, c: 3, classes: ['a', 'b', 'c'], labels } as unknown as DetectorInputs;
  const prior: DetectorResult[] = [
    {
      name: 'activation-clustering',
      scores: Float32Array.from(group),
      flagged: group,
      reasons: Array.from(group, (g) =>
        g ? { detector: 'activation-clustering', tag: '', text: 'cluster' } : null,
      ),
      params: {},
    },
  ];
  return triggerCarriers.run(inputs, { x, shape: [H, W, 1] }, prior);
}

describe('trigger carriers', () => {
  it('flags every image of the class that carries the group’s patch, and nothing else', () => {
    const out = run(false);
    const flaggedRows = [...out.flagged.keys()].filter((i) => out.flagged[i]);
    // The 12 group rows and the 8 poisoned rows the group detectors missed; no clean row.
    expect(flaggedRows).toEqual(Array.from({ length: 20 }, (_, j) => j * 3));
    expect(why(out.reasons[57])).toMatch(/2×2 pattern at \(9,9\)/);
    const triggers = out.details!.triggers;
    expect(triggers).toHaveLength(1);
    expect(triggers[0]).toMatchObject({ usable: true, carriersOutsideGroup: 8 });
    // Carriers score above every clean image of the class.
    const clean = [...Array(300).keys()].filter((i) => i % 3 === 0 && i >= 60);
    for (const c of clean) expect(out.scores[57]).toBeGreaterThan(out.scores[c]);
  });

  it('rebuilds the trigger from the members that share it when the group holds a few clean ones', () => {
    // Rows 60, 63 and 66 are clean images of the class that a group detector swept in.
    const out = run(false, [60, 63, 66]);
    const triggers = out.details!.triggers;
    expect(triggers[0]).toMatchObject({ usable: true, core: 12, group: 15 });
    expect([...out.flagged.keys()].filter((i) => out.flagged[i])).toEqual(
      Array.from({ length: 20 }, (_, j) => j * 3),
    );
  });

  it('does not spread a pattern that other classes carry too', () => {
    const out = run(true);
    expect(out.flagged.reduce((s, v) => s + v, 0)).toBe(0);
    const triggers = out.details!.triggers;
    expect(triggers[0].usable).toBe(false);
    expect(triggers[0].otherMatchShare).toBeGreaterThan(0.3);
  });
});
