// Governance in the page (issue 15): the rule editor counts rules live in the worker (a bad or
// hostile rule is one line, and the tab stays responsive), a scan with the rules names the rule in
// a contradicted row's reason, the score histograms carry ATLAS chips, and the manifest check
// lists the source vetting findings with theirs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepView, useApp } from './harness';

const PENGUINS = path.resolve('../shared/datasets/penguins-flip/data.csv');

describe('governance: rules, ATLAS tags and source vetting in the page', () => {
  const app = useApp();

  it('scans penguins-flip', async () => {
    const { page } = app();
    await page.getByTestId('file-input').setInputFiles(PENGUINS);
    await page.getByTestId('role-editor').waitFor({ timeout: 60_000 });
    await page.getByTestId('role-editor').getByRole('button', { name: 'Scan' }).click();
    await page.getByTestId('summary').waitFor({ timeout: 120_000 });
    // The loader's warnings (four columns with empty cells) are listed once each.
    const warnings = await page.getByTestId('summary').locator('.warnings li').allTextContents();
    expect(warnings.filter((w) => /cells treated as missing/.test(w)).length).toBe(4);
    expect(new Set(warnings).size).toBe(warnings.length);
    // Closed until asked for (it would push the map down); a scan with rules opens it.
    const open = () => page.getByTestId('rule-editor').evaluate((e) => (e as HTMLDetailsElement).open);
    expect(await open()).toBe(false);
    expect(await page.getByTestId('rules-text').evaluate((e) => e.checkVisibility())).toBe(false);
    await page.getByTestId('rule-editor').getByText('Rule checks').click();
    expect(await open()).toBe(true);
  }, 180_000);

  it('a rule about a missing column is one line naming the rule, the character and the column', async () => {
    const { page } = app();
    await page.getByTestId('rules-text').fill('when beak > 3 then Adelie');
    await page.getByTestId('rules-error').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('rules-error').textContent()).toMatch(
      /^rule editor: rule "rule 1", char 6: no column "beak" in the data/,
    );
    expect(await page.getByTestId('rules-scan').isDisabled()).toBe(true);
  });

  it('a hostile rule is refused within a second and the tab stays responsive', async () => {
    const { page } = app();
    const t0 = Date.now();
    await page.getByTestId('rules-text').fill('evil: when species matches /(a+)+$/ then Adelie');
    await page.waitForFunction(
      () => /evil/.test(document.querySelector('[data-testid=rules-error]')?.textContent ?? ''),
      null,
      { timeout: 5_000 },
    );
    // 250 ms of typing debounce, then the worker's answer.
    expect(Date.now() - t0).toBeLessThan(1_500);
    expect(await page.getByTestId('rules-error').textContent()).toMatch(/catastrophic backtracking/);
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
  });

  it('live counts per rule, then a scan with the rules names the rule in a contradicted row', async () => {
    const { page } = app();
    await page
      .getByTestId('rules-text')
      .fill(
        'long-bill: when bill_length_mm > 44 then not Adelie\n' +
          'gentoo-flippers: when flipper_length_mm >= 210 and bill_depth_mm < 16 then Gentoo\n' +
          'torgersen: when island == "Torgersen" then Adelie',
      );
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=rules-table] tbody tr').length === 3,
      null,
      { timeout: 10_000 },
    );
    const rows = await page.getByTestId('rules-table').locator('tbody tr').allTextContents();
    expect(rows[0]).toMatch(/^long-bill/);
    expect(await page.getByTestId('rules-status').textContent()).toMatch(/3 rules: \d+ rows contradicted/);
    await keepView(page, 'rule-editor', ['rule-editor', 'rules-table']);

    await page.getByTestId('rules-scan').click();
    await page.waitForFunction(
      () =>
        (document.querySelector('[data-testid=suspect-table]')?.textContent ?? '').includes('"long-bill"'),
      null,
      { timeout: 120_000 },
    );
    const table = (await page.getByTestId('suspect-table').textContent()) ?? '';
    expect(table).toMatch(/rule"long-bill" expects not "Adelie", label is "Adelie"/);
    // The editor keeps the rules the scan checked.
    expect(await page.getByTestId('rules-text').inputValue()).toContain('long-bill');
  }, 180_000);

  it('score histograms carry ATLAS chips with the technique name in the title', async () => {
    const { page } = app();
    const chip = page.getByTestId('score-histograms').getByTestId('atlas-chip').first();
    await chip.waitFor({ timeout: 30_000 });
    expect(await chip.textContent()).toBe('AML.T0020');
    expect(await chip.getAttribute('title')).toBe('MITRE ATLAS AML.T0020: Poison Training Data');
  });

  it('the manifest check lists the source vetting findings with their ATLAS tags', async () => {
    const { page } = app();
    const sha256 = createHash('sha256').update(readFileSync(PENGUINS)).digest('hex');
    const manifest = {
      format: 'assay-manifest',
      version: 1,
      created: '2026-02-01T00:00:00Z',
      files: [
        {
          path: 'data.csv',
          sha256,
          origin: 'https://example.org/penguins/data.csv',
          licence: 'CC0-1.0',
          retrieved: '2026-03-01',
          vettedBy: 'alice',
          vetted: '2026-02-01',
        },
      ],
    };
    await page.getByTestId('manifest-input').setInputFiles({
      name: 'penguins.manifest.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(manifest)),
    });
    await page.getByTestId('manifest-vetting').waitFor({ timeout: 10_000 });
    const results = (await page.getByTestId('manifest-results').textContent()) ?? '';
    expect(results).toContain('https://example.org/penguins/data.csv');
    expect(results).toContain('CC0-1.0');
    const vetting = (await page.getByTestId('manifest-vetting').textContent()) ?? '';
    expect(vetting).toMatch(/retrieved-after-vetting\s+data\.csv: retrieved 2026-03-01, after it was vetted/);
    const chips = await page.getByTestId('manifest-vetting').getByTestId('atlas-chip').allTextContents();
    expect(chips).toEqual(['AML.T0010.002', 'AML.T0020']);
    await page.getByTestId('manifest-vetting').scrollIntoViewIfNeeded();
    await keepView(page, 'manifest-vetting', ['manifest-results', 'manifest-vetting', 'rule-editor']);
  });
});
