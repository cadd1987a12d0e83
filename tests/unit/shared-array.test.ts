// The feature matrix is shared (SharedArrayBuffer) only where the page is cross-origin isolated;
// Node's CLI and an unisolated page keep an ordinary Float32Array.
import { afterEach, describe, expect, it } from 'vitest';
import { featureArray, isShared, sharedFeatures } from '../../src/core/shared-array';

const g = globalThis as { crossOriginIsolated?: boolean };

describe('featureArray', () => {
  afterEach(() => {
    delete g.crossOriginIsolated;
  });

  it('is an ordinary Float32Array outside an isolated page (Node)', () => {
    expect(sharedFeatures()).toBe(false);
    const a = featureArray(12);
    expect(a).toBeInstanceOf(Float32Array);
    expect(a.length).toBe(12);
    expect(isShared(a)).toBe(false);
  });

  it('lives in a SharedArrayBuffer where crossOriginIsolated is true, zeroed', () => {
    g.crossOriginIsolated = true;
    expect(sharedFeatures()).toBe(true);
    const a = featureArray(12);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(isShared(a)).toBe(true);
    expect([...a].every((v) => v === 0)).toBe(true);
    // What reads it downstream works as on an ordinary array; slice() gives an unshared copy.
    a[3] = 2;
    expect(a.subarray(2, 4)[1]).toBe(2);
    expect(isShared(a.slice())).toBe(false);
  });
});
