import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { PointGrid } from '../../../src/ui/map/spatial-index';

function blobs(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const g = gaussian(rand);
  const centres = [
    [0, 0],
    [20, 5],
    [-8, 30],
  ];
  const p = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = centres[i % 3];
    p[2 * i] = cx + g() * (1 + (i % 3));
    p[2 * i + 1] = cy + g() * 2;
  }
  return p;
}

/** Brute-force pick: the row minimising (screen distance − radius) among hits, ties to the higher row. */
function naivePick(
  p: Float32Array,
  x: number,
  y: number,
  sx: number,
  sy: number,
  slack: number,
  radius: (i: number) => number,
): number | null {
  let best: number | null = null;
  let bestScore = Infinity;
  for (let i = 0; i < p.length / 2; i++) {
    const d = Math.hypot((p[2 * i] - x) * sx, (p[2 * i + 1] - y) * sy);
    if (!(d <= radius(i) + slack)) continue;
    const score = d - radius(i);
    if (score < bestScore || (score === bestScore && best !== null && i > best)) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}

describe('PointGrid', () => {
  const n = 30_000;
  const points = blobs(n, 4);
  const grid = new PointGrid(points);

  it('puts every finite row in exactly one cell', () => {
    const all = grid.inRect(-1e9, -1e9, 1e9, 1e9);
    expect(all.length).toBe(n);
    expect(new Set(all).size).toBe(n);
    expect(grid.cols * grid.rows).toBeGreaterThan(n / 16);
  });

  it('rectangle queries match brute force, corners in any order', () => {
    const rand = mulberry32(8);
    for (let q = 0; q < 50; q++) {
      const xa = -15 + rand() * 45;
      const ya = -10 + rand() * 50;
      const xb = xa + (rand() - 0.5) * 20;
      const yb = ya + (rand() - 0.5) * 20;
      const expected: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = points[2 * i];
        const y = points[2 * i + 1];
        if (
          x >= Math.min(xa, xb) &&
          x <= Math.max(xa, xb) &&
          y >= Math.min(ya, yb) &&
          y <= Math.max(ya, yb)
        ) {
          expected.push(i);
        }
      }
      expect(Array.from(grid.inRect(xa, ya, xb, yb))).toEqual(expected);
    }
  });

  it('picks the same row as brute force, in screen pixels, with per-point radii', () => {
    const rand = mulberry32(11);
    const radius = (i: number) => (i % 50 === 0 ? 4 : 1.5);
    let hits = 0;
    let misses = 0;
    for (let q = 0; q < 400; q++) {
      // Anisotropic zoom: 40 px per unit across, 25 up (sign flipped as on screen).
      const sx = 40;
      const sy = -25;
      const x = -12 + rand() * 40;
      const y = -8 + rand() * 45;
      const expected = naivePick(points, x, y, sx, sy, 3, radius);
      const got = grid.nearest(x, y, {
        pxPerUnitX: sx,
        pxPerUnitY: sy,
        slackPx: 3,
        radiusPx: radius,
        maxRadiusPx: 4,
      });
      expect(got).toBe(expected);
      if (got === null) misses++;
      else hits++;
    }
    // The queries exercise both outcomes.
    expect(hits).toBeGreaterThan(40);
    expect(misses).toBeGreaterThan(40);
  });

  it('a pick exactly on a point returns it; far away returns null', () => {
    const row = 1234;
    const opts = { pxPerUnitX: 10, pxPerUnitY: 10, slackPx: 5 };
    const at = grid.nearest(points[2 * row], points[2 * row + 1], opts);
    expect(at).not.toBeNull();
    // Another row may sit at the same spot only if it coincides exactly.
    expect(points[2 * at!]).toBe(points[2 * row]);
    expect(grid.nearest(1000, 1000, opts)).toBeNull();
  });

  it('prefers the bigger disc when the cursor is inside it', () => {
    const p = new Float32Array([0, 0, 0.3, 0]);
    const g = new PointGrid(p);
    const opts = { pxPerUnitX: 10, pxPerUnitY: 10, slackPx: 2 };
    // Cursor at x = 0.2: 2 px from row 0, 1 px from row 1.
    expect(g.nearest(0.2, 0, opts)).toBe(1);
    // Row 0 drawn 8 px wide: the cursor is 2 px deep inside it, 0.5 px from row 1's 1 px edge... deeper wins.
    expect(g.nearest(0.2, 0, { ...opts, radiusPx: (i) => (i === 0 ? 4 : 0.5), maxRadiusPx: 4 })).toBe(0);
  });

  it('leaves out NaN rows and copes with a single point or none', () => {
    const p = new Float32Array([NaN, 1, 2, 2, 3, NaN]);
    const g = new PointGrid(p);
    expect(Array.from(g.inRect(-10, -10, 10, 10))).toEqual([1]);
    expect(g.nearest(2, 2, { pxPerUnitX: 1, pxPerUnitY: 1, slackPx: 1 })).toBe(1);
    const empty = new PointGrid(new Float32Array(0));
    expect(empty.inRect(-1, -1, 1, 1).length).toBe(0);
    expect(empty.nearest(0, 0, { pxPerUnitX: 1, pxPerUnitY: 1, slackPx: 1 })).toBeNull();
  });

  it('kNearest matches brute force (nearest first, self excluded)', () => {
    const small = blobs(3000, 21);
    const g = new PointGrid(small);
    const k = 7;
    const out = new Int32Array(k);
    for (const i of [0, 1, 2, 500, 2999]) {
      g.kNearest(i, k, out);
      const d = (j: number) =>
        (small[2 * j] - small[2 * i]) ** 2 + (small[2 * j + 1] - small[2 * i + 1]) ** 2;
      const expected = Array.from({ length: 3000 }, (_, j) => j)
        .filter((j) => j !== i)
        .sort((a, b) => d(a) - d(b) || a - b)
        .slice(0, k);
      expect(Array.from(out).map(d)).toEqual(expected.map(d));
    }
  });
});
