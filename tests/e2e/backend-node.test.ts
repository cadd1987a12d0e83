// Backend selection in Node (the CLI's runtime): no navigator.gpu, so wasm; a forced backend that
// cannot run here falls back and says so; matmulCheck agrees between wasm and cpu.
import { describe, expect, it } from 'vitest';
import { matmulCheck, selectBackend } from '../../src/core/model/backend';

describe('selectBackend in Node', () => {
  it('picks wasm, says there is no WebGPU, and times it', async () => {
    const sel = await selectBackend({});
    expect(sel.backend).toBe('wasm');
    expect(sel.reason).toMatch(/no WebGPU/);
    expect(sel.reason).toMatch(/wasm [\d.]+ GFLOP\/s/);
    const wasm = sel.candidates.find((c) => c.name === 'wasm');
    expect(wasm?.available).toBe(true);
    expect(wasm?.gflops).toBeGreaterThan(0);
    expect(sel.candidates.find((c) => c.name === 'webgpu')?.available).toBe(false);
  });

  it('honours force when it can, and falls back (saying so) when it cannot', async () => {
    const cpu = await selectBackend({ force: 'cpu', measure: 'chosen' });
    expect(cpu.backend).toBe('cpu');
    expect(cpu.reason).toContain('cpu chosen by you');
    const webgl = await selectBackend({ force: 'webgl', measure: 'chosen' });
    expect(webgl.backend).toBe('wasm');
    expect(webgl.reason).toContain('webgl was asked for but is unavailable here; using wasm');
  });

  it('gives the same matmulCheck numbers on wasm and cpu', async () => {
    const a = await matmulCheck('wasm', 64);
    const b = await matmulCheck('cpu', 64);
    expect(a.values.length).toBe(b.values.length);
    a.values.forEach((v, i) => {
      expect(Math.abs(v - b.values[i])).toBeLessThanOrEqual(
        1e-3 * Math.max(Math.abs(v), Math.abs(b.values[i])),
      );
    });
  });
});
