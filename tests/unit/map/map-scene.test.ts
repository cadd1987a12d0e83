import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/core/random';
import { orderFor, flagsFor } from '../../../src/ui/map/draw-order';
import {
  pickAt,
  reaches,
  rowsInPlotPolygon,
  rowsInPlotRect,
  type PickScene,
} from '../../../src/ui/map/hit-test';
import { MapScene } from '../../../src/ui/map/map-scene';
import { FLAG_EMPHASIS, FLAG_SELECTED } from '../../../src/ui/map/points-renderer';
import { defaultPointSize, maxSize, sizesFor } from '../../../src/ui/map/sizes';
import { PointGrid } from '../../../src/ui/map/spatial-index';
import { viewOf } from '../../../src/ui/map/view';

const view = viewOf({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, 400, 300, { k: 1, x: 0, y: 0 });

function cloud(n: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  return Float32Array.from({ length: 2 * n }, () => rand() * 10);
}

/** The main-thread map's scene for the same inputs (what ScatterMap derives and hit-tests). */
function mainScene(positions: Float32Array, emph: Uint8Array | null, growth: number): PickScene {
  const n = positions.length >> 1;
  const sizes = sizesFor(n, emph, defaultPointSize(n));
  return { positions, grid: new PointGrid(positions, n), view, sizes, maxSize: maxSize(sizes), growth };
}

describe('MapScene (the worker-side map)', () => {
  it('derives sizes, flag bits and draw order as the main-thread map does', () => {
    const n = 500;
    const scene = new MapScene();
    const emphasis = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const selected = Uint8Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 1 : 0));
    scene.setPositions(cloud(n, 1));
    scene.setStyle({ sizes: null, emphasis, order: null, selected });
    const b = scene.buffers();
    expect(b.sizes).toEqual(sizesFor(n, emphasis, defaultPointSize(n)));
    expect(b.flags).toEqual(flagsFor(n, selected, emphasis));
    expect(b.order).toEqual(orderFor(n, null, emphasis, selected));
    expect(b.flags[0]).toBe(FLAG_SELECTED | FLAG_EMPHASIS);
    expect(scene.selection()).toEqual({ any: true, count: Math.ceil(n / 11) });
  });

  it('explicit sizes and a base point size win; no selection means no dimming', () => {
    const scene = new MapScene();
    scene.setPositions(cloud(4, 2));
    const sizes = Float32Array.of(1, 2, 3, 4);
    scene.setStyle({ sizes, emphasis: null, order: null, selected: new Uint8Array(4) });
    expect(scene.buffers().sizes).toBe(sizes);
    expect(scene.selection()).toEqual({ any: false, count: 0 });
    scene.setStyle({ sizes: null, emphasis: null, order: null, selected: null, pointSize: 9 });
    expect(Array.from(scene.buffers().sizes)).toEqual([9, 9, 9, 9]);
  });

  it('re-derives when the point count changes (streamed positions of a new dataset)', () => {
    const scene = new MapScene();
    scene.setPositions(cloud(10, 3));
    scene.setStyle({ sizes: null, emphasis: null, order: null, selected: null });
    expect(scene.setPositions(cloud(10, 4))).toBe(false);
    expect(scene.setPositions(cloud(25, 5))).toBe(true);
    expect(scene.buffers().sizes.length).toBe(25);
    expect(scene.buffers().flags.length).toBe(25);
  });

  it('picks, and selects by rectangle and lasso, exactly as the main-thread hit tests', () => {
    const n = 3000;
    const positions = cloud(n, 6);
    const emphasis = Uint8Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const scene = new MapScene();
    scene.setPositions(positions);
    scene.setStyle({ sizes: null, emphasis, order: null, selected: null });
    const growth = 1.3;
    const main = mainScene(positions, emphasis, growth);
    const hv = { view, growth };
    const rand = mulberry32(9);
    let hits = 0;
    for (let t = 0; t < 300; t++) {
      const px = rand() * 400;
      const py = rand() * 300;
      const row = scene.pick(hv, px, py);
      expect(row).toBe(pickAt(main, px, py));
      if (row !== null) hits++;
    }
    expect(hits).toBeGreaterThan(50);
    expect(scene.inRect(hv, 50, 40, 210, 190)).toEqual(rowsInPlotRect(main.grid, view, 50, 40, 210, 190));
    const lasso = [60, 50, 300, 70, 250, 260, 90, 200];
    const rows = scene.inPolygon(hv, lasso);
    expect(rows).toEqual(rowsInPlotPolygon(positions, main.grid, view, lasso));
    expect(rows.length).toBeGreaterThan(100);
  });

  it('a preferred (hovered) row wins a pick when the point is on its disc', () => {
    const n = 2000;
    const positions = cloud(n, 7);
    const scene = new MapScene();
    scene.setPositions(positions);
    scene.setStyle({ sizes: null, emphasis: null, order: null, selected: null });
    const hv = { view, growth: 1 };
    const main = mainScene(positions, null, 1);
    // A spot where two discs overlap: the nearest row and another that still reaches.
    for (let row = 0; row < n; row++) {
      const px = view.ax * positions[2 * row] + view.bx + 1;
      const py = view.ay * positions[2 * row + 1] + view.by;
      const nearest = scene.pick(hv, px, py);
      if (nearest === null || nearest === row || !reaches(main, row, px, py)) continue;
      expect(scene.pick(hv, px, py, row)).toBe(row);
      expect(scene.pick(hv, px, py, null)).toBe(nearest);
      return;
    }
    throw new Error('no overlapping discs found');
  });

  it('the grid follows new positions', () => {
    const scene = new MapScene();
    const hv = { view, growth: 1 };
    scene.setPositions(Float32Array.of(1, 1, 9, 9));
    scene.setStyle({ sizes: null, emphasis: null, order: null, selected: null });
    const at = (x: number, y: number) => [view.ax * x + view.bx, view.ay * y + view.by] as const;
    expect(scene.pick(hv, ...at(1, 1))).toBe(0);
    scene.setPositions(Float32Array.of(5, 5, 1, 1));
    expect(scene.pick(hv, ...at(1, 1))).toBe(1);
    expect(new MapScene().pick(hv, 0, 0)).toBeNull();
  });
});
