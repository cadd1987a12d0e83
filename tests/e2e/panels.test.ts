// The inspection panels (role editor, class and annotator tables, score histograms, trigger
// heatmap), opened through their preview page (?preview=panels) with made-up data. Checks that the
// tables render their rows, the role editor calls back with the RoleOverrides the engine takes,
// the histograms draw bars, and the heatmap names the window core's brightestWindow finds.
// The whole preview is kept as test-results/screenshots/assay-panels.png.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brightestWindow } from '../../src/core/trigger/trigger-diff';
import type { RoleOverrides } from '../../src/core/types';
import { keepView, startApp, type App } from './harness';

interface PanelsHooks {
  scans: { editor: string; overrides: RoleOverrides }[];
  cancels: number;
  classes: string[];
  annotators: string[];
  diff: number[];
  h: number;
  w: number;
  patch: { row: number; col: number; size: number };
}

const hooks = (page: Page): Promise<PanelsHooks> =>
  page.evaluate(() =>
    JSON.parse(JSON.stringify((globalThis as unknown as { __panels: PanelsHooks }).__panels)),
  );

/** Bars drawn by the histograms' series paths (one rectangle, one `M`, per bar), over all matches. */
async function drawnBars(paths: Locator): Promise<number> {
  const ds = await paths.evaluateAll((els) => els.map((e) => e.getAttribute('d') ?? ''));
  return ds.reduce((sum, d) => sum + (d.match(/M/g) ?? []).length, 0);
}

