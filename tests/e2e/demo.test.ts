// (d) The demo button starts a scan that shows progress; a full scan ends in a summary and a table.
// Runs on the product build (dist/). An error banner is a failure wherever it shows up.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { keepView, useApp, waitForBackend, watchFor } from './harness';

/** Fails with the banner's text when the page shows an error banner. */
async function expectNoErrorBanner(page: Page, when: string): Promise<void> {
  const error = page.getByTestId('error-banner');
  if ((await error.count()) > 0) {
    throw new Error(`${when}: error banner "${((await error.locator('.text').textContent()) ?? '').trim()}"`);
  }
}

describe('demo dataset', () => {
  const app = useApp();

  it('the demo button starts a scan and shows progress', async () => {
    const { page } = app();
    const sawProgress = await watchFor(page, '[data-testid=progress] [data-testid=progress-percent]');
    await page.getByTestId('demo-button').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=progress], [data-testid=summary], [data-testid=error-banner]'),
      null,
      { timeout: 30_000 },
    );
    await expectNoErrorBanner(page, 'after the demo button');
    expect(await sawProgress()).toBe(true);
    expect(app().requests.some((u) => u.endsWith('/demo/fashion-badnets-demo.arrow'))).toBe(true);
    if ((await page.getByTestId('progress').count()) > 0) {
      expect(await page.getByTestId('progress-stage').textContent()).toBeTruthy();
      expect(await page.getByTestId('progress-percent').textContent()).toMatch(/\d+%/);
      expect(await page.getByRole('button', { name: 'Cancel' }).isVisible()).toBe(true);
    }
  });

  it('finishes with a summary and the top suspicious samples', async () => {
    const { page } = app();
    await page.waitForSelector('[data-testid=summary], [data-testid=error-banner]', { timeout: 280_000 });
    await expectNoErrorBanner(page, 'the scan ended');
    expect(await page.getByTestId('summary-rows').textContent()).toBe('3,000');
    // The table's first rows mount with it, the rest a turn later (SuspectTable.svelte).
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=suspect-table] tbody tr').length >= 50,
    );
    const rows = page.getByTestId('suspect-table').locator('tbody tr');
    expect(await rows.count()).toBe(50);
    // Thumbnails come from the worker's copy of the dataset (getSamples) after the table.
    await page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid=suspect-table] tbody tr img');
        return img !== null && img.complete && img.naturalWidth > 0;
      },
      null,
      { timeout: 30_000 },
    );
    const flagged = await page.getByTestId('summary-flagged').textContent();
    const ambiguous = await page.getByTestId('summary-ambiguous').textContent();
    console.log(`[e2e] demo scan: flagged ${flagged?.trim()}; ambiguous ${ambiguous?.trim()}`);
    // Issue 13: the flags are the 151 planted images and few else (CLI, seed 1: 177 flagged, 151
    // planted, 242 ambiguous); the natural confusions sit in a collapsed section of their own.
    const flaggedCount = Number(flagged!.trim().split(' ')[0].replace(/,/g, ''));
    expect(flaggedCount).toBeGreaterThanOrEqual(151);
    expect(flaggedCount).toBeLessThanOrEqual(200);
    const section = page.getByTestId('ambiguous-section');
    expect(await section.count()).toBe(1);
    expect(await section.getAttribute('open')).toBeNull();
    expect(await section.locator('summary').textContent()).toMatch(/^Ambiguous samples \(\d+\)$/);
    // Its table mounts when opened (a closed section costs the results page nothing).
    expect(await page.getByTestId('ambiguous-table').count()).toBe(0);
    await section.locator('summary').click();
    await page.getByTestId('ambiguous-table').locator('tbody tr').first().waitFor();
    await section.locator('summary').click();
    await keepView(page, 'results', ['summary', 'summary-flagged', 'suspect-table']);
    // A whole scan of the product build asked nothing of any other origin.
    const origin = new URL(app().url).origin;
    expect(app().requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u))).toEqual([]);
  });

  it('?demo opens the demo automatically', async () => {
    const { page } = app();
    await app().open('?demo');
    await page.waitForSelector('[data-testid=progress], [data-testid=summary], [data-testid=error-banner]', {
      timeout: 60_000,
    });
    await expectNoErrorBanner(page, '?demo');
    expect(await page.locator('[data-testid=progress], [data-testid=summary]').count()).toBeGreaterThan(0);
  });

  it('Cancel stops a running scan in the worker and the page stays usable', async () => {
    const { page } = app();
    await app().open();
    await waitForBackend(page);
    await page.getByTestId('demo-button').click();
    // Wait until the scan is in the engine (past fetching the file), then cancel it.
    await page.waitForFunction(
      () => {
        const stage = document.querySelector('[data-testid=progress-stage]')?.textContent?.trim() ?? '';
        return (
          (stage !== '' && !stage.startsWith('Fetching')) ||
          document.querySelector('[data-testid=error-banner]')
        );
      },
      null,
      { timeout: 60_000 },
    );
    await expectNoErrorBanner(page, 'before Cancel');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('notice-banner').waitFor({ timeout: 15_000 });
    const notice = ((await page.getByTestId('notice-banner').textContent()) ?? '').trim();
    console.log(`[e2e] cancel: ${notice}`);
    expect(notice.toLowerCase()).toContain('cancelled');
    expect(await page.getByTestId('progress').count()).toBe(0);
    expect(await page.getByTestId('demo-button').isEnabled()).toBe(true);
  });
});
