// A scan's downloads: each kind's bytes come from its core writer, named for the dataset; the
// audit is built only when an audit is asked for; a dataset without labels has nothing to clean.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sourceFromBytes } from '../../../src/core/data';
import { diffCsvFile, exportFile, type ExportSource } from '../../../src/core/export/export-file';
import { selectBackend } from '../../../src/core/model/backend';
import { loadAndInfer, scanLoaded } from '../../../src/core/pipeline';
import { scanAudit } from '../../../src/core/report/scan-audit';
import { scoresCsv } from '../../../src/core/report/scores';
import { REVIEW_STATUS } from '../../../src/core/review/journal';
import type { FlaggedDiff } from '../../../src/core/diff';

const enc = new TextEncoder();
const dec = new TextDecoder();

function csv(rows: number): string {
  const lines = ['id,x,label'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i % 2) * 5 + (i % 7) / 7},${i % 2 ? 'b' : 'a'}`);
  return lines.join('\n') + '\n';
}

let source: ExportSource;

beforeAll(async () => {
  await selectBackend({ force: 'cpu', measure: 'chosen' });
  const prepared = await loadAndInfer([sourceFromBytes('small.csv', enc.encode(csv(40)))]);
  const { dataset, result } = await scanLoaded(prepared, {
    seed: 1,
    folds: 2,
    k: 5,
    epochs: 2,
    roles: {},
    embeddingSource: 'probe',
  });
  source = {
    frame: prepared.loaded.frame,
    dataset,
    result,
    review: null,
    audit: () => scanAudit({ dataset, result, backendReason: 'cpu: asked for' }),
  };
});

describe('exportFile', () => {
  it('writes scores.csv, all rows or the selection', async () => {
    const all = await exportFile('scores', source);
    expect(all).toMatchObject({ name: 'small-scores.csv', mime: 'text/csv', notes: [] });
    expect(dec.decode(all.bytes)).toBe(scoresCsv(source.result));
    const some = await exportFile('scores', source, { rows: [3, 1] });
    expect(some.name).toBe('small-scores-selection.csv');
    expect(dec.decode(some.bytes)).toBe(scoresCsv(source.result, [3, 1]));
  });

  it('writes the cleaned dataset without a review as it is, dropping nothing', async () => {
    const file = await exportFile('cleaned-csv', source);
    expect(file.name).toBe('small-cleaned.csv');
    expect(dec.decode(file.bytes).trim().split('\n')).toHaveLength(41);
    const arrow = await exportFile('cleaned-arrow', source, { rows: [0] });
    expect(arrow).toMatchObject({
      name: 'small-cleaned-selection.arrow',
      mime: 'application/vnd.apache.arrow.file',
    });
  });

  it('applies the review: a quarantined row is dropped or marked', async () => {
    const status = new Uint8Array(40);
    status[0] = REVIEW_STATUS.quarantined;
    const review = { status, label: new Array<string | null>(40).fill(null) };
    const dropped = await exportFile('cleaned-csv', { ...source, review });
    const marked = await exportFile('cleaned-csv', { ...source, review }, { quarantined: 'mark' });
    expect(dec.decode(dropped.bytes).trim().split('\n').length).toBeLessThan(
      dec.decode(marked.bytes).trim().split('\n').length,
    );
  });

  it('builds the audit only for the audit exports', async () => {
    const audit = vi.fn(source.audit);
    const withSpy = { ...source, audit };
    const report = await exportFile('report', withSpy);
    expect(report.name).toBe('small-report.json');
    expect(JSON.parse(dec.decode(report.bytes)).input.name).toBe('small.csv');
    expect(audit).not.toHaveBeenCalled();
    const json = await exportFile('audit-json', withSpy);
    expect(json).toMatchObject({ name: 'small-audit.json', mime: 'application/json' });
    expect(JSON.parse(dec.decode(json.bytes)).backend.reason).toBe('cpu: asked for');
    const html = await exportFile('audit-html', withSpy);
    expect(html).toMatchObject({ name: 'small-audit.html', mime: 'text/html' });
    expect(dec.decode(html.bytes)).toMatch(/^<!doctype html>/i);
    expect(audit).toHaveBeenCalledTimes(2);
  });

  it('refuses to clean a dataset without a label column', async () => {
    const dataset = {
      ...source.dataset,
      columns: source.dataset.columns.map((c) => ({
        ...c,
        role: c.role === 'label' ? ('ignore' as const) : c.role,
      })),
    };
    await expect(exportFile('cleaned-csv', { ...source, dataset })).rejects.toThrow(/no label column/);
  });
});

describe('diffCsvFile', () => {
  it('names diff.csv for the candidate dataset', () => {
    const diff = {
      added: [],
      removed: [],
      changed: [],
      relabelled: [],
    } as unknown as FlaggedDiff;
    const file = diffCsvFile('new version.csv', diff);
    expect(file).toMatchObject({ name: 'new_version-diff.csv', mime: 'text/csv', notes: [] });
    expect(dec.decode(file.bytes).split('\n')[0]).toBe(
      'change,id,ref_row,cand_row,column,before,after,flagged,suspicion,reasons',
    );
  });
});
