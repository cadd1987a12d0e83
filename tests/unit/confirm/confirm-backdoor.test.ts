// Backdoor confirmation on real images: a known 3×3 white patch planted on 5 % of 2,000
// Fashion-MNIST images is reconstructed where it was put and, stamped on held-out images of other
// classes, makes a probe trained on the data call them the target class (a high attack success
// rate). A clean cluster (the 100 most typical images of one class) has no such power (a low rate).
import { beforeAll, describe, expect, it } from 'vitest';
import { labelIndex, loadDataset, sourceFromBytes } from '../../../src/core/data';
import { inferRoles } from '../../../src/core/data/roles';
import { confirmLoaded } from '../../../src/core/confirm/confirm-loaded';
import { reconstructTrigger, stampTrigger } from '../../../src/core/confirm/reconstruct-trigger';
import { featurize } from '../../../src/core/features/featurize';
import { selectBackend } from '../../../src/core/model/backend';
import { describeAttack, type PatchAttack } from '../../../src/core/redteam/attack';
import { plantAttack, resolveFor } from '../../../src/core/redteam/plant';
import type { LoadedDataset, Roles } from '../../../src/core/types';
import { fashionSlice } from '../redteam/fashion-slice';

const ROWS = 2000;
let loaded: LoadedDataset;
let roles: Roles;

beforeAll(async () => {
  await selectBackend({ force: 'wasm', measure: 'chosen' });
  loaded = await loadDataset([sourceFromBytes('fashion-2000.arrow', fashionSlice(ROWS, 23))]);
  roles = inferRoles(loaded.frame).roles;
});

describe('reconstructTrigger', () => {
  it('finds a patch on noise images where it was stamped, and stamps it back', () => {
    const [h, w, c, n] = [12, 12, 1, 200];
    const images = new Float32Array(n * h * w).map((_, i) => ((i * 7919) % 101) / 100);
    const labels = Int32Array.from({ length: n }, (_, i) => i % 2);
    const cluster = [...labels.keys()].filter((i) => labels[i] === 0 && i % 10 === 0);
    const stamped = stampTrigger(images, [h, w, c], cluster, {
      top: 6,
      left: 3,
      size: 3,
      pattern: new Float32Array(9).fill(1),
    });
    cluster.forEach((r, i) => images.set(stamped.subarray(i * h * w, (i + 1) * h * w), r * h * w));
    const reference = [...labels.keys()].filter((i) => labels[i] === 0);
    const t = reconstructTrigger(images, [h, w, c], cluster, { classRows: reference });
    expect([t.top, t.left, t.size]).toEqual([6, 3, 3]);
    for (const v of t.pattern) expect(v).toBeCloseTo(1, 5);
  });
});

describe('reconstructTrigger on Fashion-MNIST', () => {
  it('finds patches planted at random settings (size, place, pattern, grey level, target) in place', () => {
    for (let seed = 100; seed < 108; seed++) {
      const spec = resolveFor(loaded, roles, {
        kind: 'patch',
        rate: 0.03,
        value: [0, 0.6, 1][seed % 3],
        seed,
      }) as PatchAttack;
      const planted = plantAttack(loaded, roles, spec);
      const cluster = [...planted.planted.keys()].filter((i) => planted.planted[i]);
      const features = featurize(planted.dataset.frame, roles, 'planted');
      const { labels, classes } = labelIndex(planted.dataset.frame, roles);
      const target = classes.indexOf(spec.target);
      const classRows = [...labels.keys()].filter((i) => labels[i] === target && !planted.planted[i]);
      const otherRows = [...labels.keys()].filter((i) => labels[i] !== target && !planted.planted[i]);
      const t = reconstructTrigger(features.x, features.shape, cluster, { classRows, otherRows });
      // Intersection over union of the found window and the patch: a dark patch on a dark part of
      // the images can be found as a window inside it.
      const overlap = (a: number, b: number) =>
        Math.max(0, Math.min(a + t.size, b + spec.size) - Math.max(a, b));
      const inter = overlap(t.top, spec.top) * overlap(t.left, spec.left);
      const iou = inter / (t.size ** 2 + spec.size ** 2 - inter);
      expect(
        iou,
        `${describeAttack(spec)}: found ${t.size}×${t.size} at (${t.top},${t.left})`,
      ).toBeGreaterThanOrEqual(0.5);
    }
  });
});

describe('confirmBackdoor on Fashion-MNIST', () => {
  it('a planted 3×3 white patch: reconstructed in place, high attack success rate', async () => {
    const spec = resolveFor(loaded, roles, {
      kind: 'patch',
      size: 3,
      place: 'br',
      pattern: 'solid',
      value: 1,
      target: 'Trouser',
      rate: 0.05,
      seed: 3,
    });
    const planted = plantAttack(loaded, roles, spec);
    const rows = [...planted.planted.keys()].filter((i) => planted.planted[i]);
    expect(rows).toHaveLength(100);
    const out = await confirmLoaded(planted.dataset, roles, rows, { seed: 1 });
    console.log(
      JSON.stringify({
        case: 'planted',
        trigger: [out.trigger.top, out.trigger.left, out.trigger.size],
        before: out.before,
        after: out.after,
        asr: out.attackSuccessRate,
        verdict: out.verdict,
        probeMs: Math.round(out.probe.ms),
        examples: out.examples.slice(0, 3),
      }),
    );
    expect(out.clusterLabel).toBe('Trouser');
    // The window overlaps the planted square (rows and columns 24–26).
    const overlaps = (a: number, size: number) => a <= 26 && a + size - 1 >= 24;
    expect(overlaps(out.trigger.top, out.trigger.size) && overlaps(out.trigger.left, out.trigger.size)).toBe(
      true,
    );
    expect(out.attackSuccessRate).toBeGreaterThanOrEqual(0.5);
    expect(out.verdict).toBe('backdoor');
    expect(out.examples.length).toBeGreaterThan(0);
    expect(out.examples[0].after).toBe('Trouser');
  });

  it('a clean cluster (the 100 most typical Sneakers): low attack success rate', async () => {
    const features = featurize(loaded.frame, roles, loaded.name);
    const labelCol = loaded.frame.columns.find((c) => c.name === 'label')!;
    const sneakers = [...Array(ROWS).keys()].filter((i) => labelCol.values[i] === 'Sneaker');
    const per = 28 * 28;
    const mean = new Float64Array(per);
    for (const r of sneakers)
      for (let p = 0; p < per; p++) mean[p] += features.x[r * per + p] / sneakers.length;
    const dist = (r: number) => {
      let s = 0;
      for (let p = 0; p < per; p++) s += (features.x[r * per + p] - mean[p]) ** 2;
      return s;
    };
    const typical = sneakers
      .map((r) => [r, dist(r)] as const)
      .sort((a, b) => a[1] - b[1])
      .slice(0, 100)
      .map(([r]) => r);
    const out = await confirmLoaded(loaded, roles, typical, { seed: 1 });
    console.log(
      JSON.stringify({
        case: 'clean',
        trigger: [out.trigger.top, out.trigger.left, out.trigger.size],
        before: out.before,
        after: out.after,
        asr: out.attackSuccessRate,
        verdict: out.verdict,
      }),
    );
    expect(out.clusterLabel).toBe('Sneaker');
    expect(out.attackSuccessRate).toBeLessThanOrEqual(0.2);
    expect(out.verdict).toBe('not a backdoor');
  });
});
