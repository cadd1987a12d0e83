// The page against a stand-in pipeline (tests/e2e/fake/pipeline.ts: the real data loader, then slow
// cancellable fake model stages): progress with ETA, cancel through the worker, the one-line error
// for a bad file, and the results view with thumbnails read back from the worker. Independent of
// the engine's progress, so the shell is tested end to end even while the engine is being built.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWithFakePipeline, keepView, startApp, waitForBackend, watchFor, type App } from './harness';

const BAD_INPUTS = resolve(process.cwd(), '../shared/datasets/bad-inputs');
const EMPTY_CSV = resolve(BAD_INPUTS, 'empty.csv');

describe('UI contract (fake pipeline)', () => {
  let app: App;
  let dist = '';
  beforeAll(async () => {
    dist = buildWithFakePipeline();
    app = await startApp({ dist });
    await app.open();
    await waitForBackend(app.page);
  });
  afterAll(async () => {
    await app?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('shows progress with stage, percentage and ETA, then the summary and the top 50 with thumbnails', async () => {
    const { page } = app;
    const sawEta = await watchFor(page, '[data-testid=progress-eta]');
    await page.getByTestId('demo-button').click();
    await page.waitForFunction(
      () => /left|almost done/.test(document.querySelector('[data-testid=progress-eta]')?.textContent ?? ''),
      null,
      { timeout: 30_000 },
    );
    expect(await sawEta()).toBe(true);
    expect(await page.getByTestId('progress-percent').textContent()).toMatch(/^\d+%$/);
    await page.getByTestId('summary').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('summary-rows').textContent()).toBe('3,000');
    // The table's first rows mount with it, the rest a turn later (SuspectTable.svelte).
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=suspect-table] tbody tr').length >= 50,
    );
    const rows = page.getByTestId('suspect-table').locator('tbody tr');
    expect(await rows.count()).toBe(50);
    await page.waitForFunction(
      () => {
        const img = document.querySelector<HTMLImageElement>('[data-testid=suspect-table] tbody tr img');
        return img !== null && img.complete && img.naturalWidth === 28;
      },
      null,
      { timeout: 30_000 },
    );
  });

  it('Cancel stops a running scan in the worker and the page stays usable', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'reopen the demo' }).click();
    await page.waitForFunction(
      () =>
        /^(Features|Probe|Knn|Detectors)/.test(
          document.querySelector('[data-testid=progress-stage]')?.textContent?.trim() ?? '',
        ),
      null,
      { timeout: 30_000 },
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('notice-banner').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('notice-banner').textContent()).toContain('Scan cancelled.');
    expect(await page.getByTestId('progress').count()).toBe(0);
    expect(await page.getByTestId('demo-button').isEnabled()).toBe(true);
    // The result of the previous scan is still there: a cancel takes nothing away.
    expect(await page.getByTestId('summary-rows').textContent()).toBe('3,000');
  });

  it('a bad file gives one line naming the file, and the page stays usable', async () => {
    const { page } = app;
    await page.getByTestId('file-input').setInputFiles(EMPTY_CSV);
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 30_000 });
    const text = ((await banner.locator('.text').textContent()) ?? '').trim();
    console.log(`[e2e] error banner (real loader): ${text}`);
    expect(text.startsWith('empty.csv: ')).toBe(true);
    expect(text).not.toMatch(/\n|\bat .*:\d+:\d+/);
    expect(await page.getByTestId('demo-button').isEnabled()).toBe(true);
    // A bad file does not take away the dataset being reviewed.
    expect(await page.getByTestId('summary-rows').textContent()).toBe('3,000');
  });

  it('takes a file dropped anywhere on the page and shows hostile strings as inert text', async () => {
    const { page } = app;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const csv = readFileSync(resolve(BAD_INPUTS, 'formula-injection.csv'), 'utf8');
    await page.evaluate((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'formula-injection.csv', { type: 'text/csv' }));
      const target = document.querySelector('main') ?? document.body;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    }, csv);
    // Loaded, roles inferred: the role editor waits for Scan.
    const editor = page.getByTestId('role-editor');
    await editor.waitFor({ timeout: 60_000 });
    expect(await editor.textContent()).toContain('label');
    await editor.getByRole('button', { name: 'Scan' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=summary] h2')?.textContent === 'formula-injection.csv',
      null,
      { timeout: 60_000 },
    );
    expect(await page.getByTestId('summary-rows').textContent()).toBe('7');
    // Nothing from the file became markup.
    expect(await page.locator('img[src="x"], main script, [data-testid=suspect-table] b').count()).toBe(0);
    const tableText = (await page.getByTestId('suspect-table').textContent()) ?? '';
    expect(tableText).toContain('spam');
    if (tableText.includes('onerror')) expect(tableText).toContain('<img src=x onerror=alert(1)>');
    expect(dialogs).toEqual([]);
    await keepView(page, 'hostile', ['summary', 'suspect-table']);
  });

  it('checks the files against a manifest: verified, and a swapped file is called modified', async () => {
    const { page } = app;
    const csv = readFileSync(resolve(BAD_INPUTS, 'formula-injection.csv'));
    const good = `${createHash('sha256').update(csv).digest('hex')}  formula-injection.csv\n`;
    const bad = `${'0'.repeat(64)}  formula-injection.csv\n`;
    const input = page.getByTestId('manifest-input');
    await input.setInputFiles({ name: 'vetted.sha256', mimeType: 'text/plain', buffer: Buffer.from(good) });
    await page.getByTestId('manifest-results').waitFor();
    expect(await page.getByTestId('manifest-results').textContent()).toContain(
      'Every file matches vetted.sha256',
    );
    await input.setInputFiles({ name: 'old.sha256', mimeType: 'text/plain', buffer: Buffer.from(bad) });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=manifest-results]')?.textContent?.includes('MODIFIED'),
    );
    expect(await page.getByTestId('manifest-results').textContent()).toContain('1 file not as vetted');
  });

  it('every bad-inputs file: one line naming it, or it loads; the dataset under review stays', async () => {
    const { page } = app;
    const before = await page.getByTestId('summary').locator('h2').textContent();
    const outcomes: string[] = [];
    for (const name of readdirSync(BAD_INPUTS)
      .filter((f) => f !== 'README.md')
      .sort()) {
      await page.getByTestId('file-input').setInputFiles(resolve(BAD_INPUTS, name));
      const banner = page.getByTestId('error-banner');
      const editor = page.getByTestId('role-editor');
      await page.waitForFunction(
        () => document.querySelector('[data-testid=error-banner], [data-testid=role-editor]') !== null,
        null,
        { timeout: 30_000 },
      );
      if ((await banner.count()) > 0) {
        const text = ((await banner.locator('.text').textContent()) ?? '').trim();
        expect(text.startsWith(`${name}: `), text).toBe(true);
        expect(text).not.toMatch(/\n|\bat .*:\d+:\d+/);
        outcomes.push(`${name}: error "${text.slice(name.length + 2)}"`);
        await banner.getByRole('button', { name: 'Dismiss' }).click();
      } else {
        outcomes.push(`${name}: loads (${(await editor.locator('tbody tr').count()) || 'no'} column rows)`);
        await editor.getByRole('button', { name: 'Cancel' }).click();
      }
      // The page is usable and still shows the dataset that was being reviewed.
      expect(await page.getByTestId('summary').locator('h2').textContent()).toBe(before);
      expect(await page.getByTestId('demo-button').isEnabled()).toBe(true);
    }
    console.log(`[e2e] bad inputs in the page:\n  ${outcomes.join('\n  ')}`);
    expect(outcomes.length).toBe(16);
  });

  it('has no console or page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
