// Download names come from the dataset's own name, made safe; a selection says so in the name of
// the exports that can be of a selection; each kind has its MIME type.
import { describe, expect, it } from 'vitest';
import { exportBaseName, exportNaming } from '../../../src/core/export/export-naming';

describe('exportBaseName', () => {
  it('drops the extension and replaces what a file name should not hold', () => {
    expect(exportBaseName('fashion.arrow')).toBe('fashion');
    expect(exportBaseName('my data (v2).csv')).toBe('my_data_v2_');
    expect(exportBaseName('images/ (+3 files)')).toBe('images_3_files_');
    expect(exportBaseName('archive.tar.gz')).toBe('archive.tar');
    expect(exportBaseName('.csv')).toBe('dataset');
    expect(exportBaseName('')).toBe('dataset');
  });
});

describe('exportNaming', () => {
  it('names every kind and gives its MIME type', () => {
    const all = (selection: boolean) =>
      (
        ['cleaned-csv', 'cleaned-arrow', 'scores', 'report', 'audit-json', 'audit-html', 'diff-csv'] as const
      ).map((kind) => exportNaming('spam.csv', kind, selection));
    expect(all(false)).toEqual([
      { name: 'spam-cleaned.csv', mime: 'text/csv' },
      { name: 'spam-cleaned.arrow', mime: 'application/vnd.apache.arrow.file' },
      { name: 'spam-scores.csv', mime: 'text/csv' },
      { name: 'spam-report.json', mime: 'application/json' },
      { name: 'spam-audit.json', mime: 'application/json' },
      { name: 'spam-audit.html', mime: 'text/html' },
      { name: 'spam-diff.csv', mime: 'text/csv' },
    ]);
    expect(all(true).map((f) => f.name)).toEqual([
      'spam-cleaned-selection.csv',
      'spam-cleaned-selection.arrow',
      'spam-scores-selection.csv',
      'spam-report.json',
      'spam-audit.json',
      'spam-audit.html',
      'spam-diff.csv',
    ]);
  });
});
