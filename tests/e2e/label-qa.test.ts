// Issue 14, in the page: a Label Studio export dropped in loads as one row per task with the
// consensus as its label; a bad export's problems show as one-line load warnings; the annotator
// view shows a person's agreement, κ, confusion heat map and disputed items (selected: on the map
// and as cards); the adjudicated labels download as CSV.
import fs from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLabelQaFixtures, type LabelQaFixtures } from '../unit/cli/label-qa-fixtures';
import { keepView, useApp } from './harness';

const BAD_SHAPES = resolve(process.cwd(), 'tests/fixtures/label-studio/bad-shapes.json');

async function roles(page: Page): Promise<Record<string, string>> {
  const editor = page.getByTestId('role-editor');
  await editor.waitFor({ timeout: 60_000 });
  return editor.evaluate((el) =>
    Object.fromEntries(
      Array.from(el.querySelectorAll('tbody tr')).flatMap((tr) => {
        const name = tr.querySelector('th label')?.textContent?.trim();
        const select = tr.querySelector('select');
        return name && select ? [[name, select.value]] : [];
      }),
    ),
  );
}

async function pendingNamed(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelector('.pending-name')?.textContent?.includes(n) ?? false,
    name,
    { timeout: 60_000 },
  );
}

describe('label QA in the page', () => {
  const app = useApp();
  let fx: LabelQaFixtures;
  beforeAll(() => {
    fx = writeLabelQaFixtures();
  });
  afterAll(() => fs.rmSync(fx.dir, { recursive: true, force: true }));

  it('a bad Label Studio export: one-line load warnings, no crash', async () => {
    const { page } = app();
    await page.getByTestId('file-input').setInputFiles(BAD_SHAPES);
    const warnings = page.getByTestId('load-warnings');
    await warnings.waitFor({ timeout: 60_000 });
    const lines = await warnings.locator('li').allTextContents();
    expect(lines.some((l) => /bad-shapes\.json: .*no result; skipped/.test(l))).toBe(true);
    for (const l of lines) expect(l).not.toMatch(/\n/);
    expect(await page.getByTestId('error-banner').count()).toBe(0);
  });

  it('a Label Studio CSV export loads: one row per task, the task id as the item', async () => {
    const { page } = app();
    await page.getByTestId('file-input').setInputFiles(fx.csv);
    await pendingNamed(page, 'project-1-export.csv');
    expect(await page.locator('.pending-name').textContent()).toContain('300 rows');
    expect(await roles(page)).toMatchObject({ id: 'item', label: 'label', text: 'text' });
  });

  it('a Label Studio JSON export scans; the annotator view shows the suspect annotator', async () => {
    const { page } = app();
    await page.getByTestId('file-input').setInputFiles(fx.json);
    await pendingNamed(page, 'project-1-export.json');
    expect(await roles(page)).toMatchObject({ id: 'item', label: 'label' });
    await page.getByTestId('role-editor').getByRole('button', { name: 'Scan' }).click();
    const view = page.getByTestId('annotator-view');
    await view.waitFor({ timeout: 300_000 });
    const pick = page.getByTestId('annotator-pick');
    // Worst first: the annotator who marks every spam as ham.
    expect(await pick.inputValue()).toBe('5');
    await pick.selectOption('4');
    await pick.selectOption('5');
    const stats = (await page.getByTestId('annotator-stats').textContent()) ?? '';
    expect(stats).toContain('suspect');
    expect(stats).toMatch(/consensus “spam” → they said “ham”/);
    expect(await page.getByTestId('annotator-confusion').locator('tbody tr').count()).toBe(2);
    await page.getByTestId('selection-cards').locator('article').first().waitFor({ timeout: 60_000 });
    await view.scrollIntoViewIfNeeded();
    await keepView(page, 'annotator-view', ['annotator-view', 'annotator-confusion', 'selection-cards'], {
      fullPage: true,
    });
    expect(app().errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('exports the adjudicated labels: item, consensus, final label after review', async () => {
    const { page } = app();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-adjudicated').click(),
    ]);
    const text = fs
      .readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(text[0]).toBe('item,majority,consensus,consensus_probability,review_status,final_label');
    expect(text).toHaveLength(301);
    const row = text[1].split(',');
    expect(row[4]).toBe('unreviewed');
    expect(row[5]).toBe(row[2]);
  });
});
