import { describe, expect, it } from 'vitest';
import { countSet, countSetAtLeast } from '../../../src/ui/mask-counts';

describe('mask counts', () => {
  it('counts the set rows, and those at or above a value', () => {
    const mask = Uint8Array.from([1, 0, 2, 1, 0]);
    const values = Float32Array.from([0.9, 0.99, 0.75, 0.2, NaN]);
    expect(countSet(mask)).toBe(3);
    expect(countSet(new Uint8Array(0))).toBe(0);
    expect(countSetAtLeast(mask, values, 0.75)).toBe(2);
    expect(countSetAtLeast(mask, values, 2)).toBe(0);
  });
});