describe('the inspection panels', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ build: 'test', viewport: { width: 1400, height: 1000 } });
    await app.page.goto(`${app.url}?preview=panels`);
    await app.page.getByRole('heading', { name: 'Assay panels preview' }).waitFor();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('shows the whole preview', async () => {
    await keepView(
      app.page,
      'panels',
      ['roles-images', 'class-table', 'annotator-table', 'score-histograms', 'trigger-heatmap'],
      { fullPage: true },
    );
  });

  it('lists every class, most flagged first, with verdict chips and sorting', async () => {
    const { page } = app;
    const table = page.getByTestId('class-table');
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(10);
    expect(await rows.first().locator('th').textContent()).toContain('T-shirt/top');
    // Spectral and activation clustering both call T-shirt/top suspect; spectral also Shirt.
    expect(await table.locator('.chip.suspect').count()).toBe(3);
    expect(await table.locator('.chip.clean').count()).toBeGreaterThan(10);
    expect(await table.locator('.chip.undecided').count()).toBe(1);
    const header = table.getByRole('columnheader', { name: /^Flagged/ });
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    await header.getByRole('button').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    expect(await rows.last().locator('th').textContent()).toContain('T-shirt/top');
    await header.getByRole('button').click();

    await table.getByRole('button', { name: 'T-shirt/top' }).click();
    expect((await hooks(page)).classes).toEqual(['T-shirt/top']);
    // The selection reaches the histograms as outlined bars.
    expect(
      await drawnBars(page.locator('[data-testid="score-histogram"] path.bar-selected')),
    ).toBeGreaterThan(5);
    await table.getByRole('button', { name: 'T-shirt/top' }).click();
    expect(await drawnBars(page.locator('[data-testid="score-histogram"] path.bar-selected'))).toBe(0);
  });

  it('ranks the annotators with their disagreement bars, and says when there are none', async () => {
    const { page } = app;
    const table = page.getByTestId('annotator-table').first();
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await rows.first().textContent()).toMatch(/^\s*1\s*a3\s*suspect/);
    expect(await table.locator('.chip').count()).toBe(1);
    expect(await table.locator('.fill').count()).toBe(8);
    await table.getByRole('button', { name: 'a3' }).click();
    expect((await hooks(page)).annotators).toEqual(['a3']);
    await table.getByRole('button', { name: 'a3' }).click();

    const empty = page.getByTestId('annotators-empty');
    expect(await empty.locator('table').count()).toBe(0);
    expect(await empty.textContent()).toContain('No annotator column');
  });

  it('calls back with the inferred roles as RoleOverrides, and with the user’s changes', async () => {
    const { page } = app;
    const editor = page.getByTestId('roles-images');
    // 13 columns: the 4 important ones show, the 9 plain ones fold away.
    expect(await editor.locator('tbody select').count()).toBe(4);
    expect(await editor.getByTestId('role-warning').count()).toBe(0);
    await editor.getByRole('button', { name: 'Scan' }).click();
    let h = await hooks(page);
    expect(h.scans).toEqual([
      {
        editor: 'images',
        overrides: {
          image: 'image',
          label: 'label',
          id: 'sample_id',
          annotator: 'annotator',
          ignore: ['file_path', 'label_2'],
        },
      },
    ]);

    await editor.getByRole('button', { name: 'Show 9 more columns' }).click();
    expect(await editor.locator('tbody select').count()).toBe(13);
    // Labelled by the column name.
    await editor.getByLabel('source', { exact: true }).selectOption('label');
    expect(await editor.getByLabel('label', { exact: true }).inputValue()).toBe('categorical');
    await editor.getByLabel('file_path').selectOption('text');
    await editor.getByRole('button', { name: 'Scan' }).click();
    h = await hooks(page);
    expect(h.scans.at(-1)).toEqual({
      editor: 'images',
      overrides: {
        image: 'image',
        label: 'source',
        id: 'sample_id',
        annotator: 'annotator',
        text: ['file_path'],
        ignore: ['label_2'],
      },
    });

    // Taking the label away warns but still scans.
    await editor.getByLabel('source', { exact: true }).selectOption('ignore');
    await editor.getByTestId('role-warning').waitFor();
    expect(await editor.getByTestId('role-warning').textContent()).toContain('label checks');
    await editor.getByRole('button', { name: /^Reset 3 changes$/ }).click();
    expect(await editor.getByTestId('role-warning').count()).toBe(0);
    await editor.getByRole('button', { name: 'Cancel' }).click();
    h = await hooks(page);
    expect(h.cancels).toBe(1);
    expect(h.scans).toHaveLength(2);

    // The review dataset has no label column: warned from the start; choosing one clears it.
    const reviews = page.getByTestId('roles-reviews');
    expect(await reviews.locator('tbody select').count()).toBe(5);
    await reviews.getByTestId('role-warning').waitFor();
    await reviews.getByLabel('product').selectOption('label');
    expect(await reviews.getByTestId('role-warning').count()).toBe(0);
    await reviews.getByRole('button', { name: 'Scan' }).click();
    expect((await hooks(page)).scans.at(-1)).toEqual({
      editor: 'reviews',
      overrides: { id: 'review_id', label: 'product', text: ['review'] },
    });
  });

  it('draws a histogram per score with the flagged samples', async () => {
    const { page } = app;
    const histograms = page.getByTestId('score-histogram');
    expect(await histograms.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      const h = histograms.nth(i);
      expect(await drawnBars(h.locator('path.bar'))).toBeGreaterThan(8);
      expect(await drawnBars(h.locator('path.bar-flagged'))).toBeGreaterThan(0);
      const box = await h.locator('svg').boundingBox();
      expect(box!.width).toBeGreaterThan(200);
    }
    // Suspicion: 0..1; the flagged are all ≥ 0.5.
    const first = histograms.first();
    expect(await first.textContent()).toMatch(/Suspicion[\s\S]*flagged/);
    expect(await histograms.nth(4).textContent()).toContain('3 missing');
    // The tallest bar (the bars' path stands on the axis, so its box is that bar's height).
    const tallest = await first.locator('path.bar').evaluate((e) => (e as SVGPathElement).getBBox().height);
    expect(tallest).toBeGreaterThan(40);
    // Hovering a bar reads out its range and counts (suspicion: 40 bins over 0..1).
    const pointer = first.getByTestId('histogram-pointer');
    await pointer.scrollIntoViewIfNeeded();
    const area = (await pointer.boundingBox())!;
    await page.mouse.move(area.x + area.width * 0.01, area.y + area.height / 2);
    expect(await first.locator('.readout').textContent()).toMatch(
      /^\s*0 to 0\.025: [\d,]+ samples, \d+ flagged\s*$/,
    );
    expect(await first.locator('rect.hover').count()).toBe(1);
    await page.mouse.move(area.x + area.width * 0.99, area.y + area.height / 2);
    expect(await first.locator('.readout').textContent()).toMatch(/^\s*0\.975 to 1: /);
    await page.mouse.move(area.x - 40, area.y - 40);
    expect(await first.locator('.readout').count()).toBe(0);
    await page.getByLabel('Log scale').check();
    await page.getByLabel('Log scale').uncheck();
  });

  it('shows the planted trigger where brightestWindow finds it', async () => {
    const { page } = app;
    const h = await hooks(page);
    const hot = brightestWindow(Float32Array.from(h.diff), h.h, h.w);
    expect(hot).toMatchObject(h.patch);
    const text = (await page.getByTestId('trigger-explain').textContent())!.replace(/\s+/g, ' ');
    const last = (v: number) => v + hot.size - 1;
    expect(text).toContain(
      `brightest ${hot.size}×${hot.size} area is at rows ${hot.row}–${last(hot.row)}, cols ${hot.col}–${last(hot.col)}`,
    );
    expect(text).toMatch(/, 0\.9\d brighter than the rest of the class\.$/);
    expect(text).not.toContain('no patch stands out');
    // The patch is drawn red (brighter in the flagged); a background corner stays near white.
    const pixel = await page.getByTestId('trigger-diff').evaluate((el, p) => {
      const ctx = (el as HTMLCanvasElement).getContext('2d')!;
      return {
        patch: [...ctx.getImageData(p.col + 1, p.row + 1, 1, 1).data],
        corner: [...ctx.getImageData(0, 27, 1, 1).data],
      };
    }, h.patch);
    // RdBu's far red end is a dark maroon, rgb(103, 0, 31).
    expect(pixel.patch[0]).toBeGreaterThan(pixel.patch[1] + 60);
    expect(pixel.patch[0]).toBeGreaterThan(pixel.patch[2] + 50);
    expect(Math.min(...pixel.corner.slice(0, 3))).toBeGreaterThan(200);
  });

  it('has no console or page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
