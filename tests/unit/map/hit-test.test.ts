import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/random';
import { pointInPolygon } from '../../../src/ui/map/geometry';
import {
  dragPathOf,
  PICK_SLACK,
  pickAt,
  reaches,
  rowsInPlotPolygon,
  rowsInPlotRect,
  type PickScene,
} from '../../../src/ui/map/hit-test';
import { sizesFor } from '../../../src/ui/map/sizes';
import { PointGrid } from '../../../src/ui/map/spatial-index';
import { toPlot, viewOf, type Affine } from '../../../src/ui/map/view';

const PLOT = { w: 400, h: 300 };

function sceneOf(positions: Float32Array, opts: { emph?: Uint8Array; k?: number; growth?: number } = {}) {
  const n = positions.length >> 1;
  const view = viewOf({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, PLOT.w, PLOT.h, {
    k: opts.k ?? 1,
    x: 0,
    y: 0,
  });
  const sizes = sizesFor(n, opts.emph ?? null, 4);
  const scene: PickScene = {
    positions,
    grid: new PointGrid(positions, n),
    view,
    sizes,
    maxSize: Math.max(...sizes),
    growth: opts.growth ?? 1,
  };
  return scene;
}

function cloud(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: 2 * n }, () => rand() * 10);
}

/** Brute force: rows whose plot position lies in the rectangle. */
function bruteRect(p: Float32Array, v: Affine, x0: number, y0: number, x1: number, y1: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.length >> 1; i++) {
    const q = toPlot(v, p[2 * i], p[2 * i + 1]);
    if (
      q.x >= Math.min(x0, x1) &&
      q.x <= Math.max(x0, x1) &&
      q.y >= Math.min(y0, y1) &&
      q.y <= Math.max(y0, y1)
    )
      out.push(i);
  }
  return out;
}

describe('pickAt', () => {
  it('finds the point under the pointer, and nothing in empty space', () => {
    const positions = Float32Array.from([2, 2, 8, 8, 5, 5]);
    const scene = sceneOf(positions);
    for (let row = 0; row < 3; row++) {
      const at = toPlot(scene.view, positions[2 * row], positions[2 * row + 1]);
      expect(pickAt(scene, at.x + 1, at.y - 1)).toBe(row);
    }
    const empty = toPlot(scene.view, 2, 8);
    expect(pickAt(scene, empty.x, empty.y)).toBeNull();
  });

  it('reaches as far as the disc plus the slack, and no further', () => {
    const scene = sceneOf(Float32Array.from([5, 5]));
    const at = toPlot(scene.view, 5, 5);
    const edge = 4 / 2 + PICK_SLACK; // size 4 px
    expect(pickAt(scene, at.x + edge - 0.1, at.y)).toBe(0);
    expect(pickAt(scene, at.x + edge + 0.1, at.y)).toBeNull();
    expect(reaches(scene, 0, at.x + edge - 0.1, at.y)).toBe(true);
    expect(reaches(scene, 0, at.x + edge + 0.1, at.y)).toBe(false);
  });

  it('an emphasised (larger) point wins where discs overlap', () => {
    // Two points 0.1 apart (3 px at this scale): the pointer slightly nearer the small one.
    const positions = Float32Array.from([5, 5, 5.1, 5]);
    const scene = sceneOf(positions, { emph: Uint8Array.from([0, 1]) });
    const a = toPlot(scene.view, 5, 5);
    const b = toPlot(scene.view, 5.1, 5);
    expect(pickAt(scene, a.x + (b.x - a.x) * 0.4, a.y)).toBe(1);
  });

  it('grows the reach with zoom growth', () => {
    const scene = sceneOf(Float32Array.from([5, 5]), { growth: 3 });
    const at = toPlot(scene.view, 5, 5);
    expect(pickAt(scene, at.x + (4 * 3) / 2 + PICK_SLACK - 0.1, at.y)).toBe(0);
  });

  it('finds nothing on an empty map', () => {
    expect(pickAt(sceneOf(new Float32Array(0)), 10, 10)).toBeNull();
  });
});

describe('rowsInPlotRect', () => {
  it('matches a brute-force count over every point, at any zoom and corner order', () => {
    const p = cloud(3000, 7);
    for (const k of [1, 2.5]) {
      const { grid, view } = sceneOf(p, { k });
      for (const [x0, y0, x1, y1] of [
        [50, 40, 210, 180],
        [390, 290, 120, 10],
        [0, 0, PLOT.w, PLOT.h],
      ]) {
        expect(Array.from(rowsInPlotRect(grid, view, x0, y0, x1, y1))).toEqual(
          bruteRect(p, view, x0, y0, x1, y1),
        );
      }
    }
  });
});

describe('rowsInPlotPolygon', () => {
  it('matches a brute-force even-odd test in plot px, ascending', () => {
    const p = cloud(3000, 11);
    const { grid, view } = sceneOf(p, { k: 1.5 });
    const polygon = [60, 30, 300, 50, 340, 260, 200, 120, 80, 240];
    const got = Array.from(rowsInPlotPolygon(p, grid, view, polygon));
    const want: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const q = toPlot(view, p[2 * i], p[2 * i + 1]);
      if (pointInPolygon(q.x, q.y, polygon)) want.push(i);
    }
    expect(want.length).toBeGreaterThan(100);
    expect(got).toEqual(want);
  });

  it('takes nothing for fewer than three vertices', () => {
    const p = cloud(100, 3);
    const { grid, view } = sceneOf(p);
    expect(rowsInPlotPolygon(p, grid, view, [0, 0, 400, 300]).length).toBe(0);
  });
});

describe('dragPathOf', () => {
  it('draws the rectangle between the first and last points', () => {
    expect(dragPathOf([10, 20, 30, 5], true)).toBe('M10,20H30V5H10Z');
    expect(dragPathOf([10, 20], true)).toBe('M10,20H10V20H10Z');
  });

  it('closes a lasso', () => {
    expect(dragPathOf([0, 0, 5, 0, 5, 5], false)).toBe('M0,0L5,0L5,5Z');
  });
});
