// Offline: after one visit the service worker has cached the app, so with the network gone the
// page reloads, the engine starts (worker and wasm from the cache) and the demo dataset loads.
import { describe, expect, it } from 'vitest';
import { useApp, waitForBackend } from './harness';

describe('offline', () => {
  const app = useApp();

  it('reloads and runs with no network once the app has been opened', async () => {
    const { page, context } = app();
    // The service worker has installed (precached every file) and controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });

    await context.setOffline(true);
    try {
      await page.reload();
      await page.getByRole('heading', { name: 'Assay' }).waitFor({ timeout: 30_000 });
      expect(await waitForBackend(page)).toMatch(/wasm|webgl|cpu|webgpu/);
      await page.getByTestId('demo-button').click();
      // Past fetching: the dataset came from the cache and the engine is working on it.
      await page.waitForFunction(
        () => {
          const stage = document.querySelector('[data-testid=progress-stage]')?.textContent ?? '';
          return /^(Load|Features|Probe|Train)/i.test(stage.trim());
        },
        null,
        { timeout: 60_000 },
      );
      expect(await page.getByTestId('error-banner').count()).toBe(0);
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByTestId('notice-banner').waitFor({ timeout: 15_000 });
    } finally {
      await context.setOffline(false);
    }
  });
});
