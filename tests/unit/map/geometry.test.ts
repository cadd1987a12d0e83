import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../../../src/core/random';
import { bboxOf, pointInPolygon, pointsInPolygon, PolygonTester } from '../../../src/ui/map/geometry';

/** A wobbly closed lasso of `m` vertices around (cx, cy), self-intersecting when `loops` > 1. */
function lasso(m: number, cx: number, cy: number, loops = 1, seed = 1): number[] {
  const rand = mulberry32(seed);
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    const a = (i / m) * 2 * Math.PI * loops;
    const r = 3 + 1.5 * Math.sin(5 * a) + rand() * 0.5;
    out.push(cx + r * Math.cos(a), cy + r * Math.sin(a));
  }
  return out;
}

function cloud(n: number, seed: number): Float32Array {
  const g = gaussian(mulberry32(seed));
  const p = new Float32Array(n * 2);
  for (let i = 0; i < p.length; i++) p[i] = g() * 4;
  return p;
}

describe('pointInPolygon', () => {
  const square = [0, 0, 10, 0, 10, 10, 0, 10];

  it('tells inside from outside for a square', () => {
    expect(pointInPolygon(5, 5, square)).toBe(true);
    expect(pointInPolygon(0.01, 9.99, square)).toBe(true);
    expect(pointInPolygon(-0.01, 5, square)).toBe(false);
    expect(pointInPolygon(5, 10.01, square)).toBe(false);
    expect(pointInPolygon(50, 50, square)).toBe(false);
  });

  it('handles a concave polygon (the notch is outside)', () => {
    // A "U": the notch between the arms, x in (3, 7), y > 3, is outside.
    const u = [0, 0, 10, 0, 10, 10, 7, 10, 7, 3, 3, 3, 3, 10, 0, 10];
    expect(pointInPolygon(5, 8, u)).toBe(false);
    expect(pointInPolygon(1.5, 8, u)).toBe(true);
    expect(pointInPolygon(8.5, 8, u)).toBe(true);
    expect(pointInPolygon(5, 1.5, u)).toBe(true);
  });

  it('uses the even-odd rule for self-intersecting lassos', () => {
    // A bow tie: two triangles meeting at (5, 5); a figure drawn twice over cancels out.
    const bowtie = [0, 0, 10, 10, 10, 0, 0, 10];
    expect(pointInPolygon(2, 5, bowtie)).toBe(true);
    expect(pointInPolygon(5, 2, bowtie)).toBe(false);
    const twice = [...square, ...square];
    expect(pointInPolygon(5, 5, twice)).toBe(false);
  });

  it('finds nothing inside degenerate polygons', () => {
    expect(pointInPolygon(0, 0, [])).toBe(false);
    expect(pointInPolygon(1, 1, [0, 0, 2, 2])).toBe(false);
    expect(pointsInPolygon(new Float32Array([1, 1]), [0, 0, 2, 2])).toEqual(new Int32Array(0));
  });
});

describe('PolygonTester / pointsInPolygon', () => {
  it('agrees with the plain test on every point, for smooth and self-intersecting lassos', () => {
    const points = cloud(20_000, 3);
    for (const poly of [
      lasso(400, 1, -1),
      lasso(700, 0, 0, 2, 5),
      lasso(3, 0, 0),
      [-2, -2, 2, -2, 2, 2, -2, 2],
    ]) {
      const tester = new PolygonTester(poly);
      const expected: number[] = [];
      let disagreements = 0;
      for (let i = 0; i < 20_000; i++) {
        const inside = pointInPolygon(points[2 * i], points[2 * i + 1], poly);
        if (tester.contains(points[2 * i], points[2 * i + 1]) !== inside) disagreements++;
        if (inside) expected.push(i);
      }
      expect(disagreements).toBe(0);
      expect(expected.length).toBeGreaterThan(0);
      expect(Array.from(pointsInPolygon(points, poly))).toEqual(expected);
    }
  });

  it('the square [-2, 2]² holds about Φ-expected share of a standard-normal cloud (sd 4)', () => {
    const points = cloud(40_000, 9);
    const rows = pointsInPolygon(points, [-2, -2, 2, -2, 2, 2, -2, 2]);
    // P(|x| < 2) for sd 4 is 0.3829, squared: 0.1466.
    expect(rows.length / 40_000).toBeGreaterThan(0.135);
    expect(rows.length / 40_000).toBeLessThan(0.158);
  });

  it('tests only the candidates it is given, and returns them ascending', () => {
    const points = new Float32Array([0, 0, 1, 1, 5, 5, 0.5, 0.5]);
    const square = [-1, -1, 2, -1, 2, 2, -1, 2];
    expect(Array.from(pointsInPolygon(points, square))).toEqual([0, 1, 3]);
    expect(Array.from(pointsInPolygon(points, square, Int32Array.of(3, 2, 0)))).toEqual([0, 3]);
  });

  it('skips NaN positions', () => {
    const points = new Float32Array([NaN, 0, 0, NaN, 0.5, 0.5]);
    expect(Array.from(pointsInPolygon(points, [0, 0, 1, 0, 1, 1, 0, 1]))).toEqual([2]);
  });
});

describe('bboxOf', () => {
  it('spans the coordinates', () => {
    expect(bboxOf([3, -1, -2, 4, 0, 0])).toEqual({ minX: -2, minY: -1, maxX: 3, maxY: 4 });
  });
});
