// (c) A bad file gives a one-line error that names it, and the page stays usable; (d) the
// ML-world dataset layouts load when dropped as a folder.
import fs from 'node:fs';
import os from 'node:os';
import path, { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hfParquetShard,
  readRows,
  writeCsvFolder,
  writeHfParquet,
  writeHfSaved,
  writeWebDataset,
} from '../unit/data/layouts';
import { keepView, useApp } from './harness';

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

// Issue 19: datasets as the ML world ships them, each dropped as a folder (the folder picker
// gives the page the same relative paths a drop does).
describe('dataset layouts dropped as a folder', () => {
  const app = useApp();
  let root: string;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-e2e-layouts-'));
    const rows = readRows(path.join(process.cwd(), '../shared/datasets/fashion-badnets/data.arrow'), 300);
    writeHfParquet(path.join(root, 'hf-parquet'), rows, 2);
    fs.writeFileSync(
      path.join(root, 'hf-parquet/data/test-00000-of-00001.parquet'),
      hfParquetShard(rows, 0, 50),
    );
    writeHfSaved(path.join(root, 'hf-saved'), rows, 2);
    writeWebDataset(path.join(root, 'webdataset'), rows, 2);
    writeCsvFolder(path.join(root, 'csv-folder'), rows);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Role of each column as the role editor shows it. */
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

  async function open(page: Page, layout: string): Promise<void> {
    await page.getByTestId('folder-input').setInputFiles(path.join(root, layout));
  }

  it('HF Parquet shards: inferred roles, ClassLabel names, a split picker', async () => {
    const { page } = app();
    await open(page, 'hf-parquet');
    expect(await roles(page)).toMatchObject({ image: 'image', label: 'label', id: 'id' });
    const classes = (await page.getByTestId('class-names').textContent())?.trim();
    expect(classes).toContain('10 classes: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal');
    const picker = page.getByTestId('split-picker');
    expect(await picker.inputValue()).toBe('train');
    await keepView(page, 'layout-hf-parquet', ['split-picker', 'class-names'], { fullPage: true });
    await picker.selectOption('test');
    await page.waitForFunction(
      () => document.querySelector('.pending-name')?.textContent?.includes(': 50 rows') ?? false,
      null,
      { timeout: 60_000 },
    );
    expect(app().errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  for (const layout of ['hf-saved', 'webdataset', 'csv-folder']) {
    it(`${layout}: loads with image and label roles inferred`, async () => {
      const { page } = app();
      await open(page, layout);
      await page.waitForFunction(
        (name) => document.querySelector('.pending-name')?.textContent?.includes(`${name}/`) ?? false,
        layout,
        { timeout: 60_000 },
      );
      expect(await page.locator('.pending-name').textContent()).toContain('300 rows');
      expect(await roles(page)).toMatchObject({ image: 'image', label: 'label' });
      expect(await page.getByTestId('error-banner').count()).toBe(0);
    });
  }
});
