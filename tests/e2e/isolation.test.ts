// Cross-origin isolation: the server's COOP/COEP headers (vite.config.ts) make the page and its
// workers cross-origin isolated (SharedArrayBuffer, the wasm backend's threads), and the offline
// service worker keeps them so when it answers from its cache (scripts/offline-sw.ts).
// The test build: its globalThis.assay hook gives the backend the engine worker selected.
import type { Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useApp, waitForBackend } from './harness';

interface Isolation {
  crossOriginIsolated: boolean;
  sharedArrayBuffer: string;
}

const probe = (): Isolation => ({
  crossOriginIsolated: globalThis.crossOriginIsolated,
  sharedArrayBuffer: typeof SharedArrayBuffer,
});
const ISOLATED: Isolation = { crossOriginIsolated: true, sharedArrayBuffer: 'function' };

/** The part of the test build's globalThis.assay.session these tests drive. */
interface Hook {
  engine: {
    init(o: { force?: string; wasmThreads?: boolean }): Promise<{
      backend: string;
      reason: string;
      wasm?: { threads: number; singleThreadReason?: string };
    }>;
  };
  matmulCheck(backend: string, size?: number): Promise<{ values: number[] }>;
}

/** The page's engine worker (the latest one: a reload starts a new one). */
async function engineWorker(page: Page): Promise<Worker> {
  for (let i = 0; i < 100; i++) {
    const found = page.workers().filter((w) => w.url().includes('engine.worker'));
    if (found.length) return found[found.length - 1];
    await page.waitForTimeout(100);
  }
  throw new Error('no engine worker');
}

/** What the engine worker reported with its backend selection. */
function selection(page: Page) {
  return page.evaluate(() => {
    const b = (
      globalThis as {
        assay?: {
          session: {
            backend: {
              reason: string;
              isolation: { crossOriginIsolated: boolean; sharedArrayBuffer: boolean };
              wasm?: { threads: number; singleThreadReason?: string };
            } | null;
          };
        };
      }
    ).assay?.session.backend;
    return b ? { reason: b.reason, isolation: b.isolation, wasm: b.wasm ?? null } : null;
  });
}

async function expectIsolated(page: Page): Promise<void> {
  expect(await page.evaluate(probe)).toEqual(ISOLATED);
  const worker = await engineWorker(page);
  expect(await worker.evaluate(probe)).toEqual(ISOLATED);
  await waitForBackend(page);
  const sel = await selection(page);
  expect(sel?.isolation).toEqual({ crossOriginIsolated: true, sharedArrayBuffer: true });
  // The backend badge says how wasm runs, and why on one thread when it does.
  expect(sel?.reason).toMatch(/wasm SIMD, \d+ threads?/);
  if (sel?.wasm && sel.wasm.threads === 1) expect(sel.wasm.singleThreadReason).toBeTruthy();
}

describe('cross-origin isolation', () => {
  const app = useApp('test');

  it('the page and its engine worker are cross-origin isolated on first load', async () => {
    const { page, url } = app();
    const response = await page.request.get(url);
    expect(response.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    await expectIsolated(page);
    expect(app().errors).toEqual([]);
  });

  it('runs the threaded wasm build when asked for, on every core, with the same results', async () => {
    const { page } = app();
    const threaded = await page.evaluate(async () => {
      const session = (globalThis as unknown as { assay: { session: Hook } }).assay.session;
      const selection = await session.engine.init({ force: 'wasm', wasmThreads: true });
      const wasm = await session.matmulCheck('wasm', 96);
      const cpu = await session.matmulCheck('cpu', 96);
      return { selection, wasm: wasm.values, cpu: cpu.values, cores: navigator.hardwareConcurrency };
    });
    expect(threaded.selection.backend).toBe('wasm');
    expect(threaded.selection.wasm?.threads).toBe(Math.max(1, Math.min(8, threaded.cores)));
    expect(threaded.selection.wasm?.singleThreadReason).toBeUndefined();
    expect(threaded.selection.reason).toContain(`wasm SIMD, ${threaded.selection.wasm?.threads} thread`);
    threaded.wasm.forEach((v, i) => expect(v).toBeCloseTo(threaded.cpu[i], 3));
    // Its pthreads are workers (blob: scripts) of the engine worker, sharing its wasm memory (which
    // needs isolation there too). Not evaluated in: an idle pthread sits in Atomics.wait.
    expect(page.workers().filter((w) => w.url().startsWith('blob:')).length).toBeGreaterThanOrEqual(1);

    // Back to the default: one thread, and the badge's reason says why.
    const single = await page.evaluate(async () => {
      const session = (globalThis as unknown as { assay: { session: Hook } }).assay.session;
      return session.engine.init({ force: 'wasm' });
    });
    expect(single.wasm?.threads).toBe(1);
    expect(single.wasm?.singleThreadReason).toMatch(/off by default/);
    expect(app().errors).toEqual([]);
  });

  it('stays isolated when the service worker answers from its cache, offline', async () => {
    const { page, context } = app();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

    await context.setOffline(true);
    try {
      const nav = await page.reload();
      expect(nav?.fromServiceWorker()).toBe(true);
      await page.getByRole('heading', { name: 'Assay' }).waitFor({ timeout: 30_000 });
      expect(await nav?.headerValue('cross-origin-embedder-policy')).toBe('require-corp');
      expect(await nav?.headerValue('cross-origin-opener-policy')).toBe('same-origin');
      await expectIsolated(page);
      // The engine worker's script, too, comes from the cache with the isolation headers (a worker
      // of an isolated page needs COEP); offline, only the service worker can answer this fetch.
      const workerUrl = (await engineWorker(page)).url();
      const workerScript = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return {
          ok: r.ok,
          coep: r.headers.get('cross-origin-embedder-policy'),
          corp: r.headers.get('cross-origin-resource-policy'),
        };
      }, workerUrl);
      expect(workerScript).toEqual({ ok: true, coep: 'require-corp', corp: 'same-origin' });
    } finally {
      await context.setOffline(false);
    }
    expect(app().errors).toEqual([]);
  });
});
