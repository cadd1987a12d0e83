import { describe, expect, it } from 'vitest';
import {
  defaultPointSize,
  EMPHASIS_MIN,
  EMPHASIS_SCALE,
  sizeOf,
  maxSize,
  sizesFor,
  zoomGrowth,
} from '../../../src/ui/map/sizes';

describe('defaultPointSize', () => {
  it('shrinks as the map fills, never below 2 px', () => {
    const counts = [0, 2_000, 2_001, 20_000, 20_001, 100_000, 100_001, 400_000, 400_001, 5_000_000];
    const sizes = counts.map(defaultPointSize);
    expect(sizes).toEqual([6, 6, 4.5, 4.5, 3.5, 3.5, 2.5, 2.5, 2, 2]);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeLessThanOrEqual(sizes[i - 1]);
  });
});

describe('sizesFor', () => {
  it('gives every point the base size when nothing is emphasised', () => {
    expect(Array.from(sizesFor(3, null, 4))).toEqual([4, 4, 4]);
    expect(Array.from(sizesFor(3, new Uint8Array(3), 4))).toEqual([4, 4, 4]);
  });

  it('draws emphasised points larger: base × EMPHASIS_SCALE, at least EMPHASIS_MIN', () => {
    const emph = Uint8Array.from([0, 1, 0, 2]);
    expect(Array.from(sizesFor(4, emph, 2))).toEqual([2, EMPHASIS_MIN, 2, EMPHASIS_MIN]);
    const big = 10 * EMPHASIS_SCALE;
    expect(Array.from(sizesFor(4, emph, 10))).toEqual([10, big, 10, big].map(Math.fround));
  });

  it('ignores an emphasis array of the wrong length', () => {
    expect(Array.from(sizesFor(3, Uint8Array.from([1, 1]), 4))).toEqual([4, 4, 4]);
  });
});

describe('maxSize', () => {
  it('is the largest size, 0 for no points', () => {
    expect(maxSize(Float32Array.from([2, 6, 3]))).toBe(6);
    expect(maxSize(new Float32Array(0))).toBe(0);
  });
});

describe('zoomGrowth', () => {
  it('grows with √k between 0.75× and 4×', () => {
    expect(zoomGrowth(1)).toBe(1);
    expect(zoomGrowth(4)).toBe(2);
    expect(zoomGrowth(0.25)).toBe(0.75);
    expect(zoomGrowth(16)).toBe(4);
    expect(zoomGrowth(5000)).toBe(4);
  });
});

describe('sizeOf', () => {
  it("gives one row's size as sizesFor (or explicit sizes) would", () => {
    const emph = Uint8Array.of(0, 1, 0, 1, 1);
    for (const base of [2, 3.5, 6]) {
      const all = sizesFor(5, emph, base);
      for (let row = 0; row < 5; row++) expect(sizeOf(row, 5, null, emph, base)).toBe(all[row]);
    }
    expect(sizeOf(1, 5, Float32Array.of(1, 7, 1, 1, 1), emph, 3)).toBe(7);
    // Arrays of the wrong length are ignored, as in sizesFor.
    expect(sizeOf(1, 5, Float32Array.of(9), Uint8Array.of(1), 3)).toBe(3);
  });
});
