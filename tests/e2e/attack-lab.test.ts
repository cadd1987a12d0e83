// Red-team mode, dataset diff and backdoor confirmation in the page, with the real engine on small
// data: penguins (344 rows, a scan in seconds) for the diff and a flip attack, the demo for the
// confirmation of its poisoned cluster.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { keepView, useApp } from './harness';

const PENGUINS = resolve(process.cwd(), '../shared/datasets/penguins-flip/data.csv');

async function scanFile(page: Page, path: string, name: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(path);
  const editor = page.getByTestId('role-editor');
  await editor.waitFor({ timeout: 60_000 });
  await editor.getByRole('button', { name: 'Scan' }).click();
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=summary] h2')?.textContent === n,
    name,
    { timeout: 120_000 },
  );
}

describe('attack lab', () => {
  const app = useApp();
  const tmp = mkdtempSync(join(tmpdir(), 'assay-lab-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('diffs the dataset against a reference version: counts, class shifts, flagged changes, diff.csv', async () => {
    const { page } = app();
    await scanFile(page, PENGUINS, 'data.csv');
    // The reference: two rows fewer, two relabelled (so this dataset added 2 and relabelled 2).
    const parsed = Papa.parse<Record<string, string>>(readFileSync(PENGUINS, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    const rows = parsed.data;
    const classes = [...new Set(rows.map((r) => r.species))];
    const reference = rows.filter((_, i) => i !== 10 && i !== 20);
    const other = (s: string) => classes.find((c) => c !== s)!;
    reference[0] = { ...reference[0], species: other(reference[0].species) };
    reference[1] = { ...reference[1], species: other(reference[1].species) };
    const refPath = join(tmp, 'reference.csv');
    writeFileSync(refPath, Papa.unparse(reference, { columns: parsed.meta.fields }));

    await page.getByTestId('diff-input').setInputFiles(refPath);
    const result = page.getByTestId('diff-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('diff-added').textContent()).toBe('2');
    expect(await page.getByTestId('diff-removed').textContent()).toBe('0');
    expect(await page.getByTestId('diff-changed').textContent()).toBe('0');
    expect(await page.getByTestId('diff-relabelled').textContent()).toBe('2');
    expect(await result.textContent()).toContain('matched by id (id)');
    const shifts = await page.getByTestId('diff-classes').locator('tbody tr').count();
    expect(shifts).toBeGreaterThan(0);
    console.log(
      `[e2e] diff: ${shifts} class shifts, ${await page.getByTestId('diff-flagged').textContent()} changes flagged`,
    );

    const download = page.waitForEvent('download');
    await page.getByTestId('diff-export').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('data-diff.csv');
    const csv = readFileSync((await file.path())!, 'utf8');
    const lines = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;
    expect(lines.filter((l) => l.change === 'added').length).toBe(2);
    expect(lines.filter((l) => l.change === 'relabelled').length).toBe(2);

    // The audit report carries the diff, and why the backend was chosen (as the CLI's does).
    const audit = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Audit (JSON)' }).click();
    const auditJson = JSON.parse(readFileSync((await (await audit).path())!, 'utf8')) as {
      diff: { added: number; relabelled: number; removed: number } | null;
      findings: { id: string }[];
      backend: { name: string; reason?: string };
    };
    expect(auditJson.diff).toMatchObject({ added: 2, relabelled: 2, removed: 0 });
    expect(auditJson.backend.reason).toMatch(/\S/);
    expect(auditJson.findings.some((f) => f.id === 'diff')).toBe(true);
    const html = page.waitForEvent('download');
    await page.getByTestId('export-audit').click();
    expect(readFileSync((await (await html).path())!, 'utf8')).toContain(
      'Changes since the reference version reference.csv',
    );
    await page.getByTestId('diff-panel').scrollIntoViewIfNeeded();
  });

  it('red-teams the dataset with label flips and shows how much the scan found', async () => {
    const { page } = app();
    const panel = page.getByTestId('redteam-panel');
    await panel.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('redteam-kind').inputValue()).toBe('flip');
    const rowsBefore = await page.getByTestId('summary-rows').textContent();
    await page.getByTestId('redteam-rate').fill('10');
    const t0 = Date.now();
    await page.getByTestId('redteam-run').click();
    await page.waitForSelector('[data-testid=redteam-result], [data-testid=redteam-error]', {
      timeout: 180_000,
    });
    if ((await page.getByTestId('redteam-error').count()) > 0)
      throw new Error(`red-team failed: ${await page.getByTestId('redteam-error').textContent()}`);
    const auroc = Number(await page.getByTestId('redteam-auroc').textContent());
    const recall = await page.getByTestId('redteam-recall').textContent();
    const flags = await page.getByTestId('redteam-flags').textContent();
    console.log(
      `[e2e] red-team flip 10% on penguins: AUROC ${auroc}, recall@k ${recall}, flag P/R/F1 ${flags?.trim()} (${Date.now() - t0} ms)`,
    );
    expect(auroc).toBeGreaterThan(0.5);
    expect(await panel.textContent()).toContain('The original data is not modified');
    // The dataset under review is still the original.
    expect(await page.getByTestId('summary-rows').textContent()).toBe(rowsBefore);
    // The audit report records the run.
    const audit = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Audit (JSON)' }).click();
    const auditJson = JSON.parse(readFileSync((await (await audit).path())!, 'utf8')) as {
      redteam: { spec: { kind: string }; planted: number; auroc: number | null }[];
    };
    expect(auditJson.redteam.length).toBe(1);
    expect(auditJson.redteam[0].spec.kind).toBe('flip');
    expect(auditJson.redteam[0].planted).toBeGreaterThan(0);
    expect(auditJson.redteam[0].auroc).toBeCloseTo(auroc, 2);
  });

  it('tests the demo’s poisoned cluster as a backdoor: high attack success rate', async () => {
    const { page } = app();
    await app().open('?demo');
    await page.waitForSelector('[data-testid=summary], [data-testid=error-banner]', { timeout: 280_000 });
    await page.getByTestId('suspect-table').locator('tbody tr').first().click();
    const shared = page.getByTestId('selection-shared');
    await shared.waitFor({ timeout: 60_000 });
    const t0 = Date.now();
    await page.getByTestId('confirm-button').click();
    await page.waitForSelector('[data-testid=confirm-result], [data-testid=confirm-error]', {
      timeout: 240_000,
    });
    if ((await page.getByTestId('confirm-error').count()) > 0)
      throw new Error(`confirmation failed: ${await page.getByTestId('confirm-error').textContent()}`);
    const rate = Number(await page.getByTestId('confirm-rate').textContent());
    const verdict = await page.getByTestId('confirm-verdict').textContent();
    const result = (await page.getByTestId('confirm-result').textContent()) ?? '';
    console.log(`[e2e] backdoor confirmation on the demo: rate ${rate}, ${verdict} (${Date.now() - t0} ms)`);
    expect(rate).toBeGreaterThanOrEqual(0.5);
    expect(verdict).toBe('backdoor');
    expect(result).toContain('rows 24–26, cols 24–26');
    expect(await page.getByTestId('confirm-examples').locator('canvas').count()).toBeGreaterThan(0);
    await page.getByTestId('confirm-result').scrollIntoViewIfNeeded();
    await keepView(page, 'lab-confirm', ['confirm-result', 'confirm-examples', 'selection-shared']);
  });

  it('red-teams the demo with a BadNets patch (the default attack for images)', async () => {
    const { page } = app();
    await page.getByTestId('redteam-panel').scrollIntoViewIfNeeded();
    expect(await page.getByTestId('redteam-kind').inputValue()).toBe('patch');
    await page.getByTestId('redteam-rate').fill('2');
    const t0 = Date.now();
    await page.getByTestId('redteam-run').click();
    await page.waitForSelector('[data-testid=redteam-result], [data-testid=redteam-error]', {
      timeout: 240_000,
    });
    if ((await page.getByTestId('redteam-error').count()) > 0)
      throw new Error(`red-team failed: ${await page.getByTestId('redteam-error').textContent()}`);
    const auroc = Number(await page.getByTestId('redteam-auroc').textContent());
    console.log(
      `[e2e] red-team patch 2% on the demo: AUROC ${auroc}, recall@k ${await page.getByTestId('redteam-recall').textContent()}, flag P/R/F1 ${(await page.getByTestId('redteam-flags').textContent())?.trim()} (${Date.now() - t0} ms)`,
    );
    expect(auroc).toBeGreaterThan(0.9);
    await page.getByTestId('redteam-result').scrollIntoViewIfNeeded();
  });

  it('has no console or page errors', () => {
    expect(app().errors).toEqual([]);
  });
});
