import { describe, expect, it } from 'vitest';
import { FIT_PAD, toData, toPlot, viewOf } from '../../../src/ui/map/view';

const identity = { k: 1, x: 0, y: 0 };

describe('viewOf', () => {
  it('fits the data box into the plot with one scale and a pad, centred, y up', () => {
    // A 2:1 box in a square plot: the x span sets the scale.
    const v = viewOf({ minX: 0, minY: 0, maxX: 2, maxY: 1 }, 100, 100, identity);
    const pad = 100 * FIT_PAD;
    expect(toPlot(v, 0, 0.5).x).toBeCloseTo(pad);
    expect(toPlot(v, 2, 0.5).x).toBeCloseTo(100 - pad);
    expect(toPlot(v, 1, 0.5)).toEqual({ x: 50, y: 50 });
    expect(v.ax).toBeCloseTo(-v.ay); // the same scale on both axes
    expect(toPlot(v, 1, 1).y).toBeLessThan(toPlot(v, 1, 0).y); // larger y is higher up
  });

  it('applies the zoom transform on top of the fit', () => {
    const box = { minX: -1, minY: -1, maxX: 1, maxY: 1 };
    const base = viewOf(box, 200, 100, identity);
    const zoomed = viewOf(box, 200, 100, { k: 2, x: 10, y: -5 });
    const p = toPlot(base, 0.3, -0.2);
    const q = toPlot(zoomed, 0.3, -0.2);
    expect(q.x).toBeCloseTo(2 * p.x + 10);
    expect(q.y).toBeCloseTo(2 * p.y - 5);
  });

  it('survives no data and a zero-size box', () => {
    const none = viewOf(null, 100, 100, identity);
    expect(toPlot(none, 0.5, 0.5)).toEqual({ x: 50, y: 50 });
    const point = viewOf({ minX: 3, minY: 3, maxX: 3, maxY: 3 }, 100, 100, identity);
    expect(Number.isFinite(point.ax)).toBe(true);
    expect(toPlot(point, 3, 3)).toEqual({ x: 50, y: 50 });
  });
});

describe('toData', () => {
  it('inverts toPlot', () => {
    const v = viewOf({ minX: -5, minY: 2, maxX: 7, maxY: 9 }, 640, 480, { k: 3.5, x: -120, y: 40 });
    for (const [x, y] of [
      [0, 0],
      [-4.2, 8.1],
      [6.9, 2.5],
    ]) {
      const p = toPlot(v, x, y);
      const d = toData(v, p.x, p.y);
      expect(d.x).toBeCloseTo(x, 9);
      expect(d.y).toBeCloseTo(y, 9);
    }
  });
});
