// (c) A bad file gives a one-line error that names it, and the page stays usable.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useApp } from './harness';

const EMPTY_CSV = resolve(process.cwd(), '../shared/datasets/bad-inputs/empty.csv');

describe('bad input', () => {
  const app = useApp();

  it('names the file and the problem in one line, without a stack trace', async () => {
    const { page } = app();
    await page.getByTestId('file-input').setInputFiles(EMPTY_CSV);
    const banner = page.getByTestId('error-banner');
    await banner.waitFor({ timeout: 60_000 });
    const text = ((await banner.locator('.text').textContent()) ?? '').trim();
    console.log(`[e2e] error banner: ${text}`);
    expect(text.startsWith('empty.csv: ')).toBe(true);
    expect(text).not.toMatch(/\n|\bat .*:\d+:\d+|not implemented/);
    expect(text.toLowerCase()).toMatch(/empty|no data|0 bytes|no rows|no samples/);
  });

  it('stays usable: the error dismisses and another file can be opened', async () => {
    const { page } = app();
    await page.getByTestId('error-banner').getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    expect(await page.getByTestId('demo-button').isEnabled()).toBe(true);
    await page.getByTestId('file-input').setInputFiles(EMPTY_CSV);
    await page.getByTestId('error-banner').waitFor({ timeout: 60_000 });
    expect(app().errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });
});
