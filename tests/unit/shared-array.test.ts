// The feature matrix is shared (SharedArrayBuffer) only where the page is cross-origin isolated;
// Node's CLI and an unisolated page keep an ordinary Float32Array.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  featureArray,
  isShared,
  scanSharedBytesUncollected,
  sharedFeatures,
} from '../../src/core/shared-array';

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

  it('counts the shared matrices a scan makes until they are collected, not a dataset column', async () => {
    g.crossOriginIsolated = true;
    await collectAll();
    expect(scanSharedBytesUncollected()).toBe(0);
    // The scan's matrix is reachable only inside this function; the column is kept.
    const column = (() => {
      const scan = featureArray(1000);
      const kept = featureArray(500, 'dataset');
      expect(scanSharedBytesUncollected()).toBe(4000);
      expect(scan.length + kept.length).toBe(1500);
      return kept;
    })();
    await collectAll();
    expect(column.length).toBe(500);
    expect(scanSharedBytesUncollected()).toBe(0);
  });
});

/** Full collections (gc exposed for this check), each followed by the finalisation callbacks' task. */
async function collectAll(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
}
