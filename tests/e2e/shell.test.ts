// (a) The page loads, shows the Assay shell and names the backend it measured and chose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepView, startApp, waitForBackend, type App } from './harness';

describe('app shell', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    await app.open();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the header, the promise, the drop zone and the demo button', async () => {
    const { page } = app;
    await expect(page.title()).resolves.toContain('Assay');
    expect(await page.getByText('Nothing leaves this machine').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('demo-button').isVisible()).toBe(true);
    expect(await page.getByTestId('backend-select').isVisible()).toBe(true);
  });

  it('names the backend in use, with a measured reason', async () => {
    const { page } = app;
    const backend = await waitForBackend(page);
    expect(['webgpu', 'wasm', 'webgl', 'cpu']).toContain(backend);
    const reason = (await page.getByTestId('backend-reason').textContent()) ?? '';
    expect(reason).toMatch(/GFLOP\/s/);
    // This machine has no GPU: WebGPU comes from SwiftShader, which must not win.
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      const a = (await gpu?.requestAdapter()) as {
        info?: { isFallbackAdapter?: boolean; architecture?: string };
      } | null;
      return a ? { fallback: a.info?.isFallbackAdapter ?? false, arch: a.info?.architecture ?? '' } : null;
    });
    if (adapter && (adapter.fallback || adapter.arch === 'swiftshader')) {
      expect(backend).toBe('wasm');
      expect(reason).toMatch(/fallback/);
    }
    await keepView(page, 'shell', ['demo-button', 'backend-select', 'backend-name']);
    console.log(`[e2e] backend ${backend}: ${reason}`);
  });

  it('loads the wasm binaries from its own origin and nothing from elsewhere', async () => {
    const wasm = app.requests.filter((u) => u.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThan(0);
    for (const u of wasm) expect(new URL(u).origin).toBe(app.origin);
    const foreign = app.requests.filter((u) => !u.startsWith(app.origin) && !/^(data|blob):/.test(u));
    expect(foreign).toEqual([]);
  });

  it('opens the app for ?bench=map and ?preview=panels: the test pages are not in the product', async () => {
    const { page } = app;
    for (const query of ['?bench=map', '?preview=panels']) {
      await app.open(query);
      expect(await page.getByTestId('demo-button').isVisible()).toBe(true);
      expect(await page.getByTestId('scatter-map').count()).toBe(0);
      expect(await page.evaluate(() => 'assay' in globalThis || '__mapTest' in globalThis)).toBe(false);
    }
  });

  it('has no console or page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
