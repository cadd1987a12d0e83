// (b) Every backend the browser offers runs the same seeded computation in the engine worker and
// gives the same numbers (1e-3 relative).
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

interface Candidate {
  name: string;
  available: boolean;
  gflops?: number;
  note?: string;
}
interface Check {
  backend: string;
  values: number[];
}

describe('backends', () => {
  const app = useApp('test');

  it('runs matmulCheck on every available backend with equal results', async () => {
    const { candidates, checks } = await app().page.evaluate(async () => {
      const s = (
        globalThis as unknown as {
          assay: {
            session: {
              backend: { candidates: Candidate[] } | null;
              matmulCheck(b: string, size?: number): Promise<Check>;
            };
          };
        }
      ).assay.session;
      const candidates = s.backend?.candidates ?? [];
      const checks: Check[] = [];
      for (const c of candidates) if (c.available) checks.push(await s.matmulCheck(c.name, 96));
      return { candidates, checks };
    });
    console.log(`[e2e] candidates ${JSON.stringify(candidates)}`);
    const ran = checks.map((c) => c.backend);
    for (const must of ['webgpu', 'wasm', 'cpu']) expect(ran).toContain(must);
    const reference = checks.find((c) => c.backend === 'cpu') ?? checks[0];
    expect(reference.values.length).toBeGreaterThan(8);
    const worst = checks.map((c) => {
      const rel = c.values.map(
        (v, i) => Math.abs(v - reference.values[i]) / Math.max(Math.abs(reference.values[i]), 1e-12),
      );
      return `${c.backend} ${Math.max(...rel).toExponential(1)}`;
    });
    console.log(`[e2e] max relative difference to ${reference.backend}: ${worst.join(', ')}`);
    for (const c of checks) {
      expect(c.values.length).toBe(reference.values.length);
      c.values.forEach((v, i) => {
        const r = reference.values[i];
        expect(Number.isFinite(v), `${c.backend}[${i}] finite`).toBe(true);
        expect(Math.abs(v - r), `${c.backend}[${i}] = ${v} vs cpu ${r}`).toBeLessThanOrEqual(
          1e-3 * Math.max(Math.abs(r), Math.abs(v)),
        );
      });
    }
  });

  it('honours a forced backend (cpu, then webgpu) and goes back to auto', async () => {
    const { page } = app();
    await page.getByTestId('backend-select').selectOption('cpu');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=backend-name]')?.textContent === 'cpu',
    );
    const reason = (await page.getByTestId('backend-reason').textContent()) ?? '';
    expect(reason).toContain('chosen by you');
    await page.getByTestId('backend-select').selectOption('webgpu');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=backend-name]')?.textContent === 'webgpu',
      null,
      { timeout: 30_000 },
    );
    const gpuReason = (await page.getByTestId('backend-reason').textContent()) ?? '';
    expect(gpuReason).toContain('webgpu chosen by you');
    console.log(`[e2e] forced webgpu: ${gpuReason}`);
    await page.getByTestId('backend-select').selectOption('auto');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=backend-name]')?.textContent !== 'cpu',
    );
  });

  it('serialises a backend selection made while the page is still picking its own', async () => {
    // The page picks a backend as it starts; a choice made meanwhile (a user, a benchmark) once
    // interleaved with it on the same tf instance and left wasm unavailable.
    const { page } = app();
    await page.reload();
    const { mine, check } = await page.evaluate(async () => {
      type Selection = { backend: string; candidates: Candidate[] };
      type S = {
        backendBusy: boolean;
        engine: { init(o?: { force?: string }): Promise<Selection> };
        matmulCheck(b: string, size?: number): Promise<Check>;
      };
      const g = globalThis as unknown as { assay?: { session: S } };
      while (!g.assay) await new Promise((r) => setTimeout(r, 5));
      const s = g.assay.session;
      const racing = s.backendBusy;
      const mine = await s.engine.init({ force: 'wasm' });
      return { mine: { ...mine, racing }, check: await s.matmulCheck('wasm', 32) };
    });
    console.log(`[e2e] selection during the page's own pick (racing: ${mine.racing}): ${mine.backend}`);
    expect(mine.racing).toBe(true);
    expect(mine.candidates.find((c) => c.name === 'wasm')?.available).toBe(true);
    expect(mine.backend).toBe('wasm');
    expect(check.backend).toBe('wasm');
    expect(check.values.every(Number.isFinite)).toBe(true);
  });

  it('has no console or page errors', () => {
    expect(app().errors).toEqual([]);
  });
});
