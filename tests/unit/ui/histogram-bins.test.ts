import { describe, expect, it } from 'vitest';
import { binAt, binValues } from '../../../src/ui/histogram-bins';

describe('binValues', () => {
  it('counts every finite value once, flagged and selected beside the totals', () => {
    const v = Float32Array.from([0, 0.1, 0.45, 0.5, 0.99, 1, NaN, Infinity]);
    const flags = Uint8Array.from([0, 0, 1, 1, 1, 0, 1, 0]);
    const sel = Uint8Array.from([1, 0, 0, 1, 0, 0, 0, 0]);
    const b = binValues(v, flags, sel, 4, null);
    expect([b.lo, b.hi]).toEqual([0, 1]);
    expect([...b.total]).toEqual([2, 1, 1, 2]);
    // 0.45 → bin 1; 0.5 and 0.99 → bin 2 and 3; the flagged NaN is missing, in no bin.
    expect([...b.flagged]).toEqual([0, 1, 1, 1]);
    expect([...b.selected]).toEqual([1, 0, 1, 0]);
    expect([b.flaggedCount, b.selectedCount, b.missing]).toEqual([3, 2, 2]);
  });

  it('puts values outside a fixed range in the end bins, and widens a constant score', () => {
    const b = binValues(Float32Array.from([-5, 0.2, 7]), undefined, null, 2, [0, 1]);
    expect([...b.total]).toEqual([2, 1]);
    const c = binValues(Float32Array.from([3, 3, 3]), undefined, null, 10, null);
    expect(c.lo).toBeLessThan(3);
    expect(c.hi).toBeGreaterThan(3);
    expect(c.total.reduce((s, x) => s + x, 0)).toBe(3);
  });
});

describe('binAt', () => {
  it('maps a pointer fraction to a bin, the right edge into the last one, outside to none', () => {
    expect(binAt(0, 40)).toBe(0);
    expect(binAt(0.999, 40)).toBe(39);
    expect(binAt(1, 40)).toBe(39);
    expect(binAt(0.5, 40)).toBe(20);
    expect(binAt(-0.01, 40)).toBeNull();
    expect(binAt(Number.NaN, 40)).toBeNull();
  });
});
